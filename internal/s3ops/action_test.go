package s3ops

import "testing"

func TestAction(t *testing.T) {
	for op, want := range map[string]string{
		"REST.GET.OBJECT":            "GetObject",
		"GetObject":                  "GetObject",
		"REST.DELETE.OBJECT":         "DeleteObject",
		"DeleteMultipleObjects":      "DeleteObjects",
		"BATCH.DELETE.OBJECT":        "DeleteObjects",
		"REST.GET.BUCKET":            "ListObjects",
		"GetBucket":                  "ListObjects",
		"S3.EXPIRE.OBJECT":           "LifecycleExpiration",
		"GetBucketInfo":              "GetBucketInfo", // an OSS name with no S3 twin
		"REST.GET.ACL":               "",              // bucket or object: not known
		"S3.COMPUTE.OBJECT.CHECKSUM": "",
	} {
		if got := string(Action([]byte(op))); got != want {
			t.Errorf("Action(%q) = %q, want %q", op, got, want)
		}
	}
	if n := testing.AllocsPerRun(100, func() { Action([]byte("REST.GET.OBJECT")) }); n != 0 {
		t.Errorf("Action allocates %v times", n)
	}
}

func TestCache(t *testing.T) {
	var c Cache
	for _, op := range []string{"REST.GET.OBJECT", "REST.GET.OBJECT", "GetObject", "REST.GET.ACL", "REST.GET.ACL", "REST.PUT.OBJECT", "X.AN.OPERATION.NAME.FAR.LONGER.THAN.FORTY.BYTES"} {
		if got, want := string(c.Action([]byte(op))), string(Action([]byte(op))); got != want {
			t.Errorf("Cache.Action(%q) = %q, want %q", op, got, want)
		}
	}
	// An operation that is its own action comes back as the new record's
	// bytes, never the cached record's.
	first, second := []byte("GetBucketInfo"), []byte("GetBucketInfo")
	c.Action(first)
	if got := c.Action(second); &got[0] != &second[0] {
		t.Error("a cached self-named action points at an earlier record")
	}
	op := []byte("REST.HEAD.OBJECT")
	if n := testing.AllocsPerRun(100, func() { c.Action(op) }); n != 0 {
		t.Errorf("Cache.Action allocates %v times", n)
	}
}

// TestCacheAgrees looks every operation of the table, and names that are
// not in it, up through one cache in an order that makes them evict one
// another, and checks each answer against Action.
func TestCacheAgrees(t *testing.T) {
	ops := []string{"", "X", "GetBucketInfo", "REST.GET.ACL", "S3.COMPUTE.OBJECT.CHECKSUM"}
	for op := range actions {
		ops = append(ops, op)
	}
	var c Cache
	for round := range 3 {
		for i := range ops {
			op := ops[(i*7+round)%len(ops)]
			if got, want := string(c.Action([]byte(op))), string(Action([]byte(op))); got != want {
				t.Fatalf("round %d: Cache.Action(%q) = %q, want %q", round, op, got, want)
			}
		}
	}
}
