// Package parse holds what every bucketlogs format shares: the common
// [Record], its [Field] names, the positional [Error], stream [Counts], line
// framing ([LineReader]) and transparent decompression ([Decompress]). It
// knows no format; the decoders live in s3line (AWS S3 and S3-compatible
// lines, Alibaba Cloud OSS lines) and yajson (Yandex Object Storage JSON).
//
// # One record, three formats
//
// Every format decodes into the same [Record]. The field names are the JSON
// keys listed in FIELDS.md; [Field.String] returns them and [FieldByName] looks them
// up. A few of them, with where each format keeps them:
//
//	key            s3 (field)       oss (field)         yandex key
//	time           Time (3)         Time (4)            timestamp
//	bucket         Bucket (2)       BucketName (16)     bucket
//	remote_ip      Remote IP (4)    RemoteIP (1)        ip
//	operation      Operation (7)    Operation (15)      handler
//	status         HTTP status (10) HTTPStatus (6)      status
//	bytes_sent     Bytes Sent (12)  SentBytes (7)       bytes_send
//	total_time_ms  Total Time (14)  RequestTime (8)     request_time
//	host_header    Host Header (23) HostName (11)       vhost
//
// Sample lines:
//
//	s3:  79a5...2be photos [06/Feb/2019:00:00:38 +0000] 192.0.2.3 79a5...2be 3E57427F3EXAMPLE REST.GET.VERSIONING - "GET /photos?versioning HTTP/1.1" 200 - 113 - 7 - "-" "S3Console/0.4" - ...
//	oss: 192.0.2.7 - - [03/Jan/2024:16:50:00 +0800] "GET /cat.jpg HTTP/1.1" 200 5576 44 "-" "curl/8.5.0" "photos.oss-cn-hangzhou.aliyuncs.com" ...
//
// # Absent is not zero
//
// A field the log wrote as "-" (or, in JSON, as "" or not at all) is absent:
// [Record.Has] reports false and JSON output omits it. A present 0 or empty
// string is a value. Numbers are int64; the time is an instant in UTC with the
// source's offset applied.
//
// # Lifetimes
//
// A Record filled by a decoder holds views into the decoder's input: it is
// valid until the next decode into it or until the input changes.
// [Record.Clone] makes a copy that can be kept. Stream iterators yield the
// same *Record every time.
//
// # Errors
//
// Decoders report a malformed line or record as an *[Error] carrying the
// source name, 1-based line, byte offset and field, wrapping one of the
// sentinels [ErrSyntax], [ErrRange], [ErrFieldCount], [ErrLineTooLong],
// [ErrType] or [ErrTruncated], or an I/O error. Nothing in this module panics
// on bad input.
package parse
