package parse

// Counts tells what a stream decoder has done so far. Every line read ends
// in exactly one of Records, Errors or Blank, so Records + Errors + Blank ==
// Lines for line formats. JSON input counts its physical lines too, so the
// same holds for one record per line; a line may also hold several records
// (an array, concatenated objects, a stray byte before a record) or a record
// span several lines.
type Counts struct {
	// Lines is the number of lines read: the line ends, plus a last line
	// without one.
	Lines int64
	// Records is the number of records decoded and yielded.
	Records int64
	// Errors is the number of lines or records reported as errors, including
	// over-long lines and a final I/O error.
	Errors int64
	// Blank is the number of lines holding only white space, and of
	// header lines (a gcs file's column names), which are skipped without
	// a record or an error.
	Blank int64
}

// Add adds o's counts to c.
func (c *Counts) Add(o Counts) {
	c.Lines += o.Lines
	c.Records += o.Records
	c.Errors += o.Errors
	c.Blank += o.Blank
}
