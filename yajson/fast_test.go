package yajson_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/bucketlogs/bucketlogs/internal/rectest"
	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/yajson"
)

// compareWithTree decodes data with Parse (fast path first) and with the
// fastjson path alone: the same record or the same error.
func compareWithTree(t *testing.T, data []byte) {
	t.Helper()
	var fast, tree yajson.Parser
	var a, b parse.Record
	errA := fast.Parse(data, &a)
	errB := tree.ParseTree(data, &b)
	if fmt.Sprint(errA) != fmt.Sprint(errB) {
		t.Fatalf("%q: Parse says %v, fastjson %v", data, errA, errB)
	}
	if errA != nil {
		return
	}
	ja, jb := parse.AppendJSON(nil, &a), parse.AppendJSON(nil, &b)
	if !bytes.Equal(ja, jb) || !a.Time.Equal(b.Time) {
		t.Fatalf("%q:\nParse   %s\nfastjson %s", data, ja, jb)
	}
}

// TestFastPath: the records Yandex writes take the fast path; what it does
// not take (escapes, nesting, exponents, wrong types, bad syntax) gives
// fastjson's answer.
func TestFastPath(t *testing.T) {
	var p yajson.Parser
	var r parse.Record
	lines := rectest.Lines(t, "testdata/yandex.jsonl")
	fast := 0
	for _, l := range lines {
		compareWithTree(t, []byte(l))
		if p.Fast([]byte(l), &r) {
			fast++
		}
	}
	recs, _ := corpus(2000)
	for _, rec := range recs {
		compareWithTree(t, rec)
		if !p.Fast(rec, &r) {
			t.Fatalf("a generated record does not take the fast path: %s", rec)
		}
	}
	t.Logf("%d of %d test lines take the fast path", fast, len(lines))
	for _, tt := range []struct {
		in   string
		fast bool
	}{
		{`{"bucket":"a","status":200}`, true},
		{` {"bucket" : "a" , "status" : 200 }` + "\n", true},
		{`{}`, true},
		{`{"status":200.0,"bytes_send":"-","ip":null,"x":true,"y":[1],"z":{}}`, false}, // nested unknowns
		{`{"status":200.0,"bytes_send":"-","ip":null,"x":true,"y":false}`, true},
		{`{"bucket":"a\"b"}`, false}, // an escape
		{`{"b\u0061":"x"}`, false},   // an escaped key
		{`{"status":1e3}`, false},    // an exponent
		{`{"status":"200"}`, false},  // text for a number: an error
		{`{"bucket":5}`, false},      // a number for text: an error
		{`{"status":-1}`, false},     // out of range: an error
		{`{"timestamp":"yesterday"}`, false},
		{`{"bucket":"a",}`, false},            // a trailing comma: an error
		{`{"bucket":"a"} x`, false},           // a tail: an error
		{`{"bucket":"a","bucket":"b"}`, true}, // the later wins
		{`{"bucket":"a","bucket":"-"}`, true}, // ... unless absent
		{`{"status":01}`, true},               // fastjson reads it as 1
		{`{"x":-inf}`, false},
		{`[{"bucket":"a"}]`, false},
		{`{"bucket":"a"`, false},
	} {
		compareWithTree(t, []byte(tt.in))
		if got := p.Fast([]byte(tt.in), &r); got != tt.fast {
			t.Errorf("Fast(%s) = %v, want %v", tt.in, got, tt.fast)
		}
	}
}

// FuzzFastMatchesFastjson: on every input, Parse (fast path first) and
// fastjson alone give the same record or the same error.
func FuzzFastMatchesFastjson(f *testing.F) {
	for _, l := range rectest.Lines(f, "testdata/yandex.jsonl") {
		f.Add([]byte(l))
	}
	recs, _ := corpus(20)
	for _, r := range recs {
		f.Add(r)
	}
	f.Add([]byte(`{"status":200.0,"bytes_send":"-","ip":null,"x":true,"y":false,"bucket":"a","bucket":"-"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		compareWithTree(t, data)
	})
}
