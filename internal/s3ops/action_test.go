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
