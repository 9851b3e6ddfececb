// Package yajson decodes Yandex Object Storage bucket logs, JSON records,
// into [parse.Record] with github.com/valyala/fastjson.
//
// # Format
//
// Yandex writes one JSON object per request:
//
//	{"bucket":"my-bucket","bytes_received":749,"bytes_send":1251,"handler":"REST.GET.OBJECT","ip":"84.201.121.46","method":"GET","object_key":"path/key","protocol":"HTTP/1.1","request_time":88,"scheme":"https","ssl_protocol":"TLSv1.2","status":200,"timestamp":"2020-11-10T13:21:18Z","vhost":"storage.yandexcloud.net"}
//
// Keys map to the common record as FIELDS.md lists: bytes_send to bytes_sent,
// handler to operation, http_referer to referer, ip to remote_ip, object_key
// to key, request_time to total_time_ms, ssl_protocol to tls_version, vhost
// to host_header; bucket, bytes_received, method, protocol, range, requester,
// request_args, request_id, request_path, scheme, status, storage_class,
// user_agent and version_id keep their names; timestamp becomes time. "-",
// "" and null values and missing keys are absent; unknown keys are ignored.
// Timestamps are RFC 3339, with or without fractional seconds, with "Z" or a
// numeric offset.
//
// # Framing
//
// A log object may hold one object per line, a top-level JSON array of
// objects, objects concatenated with or without white space, or
// pretty-printed objects over several lines; [Reader] handles them all while
// holding only one record in memory at a time. A bad record (a syntax error, a
// wrong type, a record cut off) is reported as a *parse.Error and decoding
// resumes at the next record.
//
// # Use
//
// [Parser.Parse] decodes one object and, once warm, allocates nothing;
// [Records] and [Reader.All] stream records from an io.Reader (gzip and zstd
// are decompressed transparently). [Detect] tells JSON input from its first
// bytes; [AppendRecord] writes a record back out.
//
// # Performance
//
// "go test -bench=Parse ./yajson" compares Parse with encoding/json
// unmarshalling the same records into a struct and with fastjson's bare
// Parser.ParseBytes (which parses but maps nothing); see the README for the
// figures on the project's benchmark machine.
package yajson
