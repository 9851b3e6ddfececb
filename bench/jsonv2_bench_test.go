//go:build goexperiment.jsonv2

package bench

import (
	"bytes"
	"encoding/json/jsontext"
	"encoding/json/v2"
	"io"
	"testing"

	"github.com/bucketlogs/bucketlogs/internal/rectest"
)

// jsonV2Baseline decodes the Yandex records with encoding/json/v2 into the
// struct encoding/json decodes into, when the toolchain has the jsonv2
// experiment (bench/run.sh sets GOEXPERIMENT=jsonv2 where it builds).
func jsonV2Baseline(b *testing.B, name string, data []byte, records func(*testing.B)) {
	b.Run(name+"/encoding-json-v2", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			dec := jsontext.NewDecoder(bytes.NewReader(data))
			for {
				var v rectest.YandexStruct
				if err := json.UnmarshalDecode(dec, &v); err == io.EOF {
					break
				} else if err != nil {
					b.Fatal(err)
				}
			}
		}
		records(b)
	})
}
