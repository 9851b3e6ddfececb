// Package s3ops maps the operation names the logs write to one vocabulary,
// the S3 API's action names: REST.GET.OBJECT (s3, yandex) and GetObject
// (oss) are both GetObject. The decoders fill the record's action field
// with it; operation stays as logged.
package s3ops

// Action returns the S3 API action name for an operation as logged, or nil
// when the operation has none known. The returned slice is op itself when
// the operation is already an action name (GetBucketInfo), else shared: it
// must not be modified. It allocates nothing.
func Action(op []byte) []byte {
	a, self := lookup(op)
	if self {
		return op
	}
	return a
}

// lookup returns op's action from the table, or self true when op is its
// own action.
func lookup(op []byte) (action []byte, self bool) {
	if a, ok := actions[string(op)]; ok {
		return a, false
	}
	// OSS and other stores name operations by API action already
	// (GetBucketInfo, PutSymlink): a name without dots is its own action.
	for _, c := range op {
		if c == '.' {
			return nil, false
		}
	}
	return nil, len(op) > 0
}

// actions holds the names that differ from their action: the S3 server
// access log's operation names, the OSS names that are not S3's, and
// GCS's and Azure's names for the object operations S3 has.
var actions = func() map[string][]byte {
	m := map[string][]byte{}
	for op, a := range map[string]string{
		// Google Cloud Storage usage logs' cs_operation.
		"GET_Object":    "GetObject",
		"HEAD_Object":   "HeadObject",
		"PUT_Object":    "PutObject",
		"POST_Object":   "PutObject",
		"DELETE_Object": "DeleteObject",
		"COPY_Object":   "CopyObject",
		"GET_Bucket":    "ListObjects",
		"LIST_Objects":  "ListObjects",
		// Azure Storage Analytics and StorageBlobLogs operation names.
		"GetBlob":           "GetObject",
		"GetBlobProperties": "HeadObject",
		"PutBlob":           "PutObject",
		"DeleteBlob":        "DeleteObject",
		"CopyBlob":          "CopyObject",
		"ListBlobs":         "ListObjects",
		"PutBlock":          "UploadPart",
		"PutBlockList":      "CompleteMultipartUpload",
		"CreateContainer":   "CreateBucket",
		"DeleteContainer":   "DeleteBucket",
		// S3 server access logs (and Yandex handlers).
		"REST.GET.OBJECT":                    "GetObject",
		"REST.HEAD.OBJECT":                   "HeadObject",
		"REST.PUT.OBJECT":                    "PutObject",
		"REST.POST.OBJECT":                   "PostObject",
		"REST.DELETE.OBJECT":                 "DeleteObject",
		"REST.COPY.OBJECT":                   "CopyObject",
		"REST.COPY.OBJECT_GET":               "CopyObject",
		"REST.POST.MULTI_OBJECT_DELETE":      "DeleteObjects",
		"BATCH.DELETE.OBJECT":                "DeleteObjects",
		"REST.GET.BUCKET":                    "ListObjects",
		"REST.GET.BUCKETVERSIONS":            "ListObjectVersions",
		"REST.GET.UPLOADS":                   "ListMultipartUploads",
		"REST.POST.UPLOADS":                  "CreateMultipartUpload",
		"REST.PUT.PART":                      "UploadPart",
		"REST.COPY.PART":                     "UploadPartCopy",
		"REST.GET.UPLOAD":                    "ListParts",
		"REST.POST.UPLOAD":                   "CompleteMultipartUpload",
		"REST.DELETE.UPLOAD":                 "AbortMultipartUpload",
		"REST.HEAD.BUCKET":                   "HeadBucket",
		"REST.PUT.BUCKET":                    "CreateBucket",
		"REST.DELETE.BUCKET":                 "DeleteBucket",
		"REST.GET.LOCATION":                  "GetBucketLocation",
		"REST.GET.VERSIONING":                "GetBucketVersioning",
		"REST.PUT.VERSIONING":                "PutBucketVersioning",
		"REST.GET.LIFECYCLE":                 "GetBucketLifecycleConfiguration",
		"REST.PUT.LIFECYCLE":                 "PutBucketLifecycleConfiguration",
		"REST.GET.BUCKETPOLICY":              "GetBucketPolicy",
		"REST.PUT.BUCKETPOLICY":              "PutBucketPolicy",
		"REST.GET.POLICY_STATUS":             "GetBucketPolicyStatus",
		"REST.GET.ENCRYPTION":                "GetBucketEncryption",
		"REST.GET.LOGGING_STATUS":            "GetBucketLogging",
		"REST.GET.NOTIFICATION":              "GetBucketNotificationConfiguration",
		"REST.GET.WEBSITE":                   "GetBucketWebsite",
		"REST.GET.CORS":                      "GetBucketCors",
		"REST.GET.REPLICATION":               "GetBucketReplication",
		"REST.GET.ACCELERATE":                "GetBucketAccelerateConfiguration",
		"REST.GET.REQUEST_PAYMENT":           "GetBucketRequestPayment",
		"REST.GET.OWNERSHIP_CONTROLS":        "GetBucketOwnershipControls",
		"REST.GET.PUBLIC_ACCESS_BLOCK":       "GetPublicAccessBlock",
		"REST.GET.OBJECT_LOCK_CONFIGURATION": "GetObjectLockConfiguration",
		"REST.GET.OBJECT_ATTRIBUTES":         "GetObjectAttributes",
		"REST.POST.RESTORE":                  "RestoreObject",
		"REST.GET.RETENTION":                 "GetObjectRetention",
		"REST.GET.LEGAL_HOLD":                "GetObjectLegalHold",
		"S3.EXPIRE.OBJECT":                   "LifecycleExpiration",
		"S3.CREATE.DELETEMARKER":             "LifecycleExpiration",
		// OSS names that S3 calls otherwise.
		"DeleteMultipleObjects":   "DeleteObjects",
		"GetBucket":               "ListObjects",
		"GetBucketV2":             "ListObjectsV2",
		"InitiateMultipartUpload": "CreateMultipartUpload",
		"PutBucket":               "CreateBucket",
		"GetObjectMeta":           "HeadObject",
	} {
		m[op] = []byte(a)
	}
	return m
}()

// A Cache remembers the operations looked up lately, in a small table
// indexed by a hash of a few of their bytes: a log mixes a few dozen
// operations, so a hit, which costs a comparison instead of a map lookup
// and its string hash, is the rule. The zero value is ready; a Cache is not
// safe for concurrent use (keep one per parser).
type Cache struct {
	slots [cacheSlots]cacheSlot
}

const cacheSlots = 64

type cacheSlot struct {
	op     [40]byte
	n      int // length of the cached operation; 0: nothing cached
	action []byte
	self   bool // the action is the operation itself: return the new op
}

// cacheIndex picks op's slot from its length and four of its bytes (the
// sixth tells REST.GET from REST.PUT, the ninth and the last ones most
// else): the common S3 and OSS operations mostly get slots of their own.
func cacheIndex(op []byte) int {
	n := len(op)
	if n == 0 {
		return 0
	}
	h := uint32(n) | uint32(op[n-1])<<8 | uint32(op[n-1-min(2, n-1)])<<16 | uint32(op[min(5, n-1)])<<24
	h ^= uint32(op[min(8, n-1)]) * 0x10001
	return int(h * 0x9e3779b1 >> 26)
}

// Action is [Action] through the cache.
func (c *Cache) Action(op []byte) []byte {
	s := &c.slots[cacheIndex(op)]
	if s.n > 0 && s.n == len(op) && string(s.op[:s.n]) == string(op) {
		if s.self {
			return op // a view of this record's operation, not the cached one's
		}
		return s.action
	}
	a, self := lookup(op)
	if len(op) <= len(s.op) {
		s.n = copy(s.op[:], op)
		s.action, s.self = a, self
	}
	if self {
		return op
	}
	return a
}
