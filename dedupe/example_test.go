package dedupe_test

import (
	"fmt"
	"strings"

	"github.com/bucketlogs/bucketlogs/dedupe"
	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/source"
)

// Two log objects hold the same line: the store delivered it twice.
var objects = []string{
	`o photos [17/Nov/2026:09:00:00 +0000] 10.0.0.7 - 3E57427F3EXAMPLE BATCH.DELETE.OBJECT a.jpg - 204 - - - - - "-" "aws-cli/2"
o photos [17/Nov/2026:09:00:00 +0000] 10.0.0.7 - 3E57427F3EXAMPLE BATCH.DELETE.OBJECT b.jpg - 204 - - - - - "-" "aws-cli/2"
`,
	`o photos [17/Nov/2026:09:00:00 +0000] 10.0.0.7 - 3E57427F3EXAMPLE BATCH.DELETE.OBJECT a.jpg - 204 - - - - - "-" "aws-cli/2"
`,
}

// A Set drops the copy as it comes; the records of the batch delete, which
// share a request id, are all kept.
func ExampleSet() {
	seen := dedupe.New(0).Checker()
	for _, obj := range objects {
		s, _ := source.NewStream("object", strings.NewReader(obj), source.Options{Format: parse.FormatS3})
		for r, err := range s.All() {
			if err != nil || seen.Seen(r) {
				continue
			}
			fmt.Printf("%s %s\n", r.Operation, r.Key)
		}
		s.Close()
	}
	// Output:
	// BATCH.DELETE.OBJECT a.jpg
	// BATCH.DELETE.OBJECT b.jpg
}

// Two goroutines that only count the copies, each object on its own
// Checker: Count keeps the keys, Flush checks them, and then the Set's
// Stats have them.
func ExampleChecker_Count() {
	set := dedupe.New(0)
	done := make(chan struct{})
	for _, obj := range objects {
		c := set.Checker()
		go func() {
			defer func() { done <- struct{}{} }()
			s, _ := source.NewStream("object", strings.NewReader(obj), source.Options{Format: parse.FormatS3})
			defer s.Close()
			for r, err := range s.All() {
				if err == nil {
					c.Count(r)
				}
			}
			c.Flush()
		}()
	}
	for range objects {
		<-done
	}
	st := set.Stats()
	fmt.Printf("%d records, %d duplicate\n", st.Seen, st.Dups)
	// Output:
	// 3 records, 1 duplicate
}
