package aggregate_test

import (
	"bytes"
	"testing"

	"github.com/bucketlogs/bucketlogs/aggregate"
	"github.com/bucketlogs/bucketlogs/internal/gen"
)

// FuzzReportUnmarshal feeds arbitrary bytes to Report.UnmarshalBinary (the
// state of every partial report file): no panic, no allocation beyond
// what the input holds, and what it accepts is a report whose own form
// goes through the wire unchanged and merges.
func FuzzReportUnmarshal(f *testing.F) {
	rep := aggregate.NewReport(aggregate.Options{})
	for _, r := range gen.Batch(3, 20) {
		rep.Add(r)
	}
	b, err := rep.MarshalBinary()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add(b[:len(b)/3])
	empty, _ := aggregate.NewReport(aggregate.Options{}).MarshalBinary()
	f.Add(empty)
	f.Fuzz(func(t *testing.T, b []byte) {
		r := aggregate.NewReport(aggregate.Options{})
		if r.UnmarshalBinary(b) != nil {
			return
		}
		canon, err := r.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		back := aggregate.NewReport(aggregate.Options{})
		if err := back.UnmarshalBinary(canon); err != nil {
			t.Fatalf("its own form is refused: %v", err)
		}
		if again, _ := back.MarshalBinary(); !bytes.Equal(again, canon) {
			t.Fatal("its own form does not go through the wire unchanged")
		}
		back.Merge(r)
	})
}
