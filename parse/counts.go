package parse

// Counts tells what a stream decoder has done so far. Every line (or JSON
// record) read ends in exactly one of Records, Errors or Blank, so
// Records + Errors + Blank == Lines for line formats.
type Counts struct {
	// Lines is the number of lines read (for JSON input: records attempted).
	Lines int64
	// Records is the number of records decoded and yielded.
	Records int64
	// Errors is the number of lines or records reported as errors, including
	// over-long lines and a final I/O error.
	Errors int64
	// Blank is the number of lines holding only white space, which are
	// skipped without a record or an error.
	Blank int64
}

// Add adds o's counts to c.
func (c *Counts) Add(o Counts) {
	c.Lines += o.Lines
	c.Records += o.Records
	c.Errors += o.Errors
	c.Blank += o.Blank
}
