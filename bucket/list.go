package bucket

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/bucketlogs/bucketlogs/lognames"
)

// An object is a listed object to read.
type object struct {
	key  string
	size int64
	etag string
}

// lister lists the keys under one URL, in order, with jumps past objects
// the window rejects. It is used by one goroutine.
type lister struct {
	c          *Client
	u          URL
	startAfter string
	token      *string // continuation of the current listing
}

// page makes the next list request.
func (l *lister) page(ctx context.Context) (*s3.ListObjectsV2Output, error) {
	in := &s3.ListObjectsV2Input{Bucket: aws.String(l.u.Bucket), ContinuationToken: l.token}
	if l.u.Prefix != "" {
		in.Prefix = aws.String(l.u.Prefix)
	}
	if l.startAfter != "" && l.token == nil {
		in.StartAfter = aws.String(l.startAfter)
	}
	l.c.stats.ListRequests.Add(1)
	out, err := l.c.s3.ListObjectsV2(ctx, in)
	if err != nil {
		return nil, l.c.wrap(l.u.String(), "list", err)
	}
	return out, nil
}

// run sends the objects of page and of the pages after it to out, and a
// listing error, until the listing ends or ctx is done.
func (l *lister) run(ctx context.Context, page *s3.ListObjectsV2Output, out chan<- item) {
	opt := &l.c.opt
	window := !opt.Since.IsZero() || !opt.Until.IsZero()
	for {
		jump := ""
		for _, o := range page.Contents {
			key := aws.ToString(o.Key)
			size := aws.ToInt64(o.Size)
			if size == 0 && strings.HasSuffix(key, "/") {
				continue // a folder marker, not a log
			}
			if window && !lognames.MayHold(key, opt.Since, opt.Until, opt.Late) {
				l.c.stats.Skipped.Add(1)
				// Jump only past the end of this page: within it, going on
				// costs no request.
				last := aws.ToString(page.Contents[len(page.Contents)-1].Key)
				if next := lognames.Next(key, opt.Since, opt.Until, opt.Late); next > last {
					jump = next
					break
				}
				continue
			}
			l.c.stats.Listed.Add(1)
			l.c.stats.ListedBytes.Add(size)
			select {
			case out <- item{obj: object{key: key, size: size, etag: aws.ToString(o.ETag)}}:
			case <-ctx.Done():
				return
			}
		}
		switch {
		case jump != "":
			l.startAfter, l.token = jump, nil
		case aws.ToBool(page.IsTruncated) && page.NextContinuationToken != nil:
			l.token = page.NextContinuationToken
		default:
			return
		}
		var err error
		if page, err = l.page(ctx); err != nil {
			if ctx.Err() == nil {
				l.c.stats.Failed.Add(1)
				select {
				case out <- item{err: err}:
				case <-ctx.Done():
				}
			}
			return
		}
	}
}
