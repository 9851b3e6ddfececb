package parse

import "strconv"

// Field names one field of a [Record]. The constants follow the order of the
// field table in FIELDS.md, and [Field.String] returns the field's JSON key,
// the name users type in queries and see in output.
//
// Field values are small integers; they are safe to compare, to use as map
// keys and as array indices (all fields are below [NumFields]).
type Field uint8

// The fields of a [Record], in output order.
const (
	Time Field = iota
	BucketOwner
	Bucket
	RemoteIP
	Requester
	RequestID
	Operation
	Action
	Key
	RequestURI
	Method
	RequestPath
	RequestArgs
	Protocol
	Status
	ErrorCode
	BytesSent
	BytesReceived
	ObjectSize
	TotalTimeMS
	TurnaroundTimeMS
	Referer
	UserAgent
	VersionID
	HostID
	SignatureVersion
	CipherSuite
	AuthType
	HostHeader
	TLSVersion
	AccessPointARN
	ACLRequired
	SourceRegion
	Scheme
	Range
	StorageClass
	TargetStorageClass
	LoggingFlag
	DeltaDataSize
	SyncRequest
	AccelerationAccessPoint
	AccessKeyID
	BucketARN
	STSLogURN
	Region
	RequestStatus
	ServiceType
	ClientRequestID
	ETag
	LastModified
	OperationCount
	RequestHeaderSize
	ResponseHeaderSize
	RequestVersion
	ErrorMessage
	LogSourceType
	VPCID
	SchemaVersion
	TenantID
	ApplicationID
	Principal
	Extra

	// NumFields is the number of fields a Record stores; it is not a field
	// itself.
	NumFields
)

// FormatField is the record's [Format] as a field: its key is "format" (in
// JSON output, CSV headers and queries) and its value the format's name. It
// is not stored among the fields ([Fields] and NumFields leave it out):
// [Record.Has] reports whether the format is known, [Record.Text] returns
// the name (a shared view: do not modify it), [Field.Kind] is KindText, and
// [FieldByName] knows it. It cannot be set through SetText or Mark: set
// Record.Format.
const FormatField Field = NumFields

// Kind says how a field's value is held in a [Record].
type Kind uint8

// The kinds of field value.
const (
	KindText Kind = iota // a []byte view, read with [Record.Text]
	KindInt              // an int64, read with [Record.Int]
	KindTime             // a time.Time, read from [Record.Time]
	KindList             // a list of []byte views ([Record.Extra])
)

var fieldNames = [NumFields]string{
	Time:                    "time",
	BucketOwner:             "bucket_owner",
	Bucket:                  "bucket",
	RemoteIP:                "remote_ip",
	Requester:               "requester",
	RequestID:               "request_id",
	Operation:               "operation",
	Action:                  "action",
	Key:                     "key",
	RequestURI:              "request_uri",
	Method:                  "method",
	RequestPath:             "request_path",
	RequestArgs:             "request_args",
	Protocol:                "protocol",
	Status:                  "status",
	ErrorCode:               "error_code",
	BytesSent:               "bytes_sent",
	BytesReceived:           "bytes_received",
	ObjectSize:              "object_size",
	TotalTimeMS:             "total_time_ms",
	TurnaroundTimeMS:        "turnaround_time_ms",
	Referer:                 "referer",
	UserAgent:               "user_agent",
	VersionID:               "version_id",
	HostID:                  "host_id",
	SignatureVersion:        "signature_version",
	CipherSuite:             "cipher_suite",
	AuthType:                "auth_type",
	HostHeader:              "host_header",
	TLSVersion:              "tls_version",
	AccessPointARN:          "access_point_arn",
	ACLRequired:             "acl_required",
	SourceRegion:            "source_region",
	Scheme:                  "scheme",
	Range:                   "range",
	StorageClass:            "storage_class",
	TargetStorageClass:      "target_storage_class",
	LoggingFlag:             "logging_flag",
	DeltaDataSize:           "delta_data_size",
	SyncRequest:             "sync_request",
	AccelerationAccessPoint: "acceleration_access_point",
	AccessKeyID:             "access_key_id",
	BucketARN:               "bucket_arn",
	STSLogURN:               "sts_log_urn",
	Region:                  "region",
	RequestStatus:           "request_status",
	ServiceType:             "service_type",
	ClientRequestID:         "client_request_id",
	ETag:                    "etag",
	LastModified:            "last_modified",
	OperationCount:          "operation_count",
	RequestHeaderSize:       "request_header_size",
	ResponseHeaderSize:      "response_header_size",
	RequestVersion:          "request_version",
	ErrorMessage:            "error_message",
	LogSourceType:           "log_source_type",
	VPCID:                   "vpc_id",
	SchemaVersion:           "schema_version",
	TenantID:                "tenant_id",
	ApplicationID:           "application_id",
	Principal:               "principal",
	Extra:                   "extra",
}

// String returns the field's JSON key, such as "remote_ip". For a value that
// is not a field it returns "field(N)".
func (f Field) String() string {
	if f < NumFields {
		return fieldNames[f]
	}
	if f == FormatField {
		return "format"
	}
	return "field(" + strconv.Itoa(int(f)) + ")"
}

// Signed reports whether an integer field may be negative. Only
// delta_data_size (an OSS size change, negative for a delete) may; a status,
// a size or a time below zero is out of range, and the decoders reject it
// with [ErrRange], so sums of them never go down.
func (f Field) Signed() bool { return f == DeltaDataSize }

// Kind reports how the field's value is held. It panics if f is not a field,
// which is a programming error.
func (f Field) Kind() Kind {
	if f < NumFields {
		return fieldKinds[f]
	}
	return f.kind()
}

// fieldKinds is [Field.Kind] as a table.
var fieldKinds = func() (k [NumFields]Kind) {
	for f := range NumFields {
		k[f] = f.kind()
	}
	return k
}()

func (f Field) kind() Kind {
	switch f {
	case Time:
		return KindTime
	case Status, BytesSent, BytesReceived, ObjectSize, TotalTimeMS, TurnaroundTimeMS, DeltaDataSize,
		OperationCount, RequestHeaderSize, ResponseHeaderSize:
		return KindInt
	case Extra:
		return KindList
	case FormatField:
		return KindText
	}
	if f >= NumFields {
		panic("parse: Kind of invalid Field " + f.String())
	}
	return KindText
}

// FieldByName returns the field whose JSON key is name, and false if there is
// none. It does not allocate.
func FieldByName(name string) (Field, bool) {
	for f, n := range fieldNames {
		if n == name {
			return Field(f), true
		}
	}
	if name == "format" {
		return FormatField, true
	}
	return 0, false
}

// Fields returns every field in output order, as a new slice the caller owns.
func Fields() []Field {
	fs := make([]Field, NumFields)
	for i := range fs {
		fs[i] = Field(i)
	}
	return fs
}
