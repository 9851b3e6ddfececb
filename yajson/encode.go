package yajson

import (
	"strconv"
	"time"

	"github.com/bucketlogs/bucketlogs/parse"
)

// AppendRecord appends r to dst as one Yandex Object Storage JSON record,
// with the Yandex key of every present field that the format carries (in the
// key order of Yandex's field table), and returns the extended slice. Fields
// Yandex does not log are left out. The timestamp is RFC 3339 in UTC, with
// fractional seconds only when the time has them. It does not allocate when
// dst has room.
func AppendRecord(dst []byte, r *parse.Record) []byte {
	dst = append(dst, '{')
	first := true
	for _, k := range yandexKeys {
		if !r.Has(k.f) {
			continue
		}
		if !first {
			dst = append(dst, ',')
		}
		first = false
		dst = append(dst, '"')
		dst = append(dst, k.key...)
		dst = append(dst, '"', ':')
		switch k.f.Kind() {
		case parse.KindTime:
			dst = append(dst, '"')
			dst = r.Time.UTC().AppendFormat(dst, time.RFC3339Nano)
			dst = append(dst, '"')
		case parse.KindInt:
			v, _ := r.Int(k.f)
			dst = strconv.AppendInt(dst, v, 10)
		default:
			dst = parse.AppendJSONString(dst, r.Text(k.f))
		}
	}
	return append(dst, '}')
}
