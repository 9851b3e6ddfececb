package parse

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"time"
	"unsafe"
)

// A Record is one request from any of the supported log formats, with the
// fields listed in FIELDS.md (and printed by "bucketlogs fields"). Each field is either present or absent: a field the log
// wrote as "-" (or, in JSON, as "" or not at all) is absent, which is distinct
// from a present zero or empty value. [Record.Has] tells which.
//
// Text fields are []byte views; a decoder does not copy them. One rule holds
// for every decoder: a Record filled by a parser is valid until the next
// call that fills it, or until the input is modified, whichever comes
// first. [Record.Clone] returns a deep copy that stays valid. Where the
// views point differs, which matters only to code that keeps them:
//
//   - s3line (s3, oss): into the line given to Parse (quotes removed by
//     slicing, nothing decoded).
//   - yajson (yandex): into the record given to Parse when it holds no JSON
//     escape, else into the Parser's own copy of it with the escapes (such
//     as \u0026) decoded.
//   - action, in every format: into a table of names shared by all
//     records, which must not be modified.
//
// The exported value fields may be read directly; the value of an absent field
// is its zero value. Code that fills a Record sets the value and then calls
// [Record.Mark] (or [Record.MarkAll] for many at once), or uses
// [Record.SetText] and [Record.SetInt].
//
// A Record is not safe for concurrent use while it is being filled.
type Record struct {
	// Format is the log family the record came from.
	Format Format

	present uint64

	// Time is when the request was received, with any source offset applied;
	// decoders store it in UTC.
	Time time.Time

	BucketOwner []byte
	Bucket      []byte
	RemoteIP    []byte
	Requester   []byte
	RequestID   []byte
	Operation   []byte
	// Action is the operation as the S3 API names it (GetObject for
	// REST.GET.OBJECT and for OSS's GetObject), filled by the decoders
	// from Operation; absent when the operation has no known action.
	Action      []byte
	Key         []byte
	RequestURI  []byte
	Method      []byte
	RequestPath []byte
	RequestArgs []byte
	Protocol    []byte

	Status int64

	ErrorCode []byte

	BytesSent        int64
	BytesReceived    int64
	ObjectSize       int64
	TotalTimeMS      int64
	TurnaroundTimeMS int64

	Referer                 []byte
	UserAgent               []byte
	VersionID               []byte
	HostID                  []byte
	SignatureVersion        []byte
	CipherSuite             []byte
	AuthType                []byte
	HostHeader              []byte
	TLSVersion              []byte
	AccessPointARN          []byte
	ACLRequired             []byte
	SourceRegion            []byte
	Scheme                  []byte
	Range                   []byte
	StorageClass            []byte
	TargetStorageClass      []byte
	LoggingFlag             []byte
	DeltaDataSize           int64
	SyncRequest             []byte
	AccelerationAccessPoint []byte
	AccessKeyID             []byte
	BucketARN               []byte
	STSLogURN               []byte

	// Fields of the other stores' logs (see FIELDS.md).
	Region             []byte
	RequestStatus      []byte
	ServiceType        []byte
	ClientRequestID    []byte
	ETag               []byte
	LastModified       []byte
	OperationCount     int64
	RequestHeaderSize  int64
	ResponseHeaderSize int64
	RequestVersion     []byte
	ErrorMessage       []byte
	LogSourceType      []byte
	VPCID              []byte
	SchemaVersion      []byte
	TenantID           []byte
	ApplicationID      []byte
	Principal          []byte

	// Extra holds the fields a line carries after the last known one, in
	// order, as views into the line. Decoders reuse its backing array.
	Extra [][]byte

	// Raw is the input the record was decoded from, when the code that
	// fed the decoder knows it: the line (without its line end) for line
	// formats and for JSON lines, as [LineRecords] and the readers of
	// package source set it. It is nil for a record of a JSON array or
	// document, and for records built by hand. It is not a field (no key,
	// no presence bit), it aliases the input as the text fields do, and
	// [Record.Clone] leaves it nil. Package dedupe compares records by it.
	Raw []byte
}

// Has reports whether field f is present in the record.
// For [FormatField] it reports whether the format is known.
func (r *Record) Has(f Field) bool {
	if f >= NumFields {
		return f == FormatField && r.Format != FormatUnknown && int(r.Format) < len(formatNames)
	}
	return r.present&(1<<f) != 0
}

// Present returns the set of present fields as a bit mask: bit f is set
// when field f is present, as [Record.Has] reports. Code that visits only
// the present fields (an encoder of a record where most are absent) walks
// its set bits instead of asking for every field.
func (r *Record) Present() uint64 { return r.present }

// Mark records that field f is present. It does not change the field's value.
func (r *Record) Mark(f Field) { r.present |= 1 << f }

// MarkAll marks present every field whose bit is set in mask, bit f for
// field f as [Record.Present] reports them. A decoder that fills many fields
// can collect their bits and mark them in one step; bits that name no field
// are ignored.
func (r *Record) MarkAll(mask uint64) { r.present |= mask & (1<<NumFields - 1) }

// Unmark records that field f is absent and sets its value to the zero value.
func (r *Record) Unmark(f Field) {
	r.present &^= 1 << f
	switch f.Kind() {
	case KindText:
		*r.textPtr(f) = nil
	case KindInt:
		*r.intPtr(f) = 0
	case KindTime:
		r.Time = time.Time{}
	case KindList:
		r.Extra = r.Extra[:0]
	}
}

// Reset makes every field absent and zero, keeping the capacity of Extra so
// that a reused Record does not allocate.
func (r *Record) Reset() {
	extra := r.Extra[:0]
	*r = Record{Extra: extra}
}

// Text returns the value of text field f, or nil if it is absent. The result
// aliases the record's input (see [Record]). It panics if f is not a text
// field, which is a programming error.
func (r *Record) Text(f Field) []byte {
	if !r.Has(f) {
		return nil
	}
	if f == FormatField {
		return formatBytes[r.Format]
	}
	return *r.textPtr(f)
}

// SetText sets text field f to v and marks it present. The record keeps v, it
// does not copy it. It panics if f is not a text field.
func (r *Record) SetText(f Field, v []byte) {
	*r.textPtr(f) = v
	r.Mark(f)
}

// Int returns the value of integer field f and whether it is present. It
// panics if f is not an integer field, which is a programming error.
func (r *Record) Int(f Field) (int64, bool) {
	return *r.intPtr(f), r.Has(f)
}

// SetInt sets integer field f to v and marks it present. It panics if f is
// not an integer field.
func (r *Record) SetInt(f Field, v int64) {
	*r.intPtr(f) = v
	r.Mark(f)
}

// SetTime sets the time to t, converted to UTC, and marks it present.
func (r *Record) SetTime(t time.Time) {
	r.Time = t.UTC()
	r.Mark(Time)
}

// Clone returns a deep copy of the record whose text fields share one new
// buffer and no memory with r; it stays valid after r's input changes.
func (r *Record) Clone() *Record {
	c := new(Record)
	r.CloneInto(c)
	return c
}

// CloneInto makes dst a deep copy of r, like [Record.Clone], reusing dst's
// capacity for Extra. The text is copied into one newly allocated buffer.
func (r *Record) CloneInto(dst *Record) {
	n := 0
	for f := Field(0); f < NumFields; f++ {
		if f.Kind() == KindText {
			n += len(*r.textPtr(f))
		}
	}
	for _, e := range r.Extra {
		n += len(e)
	}
	extra := dst.Extra[:0]
	*dst = *r
	dst.Raw = nil
	buf := make([]byte, 0, n)
	own := func(b []byte) []byte {
		if b == nil {
			return nil
		}
		start := len(buf)
		buf = append(buf, b...)
		return buf[start:len(buf):len(buf)]
	}
	for f := Field(0); f < NumFields; f++ {
		if f.Kind() == KindText {
			p := dst.textPtr(f)
			*p = own(*p)
		}
	}
	for _, e := range r.Extra {
		extra = append(extra, own(e))
	}
	if r.Extra == nil {
		extra = nil
	}
	dst.Extra = extra
}

// textOffsets holds where each text field's value lies in a Record (0 for
// fields that are not text: no text field is at offset 0), so that reading
// a field by number is an index, not a switch.
var textOffsets = func() (o [NumFields]uintptr) {
	for f, off := range map[Field]uintptr{
		BucketOwner:             unsafe.Offsetof(Record{}.BucketOwner),
		Bucket:                  unsafe.Offsetof(Record{}.Bucket),
		RemoteIP:                unsafe.Offsetof(Record{}.RemoteIP),
		Requester:               unsafe.Offsetof(Record{}.Requester),
		RequestID:               unsafe.Offsetof(Record{}.RequestID),
		Operation:               unsafe.Offsetof(Record{}.Operation),
		Action:                  unsafe.Offsetof(Record{}.Action),
		Key:                     unsafe.Offsetof(Record{}.Key),
		RequestURI:              unsafe.Offsetof(Record{}.RequestURI),
		Method:                  unsafe.Offsetof(Record{}.Method),
		RequestPath:             unsafe.Offsetof(Record{}.RequestPath),
		RequestArgs:             unsafe.Offsetof(Record{}.RequestArgs),
		Protocol:                unsafe.Offsetof(Record{}.Protocol),
		ErrorCode:               unsafe.Offsetof(Record{}.ErrorCode),
		Referer:                 unsafe.Offsetof(Record{}.Referer),
		UserAgent:               unsafe.Offsetof(Record{}.UserAgent),
		VersionID:               unsafe.Offsetof(Record{}.VersionID),
		HostID:                  unsafe.Offsetof(Record{}.HostID),
		SignatureVersion:        unsafe.Offsetof(Record{}.SignatureVersion),
		CipherSuite:             unsafe.Offsetof(Record{}.CipherSuite),
		AuthType:                unsafe.Offsetof(Record{}.AuthType),
		HostHeader:              unsafe.Offsetof(Record{}.HostHeader),
		TLSVersion:              unsafe.Offsetof(Record{}.TLSVersion),
		AccessPointARN:          unsafe.Offsetof(Record{}.AccessPointARN),
		ACLRequired:             unsafe.Offsetof(Record{}.ACLRequired),
		SourceRegion:            unsafe.Offsetof(Record{}.SourceRegion),
		Scheme:                  unsafe.Offsetof(Record{}.Scheme),
		Range:                   unsafe.Offsetof(Record{}.Range),
		StorageClass:            unsafe.Offsetof(Record{}.StorageClass),
		TargetStorageClass:      unsafe.Offsetof(Record{}.TargetStorageClass),
		LoggingFlag:             unsafe.Offsetof(Record{}.LoggingFlag),
		SyncRequest:             unsafe.Offsetof(Record{}.SyncRequest),
		AccelerationAccessPoint: unsafe.Offsetof(Record{}.AccelerationAccessPoint),
		AccessKeyID:             unsafe.Offsetof(Record{}.AccessKeyID),
		BucketARN:               unsafe.Offsetof(Record{}.BucketARN),
		STSLogURN:               unsafe.Offsetof(Record{}.STSLogURN),
		Region:                  unsafe.Offsetof(Record{}.Region),
		RequestStatus:           unsafe.Offsetof(Record{}.RequestStatus),
		ServiceType:             unsafe.Offsetof(Record{}.ServiceType),
		ClientRequestID:         unsafe.Offsetof(Record{}.ClientRequestID),
		ETag:                    unsafe.Offsetof(Record{}.ETag),
		LastModified:            unsafe.Offsetof(Record{}.LastModified),
		RequestVersion:          unsafe.Offsetof(Record{}.RequestVersion),
		ErrorMessage:            unsafe.Offsetof(Record{}.ErrorMessage),
		LogSourceType:           unsafe.Offsetof(Record{}.LogSourceType),
		VPCID:                   unsafe.Offsetof(Record{}.VPCID),
		SchemaVersion:           unsafe.Offsetof(Record{}.SchemaVersion),
		TenantID:                unsafe.Offsetof(Record{}.TenantID),
		ApplicationID:           unsafe.Offsetof(Record{}.ApplicationID),
		Principal:               unsafe.Offsetof(Record{}.Principal),
	} {
		o[f] = off
	}
	return o
}()

func (r *Record) textPtr(f Field) *[]byte {
	if f < NumFields {
		if off := textOffsets[f]; off != 0 {
			return (*[]byte)(unsafe.Add(unsafe.Pointer(r), off))
		}
	}
	panic(notTextField(f))
}

// notTextField is the panic of textPtr for a field that is not a text
// field: a value whose message is made only if it is printed, so that
// textPtr and Text, on every record's hot path, are inlined.
type notTextField Field

func (f notTextField) Error() string { return "parse: " + Field(f).String() + " is not a text field" }

func (r *Record) intPtr(f Field) *int64 {
	switch f {
	case Status:
		return &r.Status
	case BytesSent:
		return &r.BytesSent
	case BytesReceived:
		return &r.BytesReceived
	case ObjectSize:
		return &r.ObjectSize
	case TotalTimeMS:
		return &r.TotalTimeMS
	case TurnaroundTimeMS:
		return &r.TurnaroundTimeMS
	case DeltaDataSize:
		return &r.DeltaDataSize
	case OperationCount:
		return &r.OperationCount
	case RequestHeaderSize:
		return &r.RequestHeaderSize
	case ResponseHeaderSize:
		return &r.ResponseHeaderSize
	}
	panic("parse: " + f.String() + " is not an integer field")
}

// SplitRequestURI fills method, request_path, request_args and protocol from
// a request line such as "GET /bucket/key?acl HTTP/1.1". A request line that
// is not of that shape leaves them absent. The fields are views into uri.
// Decoders of every format that logs a request line share it.
func SplitRequestURI(r *Record, uri []byte) {
	sp := -1 // a method is short: look at its first eight bytes at once
	if len(uri) >= 8 {
		x := binary.LittleEndian.Uint64(uri) ^ 0x2020202020202020 // a space becomes 0
		// The lowest flagged byte is the first zero one (flags above it
		// may be false, which does not matter).
		if m := (x - 0x0101010101010101) &^ x & 0x8080808080808080; m != 0 {
			sp = bits.TrailingZeros64(m) >> 3
		} else {
			sp = bytes.IndexByte(uri, ' ')
		}
	} else {
		sp = bytes.IndexByte(uri, ' ')
	}
	if sp <= 0 {
		return
	}
	r.Method = uri[:sp]
	r.Mark(Method)
	target := uri[sp+1:]
	// Most request lines end " HTTP/x.y": try that place first, then the
	// last space.
	i := len(target) - len(" HTTP/1.1")
	if i < 0 || target[i] != ' ' || string(target[i+1:i+6]) != "HTTP/" ||
		target[i+6] == ' ' || target[i+7] == ' ' || target[i+8] == ' ' {
		i = bytes.LastIndexByte(target, ' ')
	}
	if i >= 0 && bytes.HasPrefix(target[i+1:], []byte("HTTP/")) {
		r.Protocol = target[i+1:]
		r.Mark(Protocol)
		target = target[:i]
	}
	if q := bytes.IndexByte(target, '?'); q >= 0 {
		r.RequestArgs = target[q+1:]
		r.Mark(RequestArgs)
		target = target[:q]
	}
	r.RequestPath = target
	r.Mark(RequestPath)
}
