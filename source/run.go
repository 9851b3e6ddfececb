package source

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"iter"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/s3line"
	"github.com/bucketlogs/bucketlogs/yajson"
)

// DefaultBlockSize is how many bytes of lines one block job carries. A
// block of 256 KiB stays in a core's cache while it is decoded, and the
// 2×workers+2 blocks of a run hold a small share of the memory: against 1
// MiB blocks, a report on 1M s3 lines with 2 workers peaks at 42 MiB
// instead of 49 (max RSS), in about the same time.
const DefaultBlockSize = 256 << 10

// RunOptions says how [Run] decodes.
type RunOptions struct {
	Options
	// BlockSize is the size of the blocks a line input is cut into
	// (DefaultBlockSize when 0).
	BlockSize int
	// Stdin is read for the input "-".
	Stdin io.Reader
	// FS, if set, is where the input names are opened, instead of the
	// operating system's file system.
	FS fs.FS
	// OnError, if set, receives every decoding error, in input order, from
	// one goroutine at a time.
	OnError func(error)
	// Progress, if set, is updated as input is read and records decoded.
	Progress *Progress
	// Context, if set, stops the run when it is done: no more input is
	// read, work under way is dropped, and Run returns the context's error.
	Context context.Context
}

// Progress counts, with atomics, how far a [Run] has got; another goroutine
// may read it while the run goes on.
type Progress struct {
	// Inputs is the number of inputs opened (or tried) so far.
	Inputs atomic.Int64
	// Total is the sum of the sizes of the inputs, when the caller knows
	// it: Run sets it from the files' sizes; RunInputs leaves it to the
	// caller, who may add to it as inputs are listed.
	Total atomic.Int64
	// Read is the number of input (file) bytes read so far.
	Read atomic.Int64
	// Records is the number of records decoded so far.
	Records atomic.Int64
}

// errorWindow is how many errors a worker holds back while earlier input
// is still being decoded. Past it, the worker waits for its turn and then
// hands its errors to OnError directly, so memory for errors stays bounded
// however many lines are bad.
const errorWindow = 256

// Run decodes every input on one worker goroutine per consumer (plus one
// reader) and hands each record to the consumer of the worker that decoded
// it: consumers[i] is only ever called from worker i, with a record valid
// only during the call, so per-worker state needs no lock.
//
// Line inputs (s3, oss) are cut into blocks of whole lines by one reader
// goroutine, which also decompresses, so decompression overlaps decoding and
// one large file uses every worker (while the reader decompresses, which is
// then what the run waits on, at most GOMAXPROCS-1 workers decode at a
// time, leaving it a core); when there are at least as many inputs as
// workers (and more than one worker), compressed inputs are instead given
// whole to the workers, so that they decompress in parallel. JSON lines inputs (yandex, s3json, azurejson: one object per
// line, see yajson.IsLines) are cut into blocks like line inputs; other
// JSON inputs (arrays, pretty-printed records) are decoded whole by one
// worker each. Errors reach opt.OnError in input order and line numbers and
// offsets are those of a sequential read, so the output of a run does not
// depend on the number of workers.
//
// Memory is bounded whatever the input: there are at most 2×workers+2
// blocks (each BlockSize, or the longest line in it when that is larger), which the
// reader reuses and waits for when workers are slower than it; a worker
// holds at most 256 errors back while input before its own is still being
// decoded, then waits for its turn to report.
//
// Inputs that cannot be opened or recognised are reported to OnError too, in
// their place, and the first of them is returned (the others are still read);
// decoding errors are counted in the returned Counts. If opt.Context ends
// the run early, its error is returned and the counts are of what was
// decoded.
func Run(inputs []string, opt RunOptions, consumers []func(*parse.Record)) (parse.Counts, error) {
	if opt.Progress == nil {
		opt.Progress = new(Progress)
	}
	for _, name := range inputs {
		if name == Stdin && opt.FS == nil {
			continue
		}
		stat := os.Stat
		if opt.FS != nil {
			stat = func(n string) (fs.FileInfo, error) { return fs.Stat(opt.FS, n) }
		}
		if info, err := stat(name); err == nil {
			opt.Progress.Total.Add(info.Size())
		}
	}
	return RunInputs(Names(inputs, opt.FS, opt.Stdin), opt, consumers)
}

// RunInputs is [Run] over a sequence of inputs (opt.FS and opt.Stdin are
// not used: the inputs say how they open). The sequence is read as the run
// goes, so it may list inputs while earlier ones are decoded (a bucket
// listing); an error in it is reported to OnError in its place and the run
// goes on. Whether compressed inputs are given whole to workers is decided
// on the first inputs: it reads up to one input per worker ahead.
func RunInputs(inputs Inputs, opt RunOptions, consumers []func(*parse.Record)) (parse.Counts, error) {
	batches := make([]func([]parse.Record), len(consumers))
	for i, c := range consumers {
		batches[i] = func(recs []parse.Record) {
			for k := range recs {
				c(&recs[k])
			}
		}
	}
	return RunBatches(inputs, opt, batches)
}

// BatchSize is the most records a [RunBatches] consumer is given in one
// call.
const BatchSize = 32

// RunBatches is [RunInputs] with consumers that take records a batch at a
// time: consumers[i] is only ever called from worker i, with 1 to
// [BatchSize] records, in input order within the worker. The batch and its
// records are the worker's, reused after the call returns, and valid only
// during it; the consumer may modify them (reset them, reorder them by
// swapping, drop some by reslicing) but not keep them. Copying one record
// over another would make the two share an Extra array, which the
// worker's next records would then write through twice.
//
// Records decoded by the s3line parsers (s3, oss, obs, cos), whose text is
// views into their line, come in batches of up to BatchSize lines of one
// block; other records (JSON, gcs and azure lines, whose decoders reuse
// a buffer from one record to the next, and whole inputs) come one at a
// time. A consumer that goes over a batch aggregate by aggregate, as
// [aggregate.Report.AddBatch] does, keeps each aggregate's tables in cache
// while the batch passes.
func RunBatches(inputs Inputs, opt RunOptions, consumers []func([]parse.Record)) (parse.Counts, error) {
	workers := len(consumers)
	if workers < 1 {
		panic("source: Run needs at least one consumer")
	}
	if opt.BlockSize <= 0 {
		opt.BlockSize = DefaultBlockSize
	}
	if opt.Progress == nil {
		opt.Progress = new(Progress)
	}
	ctx := opt.Context
	if ctx == nil {
		ctx = context.Background()
	}
	rn := &runner{opt: opt, ctx: ctx, free: make(chan *job, 2*workers+2)}
	// While the reader decompresses, it is the one goroutine the run waits
	// on: the workers decoding its blocks leave it a core of its own.
	rn.unpacked = make(chan struct{}, min(workers, max(1, runtime.GOMAXPROCS(0)-1)))
	rn.turn = sync.NewCond(&rn.mu)
	for range cap(rn.free) {
		rn.free <- new(job)
	}
	stopWatch := context.AfterFunc(ctx, func() {
		rn.mu.Lock()
		rn.canceled = true
		rn.turn.Broadcast()
		rn.mu.Unlock()
	})
	defer stopWatch()

	jobs := make(chan *job, 2*workers)
	results := make(chan *result, 4*workers)
	var wg sync.WaitGroup
	for i := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := worker{rn: rn, consume: consumers[i], progress: opt.Progress}
			for j := range jobs {
				w.gated = j.packed
				if w.gated {
					rn.unpacked <- struct{}{}
				}
				res := w.do(j)
				if w.gated {
					<-rn.unpacked
				}
				results <- res
			}
		}()
	}
	var firstErr error
	go func() {
		firstErr = rn.produce(inputs, workers, jobs, results)
		close(jobs)
		wg.Wait()
		close(results)
	}()

	// Collect results in job order, reporting the errors each worker held
	// back; a result's turn comes once every earlier one is in.
	var total parse.Counts
	pending := map[int]*result{}
	for r := range results {
		pending[r.seq] = r
		for {
			rn.mu.Lock()
			r, ok := pending[rn.next]
			if !ok {
				rn.mu.Unlock()
				break
			}
			delete(pending, rn.next)
			total.Add(r.counts)
			if !rn.canceled {
				rn.report(r.errs)
			}
			rn.next++
			rn.turn.Broadcast()
			rn.mu.Unlock()
		}
	}
	if err := ctx.Err(); err != nil {
		return total, err
	}
	return total, firstErr
}

// runner is what the reader, the workers and the collector of one [Run]
// share.
type runner struct {
	opt  RunOptions
	ctx  context.Context
	free chan *job // the blocks not in use: a fixed number, reused
	// lines frames line inputs into blocks, reused from one input to the
	// next (the reader's goroutine only).
	lines *parse.LineReader
	// unpacked holds a token for each worker decoding a block that the
	// reader decompressed: at most one less than the cores.
	unpacked chan struct{}

	mu       sync.Mutex
	turn     *sync.Cond // signalled when next moves or the run is canceled
	next     int        // the job whose errors are reported now
	canceled bool
}

// report hands errs to OnError; mu is held.
func (rn *runner) report(errs []error) {
	if rn.opt.OnError == nil {
		return
	}
	for _, err := range errs {
		rn.opt.OnError(err)
	}
}

// A job is a block of lines of one input, or a whole input, or an error the
// reader found between blocks.
type job struct {
	seq    int
	format parse.Format
	source string

	// A block: whole lines (the last may lack its '\n' at the end of the
	// input), the stream offset of the first byte, the number of the first
	// line, and the longest line allowed.
	data      []byte
	offset    int64
	firstLine int
	maxLine   int
	block     bool // data is one of the runner's reusable blocks
	packed    bool // the reader decompressed data: decode it holding a token of unpacked

	stream *Stream // a whole input, decoded by the worker
	err    error   // an error to report in order (an over-long line)
}

type result struct {
	seq    int
	counts parse.Counts
	errs   []error
}

type worker struct {
	rn       *runner
	consume  func([]parse.Record)
	progress *Progress
	lines    [16]parse.LineParser // by format, made when first needed
	ya       yajson.Parser
	rec      parse.Record
	batch    []parse.Record // BatchSize records, for the views-only parsers

	// The errors of the current job: held back until its turn, or, once
	// the job has had to wait for its turn (direct), reported at once.
	seq    int
	errs   []error
	direct bool
	gated  bool // the job holds a token of rn.unpacked
}

func (w *worker) do(j *job) *result {
	res := &result{seq: j.seq}
	w.seq, w.errs, w.direct = j.seq, nil, false
	canceled := w.rn.ctx.Err() != nil
	switch {
	case canceled:
		if j.stream != nil {
			j.stream.Close()
		}
	case j.err != nil:
		res.counts.Lines, res.counts.Errors = 1, 1
		w.emit(j.err)
	case j.stream != nil:
		for rec, err := range j.stream.All() {
			if err != nil {
				w.emit(err)
				if w.rn.ctx.Err() != nil {
					break
				}
				continue
			}
			w.consumeOne(rec)
			w.progress.Records.Add(1)
		}
		res.counts = j.stream.Counts()
		j.stream.Close()
	default:
		w.block(j, res)
	}
	if j.block {
		j.data = j.data[:0]
		w.rn.free <- j
	}
	res.errs = w.errs
	w.errs = nil
	return res
}

// emit reports an error of the current job: held back while earlier jobs
// are being decoded, up to errorWindow of them; then the worker waits for
// its job's turn (or the end of the run) and reports directly from then on.
func (w *worker) emit(err error) {
	if w.rn.opt.OnError == nil {
		return
	}
	if !w.direct && len(w.errs) < errorWindow {
		w.errs = append(w.errs, err)
		return
	}
	rn := w.rn
	if w.gated {
		// The earlier jobs may be waiting for this one's token.
		<-rn.unpacked
		defer func() { rn.unpacked <- struct{}{} }()
	}
	rn.mu.Lock()
	for rn.next != w.seq && !rn.canceled {
		rn.turn.Wait()
	}
	if !rn.canceled {
		rn.report(w.errs)
		rn.report([]error{err})
	}
	rn.mu.Unlock()
	w.errs = w.errs[:0]
	w.direct = true
}

// block decodes the lines of a block job.
func (w *worker) block(j *job, res *result) {
	jsonRecords := isJSONFormat(j.format)
	var p parse.LineParser
	batched := false // records are views into the block's lines: batch them
	if !jsonRecords {
		if int(j.format) >= len(w.lines) {
			panic("source: no line parser for format " + j.format.String())
		}
		if w.lines[j.format] == nil {
			w.lines[j.format] = lineParser(j.format)
		}
		p = w.lines[j.format]
		_, batched = p.(*s3line.Parser)
	}
	if batched && w.batch == nil {
		w.batch = make([]parse.Record, BatchSize)
	}
	nb := 0 // records in w.batch, held until it is full or the block ends
	data := j.data
	pos := 0
	var n int64
	for lineNo := j.firstLine; pos < len(data); lineNo++ {
		end := len(data)
		next := end
		if i := bytes.IndexByte(data[pos:], '\n'); i >= 0 {
			end = pos + i
			next = end + 1
		}
		line := data[pos:end]
		off := j.offset + int64(pos)
		pos = next
		if k := len(line); k > 0 && line[k-1] == '\r' {
			line = line[:k-1]
		}
		res.counts.Lines++
		switch {
		case len(line) > j.maxLine:
			res.counts.Errors++
			w.emit(&parse.Error{Source: j.source, Line: lineNo, Offset: off, Err: parse.ErrLineTooLong})
		case parse.IsBlank(line):
			res.counts.Blank++
		case jsonRecords:
			n += w.jsonLine(j, res, line, lineNo, off)
		default:
			rec := &w.rec
			if batched {
				rec = &w.batch[nb]
			}
			if err := p.Parse(line, rec); err != nil {
				if err == parse.ErrHeader {
					res.counts.Blank++
					continue
				}
				pe := err.(*parse.Error)
				pe.Source, pe.Line, pe.Offset = j.source, lineNo, pe.Offset+off
				if j.firstLine == 1 && res.counts.Records == 0 && res.counts.Errors < 3 {
					// The first lines of an input failing: say if the
					// layout is wrong, as the sequential reader does.
					pe.Hint = s3line.LayoutHint(line, j.format)
				}
				res.counts.Errors++
				w.emit(pe)
				continue
			}
			res.counts.Records++
			n++
			rec.Raw = line
			if !batched {
				w.consumeOne(rec)
			} else if nb++; nb == len(w.batch) {
				w.consume(w.batch)
				nb = 0
			}
		}
	}
	if nb > 0 {
		w.consume(w.batch[:nb]) // before the block, which the views are into, is reused
	}
	w.progress.Records.Add(n)
}

// consumeOne hands one record to the consumer, as a batch of one.
func (w *worker) consumeOne(r *parse.Record) { w.consume(unsafe.Slice(r, 1)) }

// jsonLine decodes one line of a JSON lines block (of any JSON layout) as yajson.Reader
// does (one record, or the framer for a line that is not one object) and
// returns the records it gave.
func (w *worker) jsonLine(j *job, res *result, line []byte, lineNo int, off int64) int64 {
	w.ya.Format = j.format
	if err := w.ya.Parse(line, &w.rec); err == nil {
		res.counts.Records++
		w.rec.Raw = line
		w.consumeOne(&w.rec)
		return 1
	}
	var n int64
	yajson.Line(j.format, line, j.maxLine, func(r *parse.Record, pe *parse.Error) bool {
		if pe != nil {
			res.counts.Errors++
			pe.Source, pe.Line, pe.Offset = j.source, lineNo, pe.Offset+off
			w.emit(pe)
			return true
		}
		res.counts.Records++
		n++
		w.consumeOne(r)
		return true
	})
	return n
}

// countingReader counts the bytes read from a file, for progress.
type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// produce opens the inputs in order and sends their jobs.
func (rn *runner) produce(inputs Inputs, workers int, jobs chan<- *job, results chan<- *result) error {
	opt := rn.opt
	next, stop := iter.Pull2(inputs)
	defer stop()
	// Read up to one input per worker ahead: with that many inputs,
	// compressed ones are decoded whole by the workers, in parallel.
	var ahead []Input
	var aheadErr []error
	for len(ahead) < workers {
		in, err, ok := next()
		if !ok {
			break
		}
		ahead, aheadErr = append(ahead, in), append(aheadErr, err)
	}
	// One worker gains nothing from whole inputs: the reader decompressing
	// beside it is the only overlap there is.
	many := workers > 1 && len(ahead) >= workers
	var firstErr error
	seq := 0
	fail := func(err error) {
		firstErr = cmpErr(firstErr, err)
		results <- &result{seq: seq, errs: []error{err}}
		seq++
	}
	for rn.ctx.Err() == nil {
		var in Input
		var err error
		if len(ahead) > 0 {
			in, err = ahead[0], aheadErr[0]
			ahead, aheadErr = ahead[1:], aheadErr[1:]
		} else {
			var ok bool
			if in, err, ok = next(); !ok {
				break
			}
		}
		if err != nil {
			fail(err)
			continue
		}
		opt.Progress.Inputs.Add(1)
		rc, err := in.Open(rn.ctx)
		if err != nil {
			fail(&openError{in.Name, err})
			continue
		}
		st, err := NewStream(in.Name, countingReader{rc, &opt.Progress.Read}, opt.Options)
		if err != nil {
			rc.Close()
			fail(&openError{in.Name, err})
			continue
		}
		st.closers = append([]io.Closer{rc}, st.closers...)
		whole := isJSONFormat(st.Format) && !st.jsonLines() ||
			st.Compression != parse.CompressionNone && many
		if whole {
			jobs <- &job{seq: seq, stream: st}
			seq++
			continue
		}
		seq = rn.cutBlocks(st, seq, jobs)
		st.Close()
	}
	return firstErr
}

// cutBlocks reads a line input and sends it as blocks of whole lines, cut
// by the same parse.LineReader the sequential readers use (so line ends, a
// byte order mark and over-long lines are framed one way). It does no work
// per line: it reads into a block's buffer, cuts after the last '\n' and
// counts the lines, so that one reader keeps several workers busy.
func (rn *runner) cutBlocks(st *Stream, seq int, jobs chan<- *job) int {
	opt := rn.opt
	maxLine := opt.MaxLineSize
	if maxLine <= 0 {
		maxLine = parse.DefaultMaxLineSize
	}
	lr := rn.lines
	if lr == nil {
		lr = parse.NewLineReader(st.dec, st.Name, maxLine)
		rn.lines = lr
	} else {
		lr.Reset(st.dec, st.Name)
	}
	for rn.ctx.Err() == nil {
		j := rn.newBlock(st, seq)
		if cap(j.data) < opt.BlockSize {
			j.data = make([]byte, 0, opt.BlockSize)
		}
		b, err := lr.ReadBlock(j.data)
		j.data = b.Data
		if err != nil {
			rn.free <- j
			if err == io.EOF {
				break
			}
			jobs <- &job{seq: seq, err: err}
			seq++
			if !errors.Is(err, parse.ErrLineTooLong) {
				break // a read error ends the input
			}
			continue
		}
		j.maxLine, j.offset, j.firstLine = maxLine, b.Offset, b.Line
		j.packed = st.Compression != parse.CompressionNone
		jobs <- j
		seq++
	}
	return seq
}

// newBlock takes a free block, waiting for one when all are in use: that
// is what bounds the queue between the reader and the workers.
func (rn *runner) newBlock(st *Stream, seq int) *job {
	j := <-rn.free
	*j = job{seq: seq, format: st.Format, source: st.Name, data: j.data[:0], block: true}
	return j
}

// openError is an input that could not be opened or recognised.
type openError struct {
	name string
	err  error
}

func (e *openError) Error() string {
	var pe *fs.PathError
	msg := e.err.Error()
	if errors.As(e.err, &pe) || strings.HasPrefix(msg, e.name+": ") {
		return msg // names the input already
	}
	return e.name + ": " + msg
}
func (e *openError) Unwrap() error { return e.err }

func cmpErr(first, err error) error {
	if first != nil {
		return first
	}
	return err
}
