// Package gen generates deterministic, realistic access-log records for the
// project's tests, benchmarks and built-in sample: a mix of operations,
// statuses, object sizes, URL-encoded keys, long user agents, requesters,
// IPv4 and IPv6 clients, short and long lines, in each of the three formats.
//
// The same seed always gives the same records; Append and Corpus render them
// with the format packages' encoders.
package gen

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/bucketlogs/bucketlogs/internal/s3ops"
	"github.com/bucketlogs/bucketlogs/parse"
)

// A Generator makes records. It is not safe for concurrent use.
type Generator struct {
	rng    *rand.Rand
	now    time.Time
	arena  []byte
	keys   [][]byte
	ips    [][]byte
	uas    [][]byte
	owners [][]byte
	reqs   [][]byte
}

// Start is the time of the first generated record.
var Start = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

// New returns a Generator seeded with seed.
func New(seed uint64) *Generator {
	g := &Generator{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), now: Start, arena: make([]byte, 0, 8192)}
	dirs := []string{"images", "videos", "backups/db", "logs/app", "reports/2026", "static/js", "user%20uploads", "data/raw"}
	exts := []string{".jpg", ".mp4", ".tar.gz", ".log", ".csv", ".js", ".png", ".parquet"}
	for i := range 4000 {
		d := dirs[g.rng.IntN(len(dirs))]
		name := fmt.Sprintf("%s/%s%%20%04d-%x%s", d, []string{"photo", "clip", "part", "file", "r%C3%A9sum%C3%A9"}[g.rng.IntN(5)], i, g.rng.Uint32(), exts[g.rng.IntN(len(exts))])
		g.keys = append(g.keys, []byte(name))
	}
	for i := range 1500 {
		var ip string
		if i%10 == 9 {
			ip = fmt.Sprintf("2001:db8:%x:%x::%x", g.rng.IntN(65536), g.rng.IntN(65536), g.rng.IntN(65536))
		} else {
			ip = fmt.Sprintf("%d.%d.%d.%d", []int{10, 172, 192, 198, 203, 84, 109}[g.rng.IntN(7)], g.rng.IntN(256), g.rng.IntN(256), 1+g.rng.IntN(254))
		}
		g.ips = append(g.ips, []byte(ip))
	}
	for _, ua := range []string{
		"aws-cli/2.15.30 Python/3.11.8 Linux/6.5.0-1016-aws exe/x86_64.ubuntu.22 prompt/off command/s3.cp",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
		"Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
		"Boto3/1.34.69 md/Botocore#1.34.69 ua/2.0 os/linux#5.10.213 md/arch#x86_64 lang/python#3.12.2 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.69",
		"aws-sdk-go-v2/1.26.1 os/linux lang/go#1.22.2 md/GOOS#linux md/GOARCH#amd64 api/s3#1.53.1",
		"rclone/v1.66.0",
		"curl/8.7.1",
		"aws-sdk-java/1.12.700 Linux/5.15.0 OpenJDK_64-Bit_Server_VM/17.0.10+7 java/17.0.10 vendor/Eclipse_Adoptium",
		"Amazon CloudFront",
		"S3Console/0.4, aws-internal/3 aws-sdk-java/1.12.488 Linux/5.10.217-182.855.amzn2int.x86_64",
	} {
		g.uas = append(g.uas, []byte(ua))
	}
	for range 40 {
		g.owners = append(g.owners, []byte(fmt.Sprintf("%016x%016x%016x%016x", g.rng.Uint64(), g.rng.Uint64(), g.rng.Uint64(), g.rng.Uint64())))
	}
	g.reqs = append(g.reqs, g.owners[:20]...)
	for i := range 20 {
		g.reqs = append(g.reqs, []byte(fmt.Sprintf("arn:aws:iam::%012d:user/svc-%d", 100000000000+i*7919, i)))
	}
	g.reqs = append(g.reqs, []byte("arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E2QWRUHAPOMQZL"))
	return g
}

type op struct {
	s3, oss, method string
	weight          int
	object          bool
}

var ops = []op{
	{"REST.GET.OBJECT", "GetObject", "GET", 55, true},
	{"REST.PUT.OBJECT", "PutObject", "PUT", 14, true},
	{"REST.HEAD.OBJECT", "HeadObject", "HEAD", 10, true},
	{"REST.GET.BUCKET", "GetBucket", "GET", 6, false},
	{"REST.DELETE.OBJECT", "DeleteObject", "DELETE", 4, true},
	{"REST.POST.UPLOAD", "InitiateMultipartUpload", "POST", 3, true},
	{"REST.PUT.PART", "UploadPart", "PUT", 4, true},
	{"REST.GET.ACL", "GetObjectAcl", "GET", 2, true},
	{"REST.COPY.OBJECT", "CopyObject", "PUT", 1, true},
	{"S3.EXPIRE.OBJECT", "", "", 1, true},
}

// opName is the operation as format logs it, or "" when the format has
// no name for it (and the generator does not produce it).
func opName(o op, format parse.Format) string {
	switch format {
	case parse.FormatOSS, parse.FormatCOS:
		return o.oss
	case parse.FormatGCS:
		return map[string]string{"GetObject": "GET_Object", "PutObject": "PUT_Object", "HeadObject": "HEAD_Object",
			"GetBucket": "GET_Bucket", "DeleteObject": "DELETE_Object", "CopyObject": "COPY_Object"}[o.oss]
	case parse.FormatAzure, parse.FormatAzureJSON:
		return map[string]string{"GetObject": "GetBlob", "PutObject": "PutBlob", "HeadObject": "GetBlobProperties",
			"GetBucket": "ListBlobs", "DeleteObject": "DeleteBlob", "UploadPart": "PutBlock", "CopyObject": "CopyBlob"}[o.oss]
	}
	return o.s3
}

var buckets = []string{"photos-prod", "backups", "analytics-raw", "static-site", "tenant7:shared", "ml-datasets"}

func (g *Generator) pick(weights ...int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := g.rng.IntN(total)
	for i, w := range weights {
		if n < w {
			return i
		}
		n -= w
	}
	return len(weights) - 1
}

// add copies s into the arena and returns the copy. The arena never grows
// past its capacity within one record, so earlier views stay valid.
func (g *Generator) add(s ...string) []byte {
	start := len(g.arena)
	for _, p := range s {
		g.arena = append(g.arena, p...)
	}
	return g.arena[start:len(g.arena):len(g.arena)]
}

// Next fills r with the next record of the given format and returns it. r's
// text fields are views into the Generator's memory, valid until the next call.
func (g *Generator) Next(r *parse.Record, format parse.Format) {
	defer func() { // the action, as the decoders derive it
		if a := s3ops.Action(r.Operation); a != nil && r.Has(parse.Operation) {
			r.SetText(parse.Action, a)
		}
	}()
	r.Reset()
	g.arena = g.arena[:0]
	r.Format = format
	g.now = g.now.Add(time.Duration(g.rng.IntN(400)) * time.Millisecond * 10)
	t := g.now
	if format == parse.FormatYandex && g.rng.IntN(3) == 0 {
		t = t.Add(time.Duration(g.rng.IntN(1000)) * time.Millisecond)
	} else {
		t = t.Truncate(time.Second)
	}
	r.SetTime(t)

	w := make([]int, len(ops))
	for i, o := range ops {
		w[i] = o.weight
		if opName(o, format) == "" || format != parse.FormatS3 && o.oss == "" {
			w[i] = 0
		}
	}
	o := ops[g.pick(w...)]
	bucket := buckets[g.rng.IntN(len(buckets))]
	if format != parse.FormatS3 {
		bucket = buckets[g.rng.IntN(4)]
	}
	r.SetText(parse.Bucket, g.add(bucket))
	key := g.keys[min(g.rng.IntN(len(g.keys)), g.rng.IntN(len(g.keys)))] // skewed towards hot keys
	if o.object {
		r.SetText(parse.Key, key)
	}

	status := []int64{200, 206, 304, 403, 404, 500, 503}[g.pick(880, 20, 25, 25, 35, 8, 7)]
	if o.method == "PUT" || o.method == "POST" || o.method == "DELETE" {
		if status == 206 || status == 304 {
			status = 200
		}
		if o.method == "DELETE" && status == 200 {
			status = 204
		}
	}
	errCode := map[int64]string{403: "AccessDenied", 404: "NoSuchKey", 500: "InternalError", 503: "SlowDown"}[status]
	if errCode == "NoSuchKey" && !o.object {
		errCode = "NoSuchBucket"
	}
	size := int64(1) << uint(6+g.rng.IntN(24))
	size += g.rng.Int64N(size)
	var sent, received int64
	switch {
	case status >= 400:
		sent = int64(200 + g.rng.IntN(150))
	case o.method == "GET" && status == 206:
		sent = min(size, 1<<20)
	case o.method == "GET" && status == 200:
		sent = size
	case o.method == "PUT" || o.method == "POST":
		received = size
	}
	total := int64(1 + g.rng.IntN(40))
	if sent > 1<<20 || received > 1<<20 {
		total += (sent + received) >> 17
	}
	if g.rng.IntN(50) == 0 {
		total += int64(g.rng.IntN(20000))
	}
	turn := max(0, total-int64(g.rng.IntN(int(total)+1)))
	ip := g.ips[min(g.rng.IntN(len(g.ips)), g.rng.IntN(len(g.ips)))]
	ua := g.uas[g.rng.IntN(len(g.uas))]
	reqID := g.add(fmt.Sprintf("%016X", g.rng.Uint64()))
	referer := []byte(nil)
	if g.rng.IntN(5) == 0 {
		referer = g.add("https://", bucket, ".example.com/gallery?page=", strconv.Itoa(g.rng.IntN(50)))
	}

	if o.s3 == "S3.EXPIRE.OBJECT" { // lifecycle: no client, no request line, no status
		r.SetText(parse.BucketOwner, g.owners[0])
		r.SetText(parse.Requester, g.add("AmazonS3"))
		r.SetText(parse.RequestID, reqID)
		r.SetText(parse.Operation, g.add(o.s3))
		r.SetInt(parse.ObjectSize, size)
		return
	}

	path := "/" + bucket
	if o.object {
		path += "/" + string(key)
	}
	args := ""
	switch {
	case o.s3 == "REST.GET.BUCKET":
		args = "list-type=2&prefix=" + []string{"images%2F", "logs%2F", ""}[g.rng.IntN(3)] + "&max-keys=1000"
	case o.s3 == "REST.PUT.PART":
		args = "partNumber=" + strconv.Itoa(1+g.rng.IntN(100)) + "&uploadId=VXBsb2FkSWQ" + strconv.Itoa(g.rng.IntN(1000))
	case o.s3 == "REST.GET.ACL":
		args = "acl"
	case o.s3 == "REST.POST.UPLOAD":
		args = "uploads"
	}
	proto := []string{"HTTP/1.1", "HTTP/1.1", "HTTP/2.0", "HTTP/1.0"}[g.rng.IntN(4)]

	switch format {
	case parse.FormatYandex:
		r.SetText(parse.Operation, g.add(o.s3))
		r.SetText(parse.Method, g.add(o.method))
		r.SetText(parse.RequestPath, g.add(path))
		if args != "" {
			r.SetText(parse.RequestArgs, g.add(args))
		}
		r.SetText(parse.Protocol, g.add(proto))
		scheme := []string{"https", "https", "https", "http"}[g.rng.IntN(4)]
		r.SetText(parse.Scheme, g.add(scheme))
		if scheme == "https" {
			r.SetText(parse.TLSVersion, g.add([]string{"TLSv1.2", "TLSv1.3"}[g.rng.IntN(2)]))
		}
		r.SetText(parse.HostHeader, g.add([]string{"storage.yandexcloud.net", bucket + ".storage.yandexcloud.net"}[g.rng.IntN(2)]))
		if status == 206 {
			r.SetText(parse.Range, g.add("bytes=0-1048575"))
		}
		if o.object && status < 300 {
			r.SetText(parse.StorageClass, g.add([]string{"STANDARD", "COLD", "ICE"}[g.pick(8, 2, 1)]))
		}
		r.SetInt(parse.BytesReceived, received+int64(300+g.rng.IntN(400)))
		if g.rng.IntN(3) > 0 {
			r.SetText(parse.Requester, g.add("aje", fmt.Sprintf("%017x", g.rng.Uint64()>>4)))
		}
		r.SetText(parse.RequestID, g.add(fmt.Sprintf("%016x", g.rng.Uint64())))
	case parse.FormatOSS:
		g.setRequestURI(r, o.method, path, args, proto)
		r.SetText(parse.Operation, g.add(o.oss))
		r.SetText(parse.HostHeader, g.add(bucket, ".oss-cn-hangzhou.aliyuncs.com"))
		r.SetText(parse.RequestID, reqID[:16])
		r.SetText(parse.LoggingFlag, g.add([]string{"true", "false"}[g.rng.IntN(2)]))
		uid := g.add(strconv.FormatInt(1000000000000000+g.rng.Int64N(9000), 10))
		if g.rng.IntN(4) > 0 {
			r.SetText(parse.Requester, uid)
		}
		r.SetText(parse.BucketOwner, uid)
		if o.object {
			r.SetInt(parse.ObjectSize, size)
		}
		r.SetInt(parse.TurnaroundTimeMS, turn)
		r.SetInt(parse.BytesReceived, received+int64(300+g.rng.IntN(400)))
		delta := int64(0)
		if o.method == "PUT" && status == 200 {
			delta = size
		} else if o.method == "DELETE" && status < 300 {
			delta = -size
		}
		r.SetInt(parse.DeltaDataSize, delta)
		if o.object && status < 300 {
			r.SetText(parse.StorageClass, g.add([]string{"Standard", "IA", "Archive", "Cold Archive"}[g.pick(10, 3, 1, 1)]))
		}
		if g.rng.IntN(3) == 0 {
			r.SetText(parse.AccessKeyID, g.add("LTAI5t", fmt.Sprintf("%014X", g.rng.Uint64()>>8)))
			r.SetText(parse.BucketARN, g.add("acs:oss:cn-hangzhou:", string(uid), ":", bucket))
		}
	case parse.FormatCOS:
		g.setRequestURI(r, o.method, path, args, proto)
		r.SetText(parse.Operation, g.add(o.oss))
		r.SetText(parse.SchemaVersion, g.add("1.0"))
		r.SetText(parse.Region, g.add("ap-guangzhou"))
		r.SetText(parse.HostHeader, g.add(bucket, "-1250000000.cos.ap-guangzhou.myqcloud.com"))
		r.SetText(parse.RequestID, g.add(fmt.Sprintf("NjA1%016x", g.rng.Uint64())))
		uin := strconv.FormatInt(100000000000+g.rng.Int64N(9), 10)
		r.SetText(parse.BucketOwner, g.add(uin))
		if g.rng.IntN(4) > 0 {
			r.SetText(parse.Requester, g.add("qcs::cam::uin/", uin, ":uin/", strconv.FormatInt(100000000000+g.rng.Int64N(50), 10)))
			r.SetText(parse.AccessKeyID, g.add("AKID", fmt.Sprintf("%016X", g.rng.Uint64())))
		}
		if o.object {
			r.SetInt(parse.ObjectSize, size)
		}
		r.SetInt(parse.TurnaroundTimeMS, turn)
		r.SetInt(parse.BytesReceived, received)
		delta := int64(0)
		if o.method == "PUT" && status == 200 {
			delta = size
		} else if o.method == "DELETE" && status < 300 {
			delta = -size
		}
		r.SetInt(parse.DeltaDataSize, delta)
		r.SetText(parse.LogSourceType, g.add([]string{"USER", "CDN"}[g.pick(9, 1)]))
		if o.object && status < 300 {
			r.SetText(parse.StorageClass, g.add([]string{"STANDARD", "STANDARD_IA", "ARCHIVE"}[g.pick(10, 3, 1)]))
		}
		if errCode != "" {
			r.SetText(parse.ErrorMessage, g.add(map[string]string{"AccessDenied": "Access Denied.", "NoSuchKey": "The specified key does not exist.",
				"NoSuchBucket": "The specified bucket does not exist.", "InternalError": "We encountered an internal error.", "SlowDown": "Please reduce your request rate."}[errCode]))
		}
		if g.rng.IntN(5) == 0 {
			r.SetText(parse.VPCID, g.add(fmt.Sprintf("vpc-%06x", g.rng.IntN(1<<24))))
		}
	case parse.FormatGCS:
		r.SetText(parse.Operation, g.add(opName(o, format)))
		r.SetText(parse.Method, g.add(o.method))
		r.SetText(parse.RequestPath, g.add(path))
		if args != "" {
			r.SetText(parse.RequestArgs, g.add(args))
		}
		uri := path
		if args != "" {
			uri += "?" + args
		}
		r.SetText(parse.RequestURI, g.add(uri)) // cs_uri
		r.SetText(parse.HostHeader, g.add("storage.googleapis.com"))
		r.SetText(parse.RequestID, g.add(fmt.Sprintf("ADPycdt%016x", g.rng.Uint64())))
		r.SetInt(parse.BytesReceived, received)
		if g.rng.IntN(3) == 0 {
			r.SetText(parse.SourceRegion, g.add([]string{"europe-west1", "us-central1"}[g.rng.IntN(2)]))
		}
	case parse.FormatAzure, parse.FormatAzureJSON:
		r.SetText(parse.Operation, g.add(opName(o, format)))
		account := []string{"myaccount", "archiveacct"}[g.rng.IntN(2)]
		r.SetText(parse.BucketOwner, g.add(account))
		r.SetText(parse.HostHeader, g.add(account, ".blob.core.windows.net"))
		r.SetText(parse.RequestPath, g.add(path))
		if args != "" {
			r.SetText(parse.RequestArgs, g.add(args))
		}
		url := "https://" + account + ".blob.core.windows.net" + path
		if args != "" {
			url += "?" + args
		}
		r.SetText(parse.RequestURI, g.add(url))
		r.SetText(parse.ServiceType, g.add("blob"))
		r.SetText(parse.RequestVersion, g.add("2021-10-04"))
		r.SetText(parse.RequestID, g.add(fmt.Sprintf("%08x-%04x-%04x-%04x-%012x", g.rng.Uint32(), g.rng.IntN(1<<16), g.rng.IntN(1<<16), g.rng.IntN(1<<16), g.rng.Int64N(1<<48))))
		auth := []string{"authenticated", "sas", "anonymous", "bearer"}[g.pick(6, 2, 1, 1)]
		if format == parse.FormatAzureJSON {
			auth = map[string]string{"authenticated": "AccountKey", "sas": "SAS", "anonymous": "Anonymous", "bearer": "OAuth"}[auth]
		}
		r.SetText(parse.AuthType, g.add(auth))
		outcome := map[string]string{"authenticated": "Success", "AccountKey": "Success", "sas": "SASSuccess", "SAS": "SASSuccess",
			"anonymous": "AnonymousSuccess", "Anonymous": "AnonymousSuccess", "bearer": "Success", "OAuth": "Success"}[auth]
		if status >= 400 {
			outcome = map[int64]string{403: "AuthorizationFailure", 404: "ClientOtherError", 500: "ServerOtherError", 503: "ServerBusyError"}[status]
		}
		r.SetText(parse.RequestStatus, g.add(outcome))
		if format == parse.FormatAzure {
			r.SetInt(parse.OperationCount, 0)
			if auth == "authenticated" || auth == "sas" {
				r.SetText(parse.Requester, g.add(account))
			}
		}
		if format == parse.FormatAzure {
			version := "1.0"
			if auth == "bearer" {
				version = "2.0" // the OAuth fields
			}
			r.SetText(parse.SchemaVersion, g.add(version))
		}
		if auth == "bearer" || auth == "OAuth" {
			r.SetText(parse.TenantID, g.add("72f988bf-86f1-41af-91ab-2d7cd011db47"))
			r.SetText(parse.ApplicationID, g.add(fmt.Sprintf("%08x-1685-4b74-9bfd-dac224a7b894", g.rng.Uint32()%8)))
			r.SetText(parse.Principal, g.add([]string{"alice", "bob", "svc-etl"}[g.rng.IntN(3)], "@example.com"))
		}
		r.SetInt(parse.RequestHeaderSize, int64(200+g.rng.IntN(400)))
		r.SetInt(parse.ResponseHeaderSize, int64(200+g.rng.IntN(200)))
		r.SetInt(parse.BytesReceived, received)
		r.SetInt(parse.TurnaroundTimeMS, turn)
		if o.object && status < 300 {
			r.SetText(parse.ETag, g.add(fmt.Sprintf("0x8D%013X", g.rng.Uint64()>>12)))
		}
		if g.rng.IntN(2) == 0 {
			r.SetText(parse.ClientRequestID, g.add(fmt.Sprintf("%08x-0000-4000-8000-%012x", g.rng.Uint32(), g.rng.Int64N(1<<48))))
		}
	case parse.FormatOBS:
		g.setRequestURI(r, o.method, path, args, proto)
		r.SetText(parse.Operation, g.add(o.s3))
		g.s3Core(r, o, reqID, size, turn)
		if g.rng.IntN(3) == 0 {
			r.SetText(parse.STSLogURN, g.add("sts::", fmt.Sprintf("%012x", g.rng.Int64N(1<<48)), ":assumed-agency/ops"))
		}
		// a storage class in field 20 is the evidence that tells OBS from s3
		r.SetText(parse.StorageClass, g.add([]string{"STANDARD", "WARM", "COLD"}[g.pick(8, 2, 1)]))
		if o.s3 == "REST.COPY.OBJECT" {
			r.SetText(parse.TargetStorageClass, g.add("WARM"))
		}
	default: // s3 and s3json
		g.setRequestURI(r, o.method, path, args, proto)
		r.SetText(parse.Operation, g.add(o.s3))
		if format == parse.FormatS3JSON {
			r.SetText(parse.SchemaVersion, g.add("V_1_0"))
			r.SetText(parse.BucketARN, g.add("arn:aws:s3:::", bucket))
		}
		g.s3Core(r, o, reqID, size, turn)
		if g.rng.IntN(10) > 0 { // most lines carry the later fields too
			r.SetText(parse.HostID, g.add(fmt.Sprintf("%016x%016x%016x%016x=", g.rng.Uint64(), g.rng.Uint64(), g.rng.Uint64(), g.rng.Uint64())))
			r.SetText(parse.SignatureVersion, g.add("SigV4"))
			r.SetText(parse.CipherSuite, g.add("TLS_AES_128_GCM_SHA256"))
			r.SetText(parse.AuthType, g.add([]string{"AuthHeader", "QueryString"}[g.pick(9, 1)]))
			r.SetText(parse.HostHeader, g.add(bucket, ".s3.eu-west-1.amazonaws.com"))
			r.SetText(parse.TLSVersion, g.add("TLSv1.3"))
			if g.rng.IntN(4) == 0 {
				r.SetText(parse.ACLRequired, g.add("Yes"))
			}
			if g.rng.IntN(3) > 0 {
				r.SetText(parse.SourceRegion, g.add("eu-west-1"))
			}
		}
	}
	r.SetText(parse.RemoteIP, ip)
	r.SetInt(parse.Status, status)
	switch format {
	case parse.FormatS3, parse.FormatOSS, parse.FormatOBS, parse.FormatCOS, parse.FormatS3JSON:
		if errCode != "" {
			r.SetText(parse.ErrorCode, g.add(errCode))
		}
	}
	if sent > 0 || format != parse.FormatS3 {
		r.SetInt(parse.BytesSent, sent)
	}
	r.SetInt(parse.TotalTimeMS, total)
	if referer != nil {
		r.SetText(parse.Referer, referer)
	}
	r.SetText(parse.UserAgent, ua)
}

// s3Core sets the fields of the s3 layout that OBS's shares: owner,
// requester, request id, object size and turnaround time.
func (g *Generator) s3Core(r *parse.Record, o op, reqID []byte, size, turn int64) {
	r.SetText(parse.BucketOwner, g.owners[g.rng.IntN(8)])
	if n := g.rng.IntN(len(g.reqs) + 4); n < len(g.reqs) {
		r.SetText(parse.Requester, g.reqs[n])
	}
	r.SetText(parse.RequestID, reqID)
	if o.object && o.method != "DELETE" {
		r.SetInt(parse.ObjectSize, size)
	}
	r.SetInt(parse.TurnaroundTimeMS, turn)
}

func (g *Generator) setRequestURI(r *parse.Record, method, path, args, proto string) {
	start := len(g.arena)
	g.arena = append(g.arena, method...)
	g.arena = append(g.arena, ' ')
	pathAt := len(g.arena)
	g.arena = append(g.arena, path...)
	pathEnd := len(g.arena)
	if args != "" {
		g.arena = append(g.arena, '?')
		g.arena = append(g.arena, args...)
		r.SetText(parse.RequestArgs, g.arena[pathEnd+1:len(g.arena):len(g.arena)])
	}
	g.arena = append(g.arena, ' ')
	protoAt := len(g.arena)
	g.arena = append(g.arena, proto...)
	end := len(g.arena)
	r.SetText(parse.Method, g.arena[start:pathAt-1:pathAt-1])
	r.SetText(parse.RequestPath, g.arena[pathAt:pathEnd:pathEnd])
	r.SetText(parse.Protocol, g.arena[protoAt:end:end])
	r.SetText(parse.RequestURI, g.arena[start:end:end])
}

// Batch returns n records from a Generator of seed, cycling through the
// s3, oss and yandex formats, each a clone the caller owns.
func Batch(seed uint64, n int) []*parse.Record {
	g := New(seed)
	var r parse.Record
	out := make([]*parse.Record, 0, n)
	formats := []parse.Format{parse.FormatS3, parse.FormatOSS, parse.FormatYandex}
	for i := range n {
		g.Next(&r, formats[i%3])
		out = append(out, r.Clone())
	}
	return out
}
