// Package rectest helps tests compare records the way a user sees them.
package rectest

import "github.com/bucketlogs/bucketlogs/parse"

// Values renders the present fields of r among fs (every field when fs is
// empty) as text keyed by JSON key, with "format" too, so that a test states
// and diffs values as they print.
func Values(r *parse.Record, fs ...parse.Field) map[string]string {
	if len(fs) == 0 {
		fs = parse.Fields()
	}
	m := map[string]string{"format": r.Format.String()}
	for _, f := range fs {
		if r.Has(f) {
			m[f.String()] = string(parse.AppendValue(nil, r, f))
		}
	}
	return m
}
