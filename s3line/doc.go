// Package s3line decodes space-delimited bucket access-log lines into
// [parse.Record]: the AWS S3 server access log layout ("s3"), also written by
// OVHcloud, Ceph and other S3-compatible stores, and the Alibaba Cloud OSS
// layout ("oss"), and Huawei OBS's and Tencent COS's layouts. One tokenizer
// serves them all.
//
// # Layouts
//
// An s3 line has 17 to 27 known fields, in this order: Bucket Owner, Bucket,
// Time, Remote IP, Requester, Request ID, Operation, Key, Request-URI, HTTP
// status, Error Code, Bytes Sent, Object Size, Total Time, Turn-Around Time,
// Referer, User-Agent, then optionally Version Id, Host Id, Signature Version,
// Cipher Suite, Authentication Type, Host Header, TLS version, Access Point
// ARN, aclRequired and Source Region. Fields the provider appends later are
// kept in Record.Extra.
//
//	1542319462669586:user-5hwhM25pPT6f my-bucket [10/Jan/2023:15:06:47 +0000] 109.190.254.61 1542319462669586:user-5hwhM25pPT6f txd467757a5fac478b9132e-0063bd7f07 REST.GET.LOGGING_STATUS - "GET /?logging HTTP/1.0" 200 - 254 - 11 9 "-" "aws-cli/1.24.10" - - SigV4 - AuthHeader my-bucket.s3.training.perf.cloud.ovh.net - -
//
// An oss line has 25 to 29 known fields: RemoteIP, two reserved "-", Time,
// RequestURL, HTTPStatus, SentBytes, RequestTime, Referer, UserAgent,
// HostName, RequestID, LoggingFlag, RequesterAliyunID, Operation, BucketName,
// ObjectName, ObjectSize, ServerCostTime, ErrorCode, RequestLength, UserID,
// DeltaDataSize, SyncRequest, StorageClass, then optionally
// TargetStorageClass, TransmissionAccelerationAccessPoint, AccessKeyID and
// BucketARN.
//
// # Quirks survived
//
// Quoted fields are not escaped by the providers, so a raw '"' can stand
// inside a request line, a Referer or a User-Agent. A quoted field ends at a
// '"' followed by a space or the end of the line after which the line still
// has the expected shape (an HTTP status after the request line, a quoted
// field after the Referer, the unquoted tail after an s3 User-Agent). Also
// handled: a bare "-" for a quoted field, status "-" (lifecycle records),
// requesters holding spaces (CloudFront origin access identities), four-part
// operations, UUID request IDs, host headers with ports, any time-zone
// offset, IPv6 addresses and Ceph's tenant:bucket names. The request line is
// split into method, request_path, request_args and protocol.
//
// # Use
//
// [Parser.Parse] decodes one line in place and allocates nothing; [Records]
// and [Reader.All] stream records from an io.Reader (gzip and zstd input is
// decompressed transparently). [Detect] tells the layout from a stream's
// first line. [AppendLine] writes a record back out as a line.
//
// # Performance
//
// Plain lines, the rule in real logs, take a fast path: one scan finds the
// line's tokens (on amd64 from masks of its spaces, quotes and brackets that
// SSE2 or AVX2 computes 16 or 32 bytes an instruction; elsewhere, and with
// the purego build tag, eight bytes at a time in a register), and the
// fields are read off by position, numbers without a branch per digit. A
// line with anything unusual (a requester holding spaces, a quote the shape
// does not close, a bad number or time, an OBS line) goes to the general
// tokenizer, which also makes every error. The general path is the
// reference: FuzzFastPathAgrees holds the fast path to its records, and
// FuzzScanAgrees the assembly scans to the pure-Go one.
//
// On the project's 2-core benchmark machine Parse decodes generated s3 lines
// into a full Record at about 1.0-1.4 GB/s per core, some 30-40 times the
// regular expression AWS documents for Athena, with no allocation; run
// "go test -bench=Parse ./s3line" or "bash bench/run.sh" to measure.
package s3line
