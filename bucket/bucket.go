// Package bucket lists and reads access-log objects straight from a bucket
// of AWS S3 or any S3-compatible store (OVHcloud, Yandex, Ceph, MinIO,
// Backblaze, Wasabi, DigitalOcean, Alibaba OSS through its S3 API), as
// [source.Inputs] that source.RunInputs and the command decode like local
// files.
//
// Objects are listed page by page, pruned by the delivery time in their
// names when a time window is given (see package lognames: objects that
// cannot hold a record of the window are not fetched, and listing jumps
// past runs of them with StartAfter), and fetched by several goroutines
// ahead of the reader, so that thousands of small objects do not wait on
// one round trip each. Nothing lands on disk.
//
// It is a package of its own so that programs that only parse do not link
// the AWS SDK.
package bucket

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/bucketlogs/bucketlogs/source"
)

// DefaultFetchers is how many objects are fetched at once when
// Options.Fetchers is 0.
const DefaultFetchers = 32

// DefaultMaxAttempts is how many times a request is tried when
// Options.MaxAttempts is 0: throttling, 5xx answers and broken connections
// are retried with exponential backoff (jittered, up to 20 s apart).
const DefaultMaxAttempts = 5

// MaxBuffered is the size up to which an object is fetched whole into
// memory ahead of its turn. Larger objects are streamed from the store
// when their turn comes. Memory for objects fetched ahead is at most
// Fetchers × MaxBuffered.
const MaxBuffered = 8 << 20

// Options says how to reach the store and what to list.
type Options struct {
	// Endpoint is the store's URL, such as https://s3.gra.io.cloud.ovh.net;
	// "" means the environment's AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL,
	// else AWS.
	Endpoint string
	// Region is the store's region; "" means the one of the standard AWS
	// configuration (AWS_REGION, the profile), else us-east-1.
	Region string
	// VirtualHost addresses buckets as BUCKET.ENDPOINT rather than
	// ENDPOINT/BUCKET when an endpoint is given (Alibaba OSS needs it). On
	// AWS itself (no endpoint) the SDK picks virtual-host addressing.
	VirtualHost bool
	// NoSign sends requests unsigned, for public buckets; otherwise
	// credentials come from the standard AWS chain (environment, shared
	// config and credentials files, AWS_PROFILE, SSO, container and
	// instance roles).
	NoSign bool
	// Fetchers is how many objects are fetched at once (DefaultFetchers
	// when 0).
	Fetchers int
	// MaxAttempts is how many times a request is tried
	// (DefaultMaxAttempts when 0).
	MaxAttempts int
	// Since and Until, when not zero, bound the window of record times
	// asked about: objects whose names' delivery times cannot hold a
	// record of [Since, Until) with Late delivery are not fetched (see
	// lognames.MayHold; 0 Late is lognames.DefaultLate). Records are not
	// filtered here: the caller still filters them by their own time.
	Since, Until time.Time
	Late         time.Duration
	// HTTPClient, if set, sends the requests (tests count them with it).
	HTTPClient *http.Client
	// Stats, if set, is updated as objects are listed and fetched.
	Stats *Stats
}

// Stats counts, with atomics, what a [Client] has listed and fetched;
// another goroutine may read it meanwhile.
type Stats struct {
	// Listed is the number of objects listed and kept to be read.
	Listed atomic.Int64
	// ListedBytes is the sum of their sizes.
	ListedBytes atomic.Int64
	// Skipped is the number of objects listed and not read because their
	// names' delivery times are outside the window.
	Skipped atomic.Int64
	// Fetched is the number of objects whose GET answered.
	Fetched atomic.Int64
	// Failed is the number of objects (or listings) that could not be read
	// after retries.
	Failed atomic.Int64
	// ListRequests is the number of list requests made.
	ListRequests atomic.Int64
}

// A Client lists and reads the objects of buckets of one store. It is safe
// for concurrent use.
type Client struct {
	s3       *s3.Client
	opt      Options
	stats    *Stats
	endpoint string
}

// New makes a client of the store opt describes, from the standard AWS
// configuration and opt. It makes no request: credentials, endpoint and
// bucket are first checked by [Client.Inputs]. The error is one of
// loading the configuration (a profile that does not exist, say).
func New(ctx context.Context, opt Options) (*Client, error) {
	if opt.Fetchers <= 0 {
		opt.Fetchers = DefaultFetchers
	}
	if opt.MaxAttempts <= 0 {
		opt.MaxAttempts = DefaultMaxAttempts
	}
	endpoint := opt.Endpoint
	if endpoint == "" {
		endpoint = os.Getenv("AWS_ENDPOINT_URL_S3")
	}
	if endpoint == "" {
		endpoint = os.Getenv("AWS_ENDPOINT_URL")
	}
	var httpClient config.HTTPClient = opt.HTTPClient
	if opt.HTTPClient == nil {
		// Enough idle connections for every fetcher and the lister: the
		// SDK's default keeps few per host, and a new TLS connection per
		// small object costs more than the object.
		httpClient = awshttp.NewBuildableClient().WithTransportOptions(func(t *http.Transport) {
			t.MaxIdleConns = 2*opt.Fetchers + 8
			t.MaxIdleConnsPerHost = opt.Fetchers + 4
		})
	}
	loads := []func(*config.LoadOptions) error{
		config.WithHTTPClient(httpClient),
		config.WithRetryer(func() aws.Retryer {
			return retry.NewStandard(func(o *retry.StandardOptions) {
				o.MaxAttempts = opt.MaxAttempts
				// Every fetcher retries on its own: no shared quota that a
				// burst of throttling would exhaust for all of them.
				o.RateLimiter = ratelimit.None
			})
		}),
		// Several S3-compatible stores do not implement the newer
		// checksums: compute and check them only where S3 requires.
		config.WithRequestChecksumCalculation(aws.RequestChecksumCalculationWhenRequired),
		config.WithResponseChecksumValidation(aws.ResponseChecksumValidationWhenRequired),
	}
	if opt.Region != "" {
		loads = append(loads, config.WithRegion(opt.Region))
	}
	if opt.NoSign {
		loads = append(loads, config.WithCredentialsProvider(aws.AnonymousCredentials{}))
	}
	cfg, err := config.LoadDefaultConfig(ctx, loads...)
	if err != nil {
		return nil, fmt.Errorf("loading the AWS configuration: %w", err)
	}
	if cfg.Region == "" {
		cfg.Region = "us-east-1" // S3-compatible stores mostly accept it
	}
	c := &Client{opt: opt, stats: opt.Stats, endpoint: endpoint}
	if c.stats == nil {
		c.stats = new(Stats)
	}
	c.s3 = s3.NewFromConfig(cfg, func(o *s3.Options) {
		if endpoint != "" {
			o.BaseEndpoint = aws.String(endpoint)
			o.UsePathStyle = !opt.VirtualHost
		}
	})
	return c, nil
}

// Inputs returns the objects under u as inputs, in key order, pruned by
// the window of the client's Options. It makes the first list request
// before returning, so that wrong credentials, a missing bucket or a prefix
// with no objects are an *Error here (Err [ErrNoObjects] for the last) and
// not in the sequence. The sequence lists the rest page by page as it is
// read and fetches objects ahead of the reader on Options.Fetchers
// goroutines, which stop when the reader stops; an object that cannot be
// read after retries (deleted since it was listed, say) is an *Error from
// its Input's Open, and a listing that fails after retries an *Error in
// the sequence, which then ends. ctx bounds every request of the sequence.
func (c *Client) Inputs(ctx context.Context, u URL) (source.Inputs, error) {
	l := &lister{c: c, u: u}
	first, err := l.page(ctx)
	if err != nil {
		return nil, err
	}
	if len(first.Contents) == 0 && !aws.ToBool(first.IsTruncated) {
		return nil, &Error{URL: u.String(), Op: "list", Err: ErrNoObjects}
	}
	return func(yield func(source.Input, error) bool) {
		c.stream(ctx, l, first, yield)
	}, nil
}

// ErrNoObjects is the cause of the error [Client.Inputs] returns for a
// bucket or prefix with no objects at all (before any pruning by time).
var ErrNoObjects = errors.New("no objects under this prefix")

// Stats returns the client's counters (Options.Stats, or its own).
func (c *Client) Stats() *Stats { return c.stats }
