package s3line

import (
	"bytes"
	"strconv"
	"time"

	"github.com/bucketlogs/bucketlogs/parse"
)

var s3Order = [KnownS3Fields]parse.Field{
	parse.BucketOwner, parse.Bucket, parse.Time, parse.RemoteIP, parse.Requester,
	parse.RequestID, parse.Operation, parse.Key, parse.RequestURI, parse.Status,
	parse.ErrorCode, parse.BytesSent, parse.ObjectSize, parse.TotalTimeMS, parse.TurnaroundTimeMS,
	parse.Referer, parse.UserAgent, parse.VersionID, parse.HostID, parse.SignatureVersion,
	parse.CipherSuite, parse.AuthType, parse.HostHeader, parse.TLSVersion, parse.AccessPointARN,
	parse.ACLRequired, parse.SourceRegion,
}

var ossOrder = [KnownOSSFields]parse.Field{
	parse.RemoteIP, parse.NumFields, parse.NumFields, parse.Time, parse.RequestURI,
	parse.Status, parse.BytesSent, parse.TotalTimeMS, parse.Referer, parse.UserAgent,
	parse.HostHeader, parse.RequestID, parse.LoggingFlag, parse.Requester, parse.Operation,
	parse.Bucket, parse.Key, parse.ObjectSize, parse.TurnaroundTimeMS, parse.ErrorCode,
	parse.BytesReceived, parse.BucketOwner, parse.DeltaDataSize, parse.SyncRequest, parse.StorageClass,
	parse.TargetStorageClass, parse.AccelerationAccessPoint, parse.AccessKeyID, parse.BucketARN,
}

// obsOrder is the s3 layout with OBS's fields 19-21.
var obsOrder = func() (o [21]parse.Field) {
	copy(o[:], s3Order[:18])
	o[18], o[19], o[20] = parse.STSLogURN, parse.StorageClass, parse.TargetStorageClass
	return o
}()

// AppendLine appends r to dst as one access-log line in the layout format
// (parse.FormatS3, parse.FormatOSS, parse.FormatOBS or parse.FormatCOS),
// without a line end, and returns the extended slice. Absent fields are
// written as "-"; the time is written in UTC (for cos as the request's end,
// its time plus total_time_ms, as COS logs it, and the key as the path
// "/key"); fields after the last present optional one are left out;
// r.Extra follows the known fields.
//
// Values are written as they are: a value holding a space in an unquoted
// position, or a quote followed by a space in a quoted one, makes a line that
// does not decode back to r. Records decoded by a [Parser] always round-trip.
// AppendLine does not allocate when dst has room.
func AppendLine(dst []byte, r *parse.Record, format parse.Format) []byte {
	order := s3Order[:]
	minFields := MinS3Fields
	switch format {
	case parse.FormatOSS:
		order = ossOrder[:]
		minFields = MinOSSFields
	case parse.FormatOBS:
		order = obsOrder[:]
	case parse.FormatCOS:
		order = cosFields[:]
		minFields = MinCOSFields
	}
	n := minFields
	for i := len(order) - 1; i >= minFields; i-- {
		if order[i] < parse.NumFields && r.Has(order[i]) {
			n = i + 1
			break
		}
	}
	if r.Has(parse.Extra) && len(r.Extra) > 0 {
		n = len(order)
	}
	for i, f := range order[:n] {
		if i > 0 {
			dst = append(dst, ' ')
		}
		dst = appendField(dst, r, f, format)
	}
	if r.Has(parse.Extra) {
		for _, e := range r.Extra {
			dst = append(dst, ' ')
			dst = append(dst, e...)
		}
	}
	return dst
}

func appendField(dst []byte, r *parse.Record, f parse.Field, format parse.Format) []byte {
	if f >= parse.NumFields || !r.Has(f) {
		return append(dst, '-')
	}
	switch {
	case format == parse.FormatCOS && f == parse.Time:
		end := r.Time
		if ms, ok := r.Int(parse.TotalTimeMS); ok {
			end = end.Add(time.Duration(ms) * time.Millisecond)
		}
		return end.UTC().AppendFormat(dst, time.RFC3339Nano)
	case format == parse.FormatCOS && f == parse.Key:
		return append(append(dst, '/'), r.Key...)
	}
	switch f.Kind() {
	case parse.KindTime:
		return appendTime(dst, r.Time)
	case parse.KindInt:
		v, _ := r.Int(f)
		return strconv.AppendInt(dst, v, 10)
	}
	v := r.Text(f)
	if quotedField(f, format) || format == parse.FormatCOS && bytes.IndexByte(v, ' ') >= 0 {
		dst = append(dst, '"')
		dst = append(dst, v...)
		return append(dst, '"')
	}
	return append(dst, v...)
}

// quotedField reports whether the layout writes f in quotes (a value that
// may hold spaces).
func quotedField(f parse.Field, format parse.Format) bool {
	switch f {
	case parse.RequestURI, parse.Referer, parse.UserAgent, parse.ErrorMessage:
		return true
	case parse.RemoteIP:
		return false
	}
	return format == parse.FormatOSS
}

const monthNames = "JanFebMarAprMayJunJulAugSepOctNovDec"

// appendTime writes t in UTC as "[02/Jan/2006:15:04:05 +0000]".
func appendTime(dst []byte, t time.Time) []byte {
	t = t.UTC()
	y, m, d := t.Date()
	hh, mm, ss := t.Clock()
	dst = append(dst, '[', byte('0'+d/10), byte('0'+d%10), '/')
	dst = append(dst, monthNames[3*(m-1):3*m]...)
	dst = append(dst, '/', byte('0'+y/1000%10), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), ':',
		byte('0'+hh/10), byte('0'+hh%10), ':', byte('0'+mm/10), byte('0'+mm%10), ':',
		byte('0'+ss/10), byte('0'+ss%10))
	return append(dst, " +0000]"...)
}
