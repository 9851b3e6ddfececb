package bucket

import (
	"bytes"
	"context"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/bucketlogs/bucketlogs/source"
)

// item is what the lister sends: an object, or a listing error.
type item struct {
	obj object
	err error
}

// A fetch is one listed object on its way to the reader: fetched ahead
// into memory by a fetcher when one is free before its turn comes, else
// streamed from the store when it is opened.
type fetch struct {
	item
	// state is pending until a fetcher takes the object (ahead) or its
	// Open comes first (direct); whichever wins the swap does the GET.
	state   atomic.Int32
	done    chan struct{} // closed when data or err is set, once ahead
	data    []byte
	err     error
	cancel  context.CancelFunc // stops the GET ahead
	release func()             // frees the fetcher slot; safe to call twice
}

// The states of a fetch.
const (
	pending int32 = iota
	ahead
	direct
)

// lookahead is how many listed objects the sequence holds ready beyond the
// one being read: descriptors only, whatever the number of fetchers, so a
// reader that takes several inputs before opening any (source.RunInputs
// takes one per worker) never waits on a fetcher.
const lookahead = 1024

// stream yields the objects of l (first is its first page) as inputs. The
// lister runs on one goroutine; a starter takes the listed objects in
// order and fetches each small one ahead as soon as one of
// Options.Fetchers slots is free; inputs are yielded in listing order. A
// slot is held until its object has been read and closed, so at most
// Fetchers objects sit in memory. Open never waits for a slot: an object
// not yet taken by a fetcher is streamed directly.
func (c *Client) stream(ctx context.Context, l *lister, first *s3.ListObjectsV2Output, yield func(source.Input, error) bool) {
	listCtx, stopList := context.WithCancel(ctx)
	items := make(chan item, lookahead)
	fetches := make(chan *fetch, lookahead)
	toStart := make(chan *fetch, lookahead)
	slots := make(chan struct{}, c.opt.Fetchers)
	var wg sync.WaitGroup
	wg.Add(3)
	go func() {
		defer wg.Done()
		defer close(items)
		l.run(listCtx, first, items)
	}()
	go func() {
		defer wg.Done()
		defer close(fetches)
		defer close(toStart)
		for it := range items {
			f := &fetch{item: it, done: make(chan struct{}), cancel: func() {}, release: func() {}}
			if it.err == nil && it.obj.size <= MaxBuffered {
				select {
				case toStart <- f:
				case <-listCtx.Done():
					return
				}
			}
			select {
			case fetches <- f:
			case <-listCtx.Done():
				return
			}
		}
	}()
	go func() {
		defer wg.Done()
		for f := range toStart {
			select {
			case slots <- struct{}{}:
			case <-listCtx.Done():
				continue // drain: the dispatcher is stopping too
			}
			// The GET ahead outlives the sequence (its input may be opened
			// after the last is yielded), so it is not under listCtx: it
			// is stopped one by one if the reader stops. cancel and
			// release are set before the swap that publishes them.
			fctx, cancel := context.WithCancel(ctx)
			f.cancel, f.release = cancel, sync.OnceFunc(func() { <-slots })
			if !f.state.CompareAndSwap(pending, ahead) {
				cancel()
				<-slots // opened first: streamed directly
				continue
			}
			go func() {
				defer cancel()
				c.fetchAhead(fctx, l.u, f)
			}()
		}
	}()
	defer func() {
		stopList()
		for f := range fetches { // not yielded: not wanted
			if !f.state.CompareAndSwap(pending, direct) {
				f.cancel()
				<-f.done
				f.release()
			}
		}
		wg.Wait()
	}()
	for f := range fetches {
		if f.item.err != nil {
			if !yield(source.Input{}, f.item.err) {
				return
			}
			continue
		}
		in := source.Input{Name: l.u.object(f.obj.key), Size: f.obj.size, Open: func(ctx context.Context) (io.ReadCloser, error) {
			return c.open(ctx, l.u, f)
		}}
		if !yield(in, nil) {
			return
		}
	}
}

// open returns f's object: from memory when it was fetched ahead (waiting
// for the GET under way), else streamed from the store.
func (c *Client) open(ctx context.Context, u URL, f *fetch) (io.ReadCloser, error) {
	if f.state.CompareAndSwap(pending, direct) {
		return c.get(ctx, u, f.obj)
	}
	select {
	case <-f.done:
	case <-ctx.Done():
		f.cancel()
		<-f.done
		f.release()
		return nil, ctx.Err()
	}
	if f.err != nil {
		f.release()
		return nil, f.err
	}
	b := &memBody{release: f.release}
	b.Reset(f.data)
	f.data = nil
	return b, nil
}

// memBody is an object fetched ahead; closing it frees its slot.
type memBody struct {
	bytes.Reader
	release func()
}

func (b *memBody) Close() error {
	b.Reset(nil)
	b.release()
	return nil
}

// get sends the GET of obj and returns the body to stream.
func (c *Client) get(ctx context.Context, u URL, obj object) (io.ReadCloser, error) {
	out, err := c.s3.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(u.Bucket), Key: aws.String(obj.key)})
	if err != nil {
		c.stats.Failed.Add(1)
		return nil, c.wrap(u.object(obj.key), "get", err)
	}
	c.stats.Fetched.Add(1)
	return out.Body, nil
}

// fetchAhead reads f's object whole into memory. The SDK retries the
// request; a connection that breaks while the body is read is retried here,
// with the same backoff, up to MaxAttempts in all.
func (c *Client) fetchAhead(ctx context.Context, u URL, f *fetch) {
	defer close(f.done)
	for attempt := 1; ; attempt++ {
		body, err := c.get(ctx, u, f.obj)
		if err != nil {
			f.err = err
			return
		}
		buf := bytes.NewBuffer(make([]byte, 0, f.obj.size+bytes.MinRead))
		_, err = buf.ReadFrom(body)
		body.Close()
		if err == nil {
			f.data = buf.Bytes()
			return
		}
		if attempt >= c.opt.MaxAttempts || ctx.Err() != nil {
			c.stats.Failed.Add(1)
			f.err = &Error{URL: u.object(f.obj.key), Op: "get", Err: err}
			return
		}
		select {
		case <-time.After(backoff(attempt)):
		case <-ctx.Done():
		}
	}
}

// backoff is the wait before attempt+1: 100 ms doubling, up to 20 s.
func backoff(attempt int) time.Duration {
	d := 100 * time.Millisecond << min(attempt-1, 8)
	return min(d, 20*time.Second)
}
