package partial_test

import (
	"errors"
	"fmt"

	"github.com/bucketlogs/bucketlogs/aggregate"
	"github.com/bucketlogs/bucketlogs/internal/gen"
	"github.com/bucketlogs/bucketlogs/partial"
)

// Two machines each report on part of the logs and write a partial; a
// third merges them. A damaged file is refused, never merged.
func Example() {
	var files [][]byte
	for part := range 2 {
		rep := aggregate.NewReport(aggregate.Options{})
		for _, r := range gen.Batch(uint64(part), 100) {
			rep.Add(r)
		}
		state, _ := rep.MarshalBinary()
		files = append(files, partial.Encode(&partial.File{Kind: partial.Report, State: state}))
	}
	files[1][len(files[1])/2] ^= 1 // a bit flipped on the way

	total := aggregate.NewReport(aggregate.Options{})
	for i, b := range files {
		f, err := partial.Decode(b)
		if errors.Is(err, partial.ErrChecksum) {
			fmt.Println("file", i, "refused:", err)
			continue
		}
		rep := aggregate.NewReport(aggregate.Options{})
		if err := rep.UnmarshalBinary(f.State); err != nil {
			fmt.Println(err)
			continue
		}
		total.Merge(rep)
	}
	fmt.Println(total.Records, "records merged")
	// Output:
	// file 1 refused: partial file altered or damaged (checksum mismatch)
	// 100 records merged
}
