package s3line

import (
	"bytes"
	"time"

	"github.com/bucketlogs/bucketlogs/internal/s3ops"
	"github.com/bucketlogs/bucketlogs/internal/timefmt"
	"github.com/bucketlogs/bucketlogs/parse"
)

// Field counts of the two layouts.
const (
	// MinS3Fields is the fewest fields an s3 line may have (up to User-Agent).
	MinS3Fields = 17
	// KnownS3Fields is the number of s3 fields with a name; later ones go to
	// Record.Extra.
	KnownS3Fields = 27
	// MinOSSFields is the fewest fields an oss line may have.
	MinOSSFields = 25
	// KnownOSSFields is the number of oss fields with a name.
	KnownOSSFields = 29
	// MinCOSFields is the fewest fields a cos line may have (up to the
	// request line); KnownCOSFields the number with a name.
	MinCOSFields   = 30
	KnownCOSFields = 31
)

// A Parser decodes single access-log lines into a [parse.Record].
//
// The zero Parser decodes s3 lines; set Format before the first call to
// [parse.FormatOSS] for Alibaba Cloud OSS lines, [parse.FormatOBS] for
// Huawei OBS lines or [parse.FormatCOS] for Tencent Cloud COS lines.
//
// An s3 Parser takes a line for OBS, and gives its record the format obs,
// only on evidence in the line: a storage-class name (STANDARD, WARM,
// COLD, ...) as field 20 or 21, where the AWS layout has a Signature
// Version and a cipher suite. An obs Parser reads fields 19-21 as OBS's
// whatever they hold.
//
// Between calls a Parser keeps only caches (of operations' actions and of
// the last time's minute), which never change a result; it may be reused
// for any number of lines. It is not safe for concurrent use: use one
// Parser per goroutine.
type Parser struct {
	// Format is the layout of the lines: parse.FormatS3 (or the zero
	// value), parse.FormatOSS, parse.FormatOBS or parse.FormatCOS.
	Format parse.Format

	actions s3ops.Cache
	times   timeCache
}

// Parse decodes line, which must not include its line end, into r. It resets
// r first and fills it in place; the text fields of r are views into line,
// valid until line is modified (see [parse.Record]). Parse does not allocate,
// except once to grow r.Extra for a line with more fields than known.
//
// A malformed line returns a *[parse.Error] with Line 0, Offset the byte
// offset of the offending field within line, Field its name, and Err one of
// [parse.ErrFieldCount], [parse.ErrSyntax] or [parse.ErrRange]; r is then
// partly filled and should not be used.
func (p *Parser) Parse(line []byte, r *parse.Record) error {
	r.Reset()
	line, lead := trim(line)
	if lead > 0 {
		err := p.parse(line, r)
		if pe, ok := err.(*parse.Error); ok {
			pe.Offset += int64(lead)
		}
		return err
	}
	return p.parse(line, r)
}

// trim drops the white space around a line's fields, as some exports write
// it, and returns how many bytes it dropped at the start.
func trim(line []byte) ([]byte, int) {
	if n := len(line); n > 0 && line[0] > ' ' && line[n-1] > ' ' {
		return line, 0 // the common case
	}
	for n := len(line); n > 0 && (line[n-1] == ' ' || line[n-1] == '\t' || line[n-1] == '\r'); n-- {
		line = line[:n-1]
	}
	lead := 0
	for lead < len(line) && (line[lead] == ' ' || line[lead] == '\t') {
		lead++
	}
	return line[lead:], lead
}

func (p *Parser) parse(line []byte, r *parse.Record) error {
	var err error
	switch p.Format {
	case parse.FormatOSS:
		r.Format = parse.FormatOSS
		if !fastOSS(line, r, &p.times) {
			r.Reset()
			r.Format = parse.FormatOSS
			err = parseOSS(line, r)
		}
	case parse.FormatCOS:
		r.Format = parse.FormatCOS
		err = parseCOS(line, r)
	case parse.FormatOBS:
		r.Format = parse.FormatOBS
		err = parseS3(line, r)
	default:
		r.Format = parse.FormatS3
		if !fastS3(line, r, &p.times) {
			r.Reset()
			r.Format = parse.FormatS3
			err = parseS3(line, r)
		}
	}
	if err == nil && r.Has(parse.Operation) {
		if a := p.actions.Action(r.Operation); a != nil {
			r.SetText(parse.Action, a)
		}
	}
	return err
}

func fieldErr(line []byte, off int, f parse.Field, err error) error {
	return parse.NewError(line, off, f, err)
}

// parseS3 decodes the AWS S3 server access log layout.
func parseS3(line []byte, r *parse.Record) error {
	c := cursor{line: line}

	// 1 Bucket Owner, 2 Bucket.
	for _, f := range [...]parse.Field{parse.BucketOwner, parse.Bucket} {
		if !c.more() {
			return fieldErr(line, c.pos, f, parse.ErrFieldCount)
		}
		setText(r, f, c.value())
	}
	// 3 Time.
	if err := c.time(r); err != nil {
		return err
	}
	// 4 Remote IP.
	if !c.more() {
		return fieldErr(line, c.pos, parse.RemoteIP, parse.ErrFieldCount)
	}
	setText(r, parse.RemoteIP, c.value())
	// 5 Requester, 6 Request ID, 7 Operation.
	if err := c.requesterToOperation(r); err != nil {
		return err
	}
	// 8 Key.
	if !c.more() {
		return fieldErr(line, c.pos, parse.Key, parse.ErrFieldCount)
	}
	setText(r, parse.Key, c.value())
	// 9 Request-URI.
	if err := c.text(r, parse.RequestURI, followStatus); err != nil {
		return err
	}
	if r.Has(parse.RequestURI) {
		parse.SplitRequestURI(r, r.RequestURI)
	}
	// 10 HTTP status.
	if err := c.int(r, parse.Status); err != nil {
		return err
	}
	// 11 Error Code.
	if !c.more() {
		return fieldErr(line, c.pos, parse.ErrorCode, parse.ErrFieldCount)
	}
	setText(r, parse.ErrorCode, c.value())
	// 12 Bytes Sent, 13 Object Size, 14 Total Time, 15 Turn-Around Time.
	for _, f := range [...]parse.Field{parse.BytesSent, parse.ObjectSize, parse.TotalTimeMS, parse.TurnaroundTimeMS} {
		if err := c.int(r, f); err != nil {
			return err
		}
	}
	// 16 Referer, 17 User-Agent.
	if err := c.text(r, parse.Referer, followQuoted); err != nil {
		return err
	}
	if err := c.text(r, parse.UserAgent, followS3Tail); err != nil {
		return err
	}
	// 18..27: all optional, all unquoted.
	if !c.more() {
		return nil
	}
	if err := c.text(r, parse.VersionID, followAny); err != nil {
		return err
	}
	if !c.more() {
		return nil
	}
	tail := s3Fields[18:]
	switch t := peekFields(line[c.pos:]); {
	case r.Format == parse.FormatOBS || isStorageClass(t[1]) || isStorageClass(t[2]):
		// Huawei OBS: STS log URN, storage class, target storage class.
		tail = obsTailFields[:]
		r.Format = parse.FormatOBS
	case !isSigVersion(t[1]) && isSigVersion(t[2]) && t[1] != nil:
		// A Host Id holding a space (seen in real AWS lines): its second
		// half is the token before the Signature Version.
		start := c.pos
		c.value()
		c.value()
		setText(r, parse.HostID, bytes.TrimRight(line[start:c.pos], " "))
		tail = tail[1:]
	}
	for _, f := range tail {
		if !c.more() {
			return nil
		}
		if err := c.text(r, f, followAny); err != nil {
			return err
		}
	}
	return c.extra(r)
}

// obsTailFields are the fields after Version Id (18) in Huawei OBS's
// layout; s3Fields[18:] are those of the s3 layout.
var obsTailFields = [...]parse.Field{parse.STSLogURN, parse.StorageClass, parse.TargetStorageClass}

// peekFields returns the next three space-separated tokens of rest (nil
// where the line has fewer), without their quotes.
func peekFields(rest []byte) (t [3][]byte) {
	for i := range t {
		rest = trimSpaces(rest)
		if len(rest) == 0 {
			return t
		}
		end := bytes.IndexByte(rest, ' ')
		if end < 0 {
			end = len(rest)
		}
		tok := rest[:end]
		if len(tok) >= 2 && tok[0] == '"' && tok[len(tok)-1] == '"' {
			tok = tok[1 : len(tok)-1]
		}
		t[i], rest = tok, rest[end:]
	}
	return t
}

// isStorageClass reports whether b is a storage class name as Huawei OBS
// writes them (OBS's own and the S3-compatible ones). None of them is a
// Signature Version or a cipher suite, which stand there in the s3 layout.
func isStorageClass(b []byte) bool {
	switch string(b) {
	case "STANDARD", "WARM", "COLD", "DEEP_ARCHIVE", "STANDARD_IA", "GLACIER", "INTELLIGENT_TIERING":
		return true
	}
	return false
}

// parseOSS decodes the Alibaba Cloud OSS access log layout.
func parseOSS(line []byte, r *parse.Record) error {
	c := cursor{line: line}

	// 1 RemoteIP, 2 and 3 reserved.
	if !c.more() {
		return fieldErr(line, c.pos, parse.RemoteIP, parse.ErrFieldCount)
	}
	setText(r, parse.RemoteIP, c.value())
	for range 2 {
		if !c.more() {
			return fieldErr(line, c.pos, parse.Time, parse.ErrFieldCount)
		}
		c.value()
	}
	// 4 Time, 5 RequestURL, 6 HTTPStatus, 7 SentBytes, 8 RequestTime.
	if err := c.time(r); err != nil {
		return err
	}
	if err := c.text(r, parse.RequestURI, followStatus); err != nil {
		return err
	}
	if r.Has(parse.RequestURI) {
		parse.SplitRequestURI(r, r.RequestURI)
	}
	for _, f := range [...]parse.Field{parse.Status, parse.BytesSent, parse.TotalTimeMS} {
		if err := c.int(r, f); err != nil {
			return err
		}
	}
	// 9 Referer, 10 UserAgent, 11 HostName.
	if err := c.text(r, parse.Referer, followQuoted); err != nil {
		return err
	}
	if err := c.text(r, parse.UserAgent, followHost); err != nil {
		return err
	}
	// 11..29, with numbers at 18, 19, 21 and 23.
	for i, f := range ossFields[10:] {
		if !c.more() {
			if 11+i <= MinOSSFields {
				return fieldErr(line, c.pos, f, parse.ErrFieldCount)
			}
			return nil
		}
		var err error
		if f.Kind() == parse.KindInt {
			err = c.int(r, f)
		} else {
			err = c.text(r, f, followAny)
		}
		if err != nil {
			return err
		}
	}
	return c.extra(r)
}

// parseCOS decodes the Tencent Cloud COS layout. Its eventTime is when the
// request ended, to the second; the record's time is when it was received,
// so resTotalTime is taken off when it is logged.
func parseCOS(line []byte, r *parse.Record) error {
	c := cursor{line: line}
	for i, f := range cosFields {
		if !c.more() {
			if i < MinCOSFields {
				if f == cosReserved { // no key: name the field after it
					f = cosFields[i+1]
				}
				return fieldErr(line, c.pos, f, parse.ErrFieldCount)
			}
			break
		}
		var err error
		switch {
		case f == parse.Time:
			start := c.pos
			v := c.value()
			t, ok := timefmt.ParseRFC3339(v)
			if !ok {
				return fieldErr(line, start, parse.Time, parse.ErrSyntax)
			}
			r.SetTime(t)
		case f == cosReserved:
			c.value()
		case f.Kind() == parse.KindInt:
			err = c.int(r, f)
		default: // bare, or quoted when it holds spaces
			err = c.text(r, f, followAny)
		}
		if err != nil {
			return err
		}
	}
	if r.Has(parse.Time) && r.Has(parse.TotalTimeMS) {
		r.Time = r.Time.Add(-time.Duration(r.TotalTimeMS) * time.Millisecond)
	}
	if r.Has(parse.Key) && len(r.Key) > 0 && r.Key[0] == '/' {
		r.Key = r.Key[1:] // reqPath is the object's path
		if len(r.Key) == 0 {
			r.Unmark(parse.Key)
		}
	}
	if r.Has(parse.RequestURI) {
		parse.SplitRequestURI(r, r.RequestURI)
	}
	return c.extra(r)
}

// cosReserved stands in cosFields for COS's reserved ninth field.
const cosReserved = parse.NumFields

// cosFields are the fields of a COS line, in order.
var cosFields = [KnownCOSFields]parse.Field{
	parse.SchemaVersion, parse.Bucket, parse.Region, parse.Time, parse.HostHeader,
	parse.Operation, parse.RemoteIP, parse.AccessKeyID, cosReserved, parse.BytesReceived,
	parse.DeltaDataSize, parse.Key, parse.Method, parse.UserAgent, parse.Status,
	parse.ErrorCode, parse.ErrorMessage, parse.BytesSent, parse.TotalTimeMS, parse.LogSourceType,
	parse.StorageClass, parse.BucketOwner, parse.TurnaroundTimeMS, parse.Requester, parse.RequestID,
	parse.ObjectSize, parse.VersionID, parse.TargetStorageClass, parse.Referer, parse.RequestURI,
	parse.VPCID,
}

// time reads the bracketed time field.
func (c *cursor) time(r *parse.Record) error {
	if !c.more() {
		return fieldErr(c.line, c.pos, parse.Time, parse.ErrFieldCount)
	}
	start := c.pos
	end := start + timeFieldLen
	if end > len(c.line) || c.line[end-1] != ']' {
		// Not the fixed layout: find the bracket to report the right field.
		i := bytes.IndexByte(c.line[start:], ']')
		if c.line[start] != '[' || i < 0 {
			return fieldErr(c.line, start, parse.Time, parse.ErrSyntax)
		}
		end = start + i + 1
	}
	if end < len(c.line) && c.line[end] != ' ' {
		return fieldErr(c.line, start, parse.Time, parse.ErrSyntax)
	}
	t, ok := parseTime(c.line[start:end])
	if !ok {
		return fieldErr(c.line, start, parse.Time, parse.ErrSyntax)
	}
	r.Time = t
	r.Mark(parse.Time)
	c.skip(end)
	return nil
}

// text reads a required text field, quoted or bare, storing it unless "-".
func (c *cursor) text(r *parse.Record, f parse.Field, fl follow) error {
	if !c.more() {
		return fieldErr(c.line, c.pos, f, parse.ErrFieldCount)
	}
	start := c.pos
	v, ok := c.any(fl)
	if !ok {
		return fieldErr(c.line, start, f, parse.ErrSyntax)
	}
	if !isDash(v) {
		r.SetText(f, v)
	}
	return nil
}

// int reads a required integer field, bare or quoted; "-" is absent.
func (c *cursor) int(r *parse.Record, f parse.Field) error {
	if !c.more() {
		return fieldErr(c.line, c.pos, f, parse.ErrFieldCount)
	}
	start := c.pos
	v, ok := c.any(followAny)
	if !ok {
		return fieldErr(c.line, start, f, parse.ErrSyntax)
	}
	if isDash(v) {
		return nil
	}
	n, err := parseInt(v)
	if err == nil && n < 0 && !f.Signed() {
		err = parse.ErrRange
	}
	if err != nil {
		return fieldErr(c.line, start, f, err)
	}
	r.SetInt(f, n)
	return nil
}

// extra keeps every remaining field in r.Extra.
func (c *cursor) extra(r *parse.Record) error {
	if !c.more() {
		return nil
	}
	for c.more() {
		start := c.pos
		v, ok := c.any(followAny)
		if !ok {
			return fieldErr(c.line, start, parse.Extra, parse.ErrSyntax)
		}
		r.Extra = append(r.Extra, v)
	}
	r.Mark(parse.Extra)
	return nil
}

// requesterToOperation reads fields 5 to 7 of an s3 line. A requester may
// hold spaces ("arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity
// E2EXAMPLEID"), so when the third token is not an operation the operation is
// found as the first token shaped like one ("REST.GET.OBJECT"), and everything
// before the request ID is the requester.
func (c *cursor) requesterToOperation(r *parse.Record) error {
	line := c.line
	var start [3]int
	var tok [3][]byte
	for i := range tok {
		if !c.more() {
			return fieldErr(line, c.pos, parse.Requester+parse.Field(i), parse.ErrFieldCount)
		}
		start[i] = c.pos
		tok[i] = c.value()
	}
	if !isOperation(tok[2]) {
		// Look ahead, up to the request line, for a token shaped like an
		// operation; if there is none, keep the tokens as they are.
		save := c.pos
		prevStart, prevTok := start[2], tok[2]
		for n := 0; n < maxRequesterTokens && c.more() && line[c.pos] != '"'; n++ {
			s := c.pos
			t := c.bare()
			if isOperation(t) {
				tok[0] = bytes.TrimRight(line[start[0]:prevStart], " ")
				tok[1], tok[2] = prevTok, t
				save = c.pos
				break
			}
			prevStart, prevTok = s, t
		}
		c.pos = save
	}
	setText(r, parse.Requester, tok[0])
	setText(r, parse.RequestID, tok[1])
	setText(r, parse.Operation, tok[2])
	return nil
}

// maxRequesterTokens bounds the look-ahead for a requester holding spaces.
const maxRequesterTokens = 16

// isOperation reports whether b looks like an S3 operation name: upper-case
// letters, digits and underscores in at least two parts joined by dots, starting with a
// letter (REST.GET.OBJECT, S3.EXPIRE.OBJECT, S3.COMPUTE.OBJECT.CHECKSUM).
func isOperation(b []byte) bool {
	if len(b) < 3 || !isUpper(b[0]) {
		return false
	}
	dots, prevDot := false, false
	for _, c := range b[1:] {
		switch opBytes[c] {
		case opDot:
			if prevDot {
				return false
			}
			dots, prevDot = true, true
		case opWord:
			prevDot = false
		default:
			return false
		}
	}
	return dots && !prevDot
}

// opBytes classes the bytes of an operation name.
var opBytes = func() (t [256]uint8) {
	for c := range 256 {
		switch {
		case c == '.':
			t[c] = opDot
		case isUpper(byte(c)) || c >= '0' && c <= '9' || c == '_':
			t[c] = opWord
		}
	}
	return t
}()

const (
	opWord = 1 + iota
	opDot
)

func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }
