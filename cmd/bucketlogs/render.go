package main

import (
	"bufio"
	"cmp"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bucketlogs/bucketlogs/aggregate"
	"github.com/bucketlogs/bucketlogs/parse"
)

// A section is one table of the report. Cells are int64, float64, bool or
// string; columns whose name ends in "bytes" or starts with "bytes_" are
// shown as sizes in the terminal table.
type section struct {
	id      string   // JSON key and CSV table name
	title   string   // terminal heading
	note    string   // terminal note under the heading, such as "estimate"
	chart   []string // terminal lines drawn under the heading (a sparkline)
	columns []string
	rows    [][]any
}

func (s *section) add(cells ...any) { s.rows = append(s.rows, cells) }

// sections turns a report into its tables, in output order.
func sections(cfg reportConfig, rep *aggregate.Report, sum summary) []*section {
	var out []*section
	newSection := func(id, title string, cols ...string) *section {
		s := &section{id: id, title: title, columns: cols}
		out = append(out, s)
		return s
	}

	interval := cfg.interval
	first, last, ok := rep.Series.Span()
	if interval == 0 {
		interval = time.Hour
		if ok {
			interval = aggregate.PickInterval(last.Sub(first))
		}
	}
	s := newSection("summary", "Summary", "inputs", "lines", "records", "errors", "blank", "records_reported",
		"duplicates", "duplicates_dropped", "first", "last", "error_rate", "bytes_read", "seconds")
	var dups any = absentCell{} // not counted
	if sum.dups >= 0 {
		dups = sum.dups
	}
	s.add(int64(sum.inputs), sum.counts.Lines, sum.counts.Records, sum.counts.Errors, sum.counts.Blank, sum.inRange,
		dups, sum.dropped, timeCell(rep.First), timeCell(rep.Last), rep.Statuses.ErrorRate(), sum.bytes, sum.elapsed.Seconds())

	for _, g := range []struct {
		id, title, col string
		grp            *aggregate.Group
	}{
		{"by_action", "By action (S3 API name, the same in every format)", "action", rep.ByAction},
		{"by_operation", "By operation (as logged)", "operation", rep.ByOperation},
		{"by_bucket", "By bucket", "bucket", rep.ByBucket},
		{"by_format", "By format", "format", rep.ByFormat},
	} {
		s := newSection(g.id, g.title, g.col, "requests", "bytes_sent", "bytes_received", "object_bytes")
		type row struct {
			k string
			t aggregate.Totals
		}
		var rows []row
		for k, t := range g.grp.All() {
			rows = append(rows, row{k, t})
		}
		slices.SortStableFunc(rows, func(a, b row) int { return cmp.Compare(b.t.Requests, a.t.Requests) })
		for _, r := range rows {
			s.add(r.k, r.t.Requests, sumCell(r.t.BytesSent, r.t.WithBytesSent),
				sumCell(r.t.BytesReceived, r.t.WithBytesReceived), sumCell(r.t.ObjectBytes, r.t.WithObjectSize))
		}
	}

	s = newSection("statuses", "HTTP statuses", "status", "requests")
	for code, n := range rep.Statuses.Codes() {
		s.add(code, n)
	}
	if n := rep.Statuses.Absent(); n > 0 {
		s.add("-", n)
	}
	s = newSection("status_classes", "Status classes", "class", "requests")
	classes := rep.Statuses.Classes()
	for c := 1; c <= 5; c++ {
		s.add(strconv.Itoa(c)+"xx", classes[c])
	}
	if classes[0] > 0 {
		s.add("other", classes[0])
	}
	s = newSection("error_codes", "Error codes per operation", "operation", "error_code", "requests")
	for k, n := range rep.Statuses.ErrorCodes() {
		s.add(k.Operation, k.Code, n)
	}

	for _, rk := range rep.Rankings {
		name := rk.Field.String()
		for _, by := range []struct {
			tk      *aggregate.TopK
			id, col string
		}{{rk.ByCount, "requests", "requests"}, {rk.ByBytes, "bytes_sent", "bytes_sent"}} {
			s := newSection("top_"+name+"_by_"+by.id, "Top "+name+" by "+strings.ReplaceAll(by.id, "_", " "), name, by.col, "max_overcount", "exact")
			if !by.tk.Exact() {
				s.note = fmt.Sprintf("estimate: more distinct values than the %d tracked; each figure may overcount by up to max_overcount (at most %d)",
					by.tk.Capacity(), by.tk.MaxError())
			}
			for _, e := range by.tk.Top(cfg.top) {
				s.add(e.Key, e.Count, e.Err, e.Err == 0 && by.tk.Exact())
			}
		}
	}

	s = newSection("latency", "Latency (ms)", "operation", "time", "requests", "p50", "p90", "p99", "max")
	addLat := func(op string, h *[2]aggregate.Histogram) {
		for i, name := range []string{"total_time_ms", "turnaround_time_ms"} {
			if h[i].Count() > 0 {
				q := h[i].Quantiles(.5, .9, .99)
				s.add(op, name, h[i].Count(), q[0], q[1], q[2], h[i].Max())
			}
		}
	}
	addLat("(all)", &[2]aggregate.Histogram{*rep.Latency.Total(), *rep.Latency.Turnaround()})
	for op, h := range rep.Latency.Operations() {
		addLat(op, h)
	}

	s = newSection("distinct", "Distinct values", "of", "count", "exact")
	v4, v6, exact6 := rep.IPs.Count()
	s.add("remote_ip (IPv4)", v4, true)
	s.add("remote_ip (IPv6)", v6, exact6)
	n, exact := rep.Requesters.Count()
	s.add("requester", n, exact)
	n, exact = rep.Keys.Count()
	s.add("key", n, exact)

	s = newSection("clients_per_day", "Distinct clients per day (UTC)", "day", "remote_ip_v4", "remote_ip_v6", "exact")
	for day, ips := range rep.ClientsPerDay.Days() {
		v4, v6, exact := ips.Count()
		s.add(day.Format("2006-01-02"), v4, v6, exact)
	}

	s = newSection("traffic", "Traffic per "+intervalName(interval), "time", "requests", "bytes_sent", "status_4xx", "status_5xx")
	for t, p := range rep.Series.Points(interval) {
		s.add(t.Format(time.RFC3339), p.Requests, p.BytesSent, p.Status4xx, p.Status5xx)
	}
	if cfg.spark {
		s.chart = sparklines(&rep.Series, interval)
	}

	s = newSection("slowest", "Slowest requests", "total_time_ms", "time", "request_id", "operation", "bucket", "key", "status")
	for _, q := range rep.Slowest.All() {
		s.add(q.TotalTimeMS, timeCell(q.Time), q.RequestID, q.Operation, q.Bucket, q.Key, q.Status)
	}
	return out
}

func intervalName(d time.Duration) string {
	switch d {
	case time.Minute:
		return "minute"
	case time.Hour:
		return "hour"
	case 24 * time.Hour:
		return "day"
	}
	return d.String()
}

func timeCell(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func render(w io.Writer, cfg reportConfig, rep *aggregate.Report, sum summary, aud audit) error {
	secs := append(sections(cfg, rep, sum), auditSections(aud, cfg.top)...)
	bw := bufio.NewWriter(w)
	switch cfg.output {
	case "html":
		if err := renderHTML(bw, secs); err != nil {
			return err
		}
	case "json":
		renderJSON(bw, secs)
	case "csv":
		renderCSV(bw, secs)
	default:
		renderTable(bw, secs, cfg.cut)
	}
	return bw.Flush()
}

// renderJSON writes one object: a key per section, holding an array of
// objects keyed by column ("summary" holds one object).
func renderJSON(w *bufio.Writer, secs []*section) {
	w.WriteString("{")
	for i, s := range secs {
		if i > 0 {
			w.WriteString(",")
		}
		fmt.Fprintf(w, "\n%q:", s.id)
		if s.id == "summary" {
			writeJSONRow(w, s.columns, s.rows[0])
			continue
		}
		w.WriteString("[")
		for j, row := range s.rows {
			if j > 0 {
				w.WriteString(",")
			}
			w.WriteString("\n ")
			writeJSONRow(w, s.columns, row)
		}
		w.WriteString("]")
	}
	w.WriteString("\n}\n")
}

func writeJSONRow(w *bufio.Writer, cols []string, row []any) {
	w.WriteString("{")
	for k, c := range cols {
		if k > 0 {
			w.WriteString(",")
		}
		fmt.Fprintf(w, "%q:", c)
		if v, ok := row[k].(string); ok {
			w.Write(parse.AppendJSONString(nil, []byte(v)))
		} else {
			w.WriteString(rawCell(row[k]))
		}
	}
	w.WriteString("}")
}

// renderCSV writes each section as a table: a row naming the section, the
// header, the rows, and an empty line between tables.
func renderCSV(w *bufio.Writer, secs []*section) {
	for i, s := range secs {
		if i > 0 {
			w.WriteString("\n")
		}
		cw := csv.NewWriter(w)
		cw.Write([]string{"# " + s.id})
		cw.Flush()
		renderCSVTable(w, s)
	}
}

// renderCSVTable writes one section as a header and rows.
func renderCSVTable(w *bufio.Writer, s *section) {
	cw := csv.NewWriter(w)
	cw.Write(s.columns)
	for _, row := range s.rows {
		rec := make([]string, len(row))
		for k, v := range row {
			rec[k] = plainCell(v)
		}
		cw.Write(rec)
	}
	cw.Flush()
}

// sumCell is a sum over n records that had the field: absent when there
// were none, since absent is not zero.
func sumCell(sum, n int64) any {
	if n == 0 {
		return absentCell{}
	}
	return sum
}

func plainCell(v any) string {
	switch v := v.(type) {
	case absentCell:
		return ""
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case string:
		return v
	}
	return fmt.Sprint(v)
}

// renderTable writes aligned tables for a person to read.
func renderTable(w *bufio.Writer, secs []*section, cut int) {
	for i, s := range secs {
		if i > 0 {
			w.WriteString("\n")
		}
		w.WriteString(s.title + "\n")
		if s.note != "" {
			w.WriteString("  (" + s.note + ")\n")
		}
		for _, line := range s.chart {
			w.WriteString(line + "\n")
		}
		if s.id == "summary" && len(s.rows) == 1 { // one record: a column of name: value
			for k, c := range s.columns {
				fmt.Fprintf(w, "  %-18s %s\n", c, tableCell(c, s.rows[0][k]))
			}
			continue
		}
		renderTableSection(w, s, cut)
	}
}

// cutWidth is how long a table cell may be on a terminal (--wide lifts it).
const cutWidth = 60

// renderTableSection writes one section's header and rows, aligned: text
// to the left, numbers to the right, cells longer than cut cut to it with
// "..." (never when cut is 0, as when the output is not a terminal: a
// requester ARN cut off in a file is lost).
func renderTableSection(w *bufio.Writer, s *section, cut int) {
	if len(s.rows) == 0 {
		w.WriteString("  (none)\n")
		return
	}
	cells := make([][]string, len(s.rows)+1)
	cells[0] = s.columns
	for r, row := range s.rows {
		cells[r+1] = make([]string, len(row))
		for k, v := range row {
			cells[r+1][k] = tableCell(s.columns[k], v)
		}
	}
	widths := make([]int, len(s.columns))
	for _, row := range cells {
		for k, c := range row {
			if cut > 0 {
				widths[k] = max(widths[k], min(len(c), cut))
			} else {
				widths[k] = max(widths[k], len(c))
			}
		}
	}
	leftAligned := make([]bool, len(s.columns))
	for k := range s.columns {
		for _, row := range s.rows {
			if _, isText := row[k].(string); isText {
				leftAligned[k] = true
				break
			}
		}
	}
	for _, row := range cells {
		w.WriteString(" ")
		for k, c := range row {
			if cut > 0 && len(c) > cut {
				c = c[:cut-3] + "..."
			}
			w.WriteString(" ")
			if leftAligned[k] {
				fmt.Fprintf(w, "%-*s", widths[k], c)
			} else {
				fmt.Fprintf(w, "%*s", widths[k], c)
			}
		}
		w.WriteString("\n")
	}
}

func tableCell(col string, v any) string {
	switch v := v.(type) {
	case int64:
		if strings.HasSuffix(col, "bytes") || strings.HasPrefix(col, "bytes_") {
			return humanBytes(v)
		}
		return strconv.FormatInt(v, 10)
	case float64:
		if col == "error_rate" {
			return strconv.FormatFloat(100*v, 'f', 2, 64) + "%"
		}
		return strconv.FormatFloat(v, 'f', 3, 64)
	case bool:
		if v {
			return "yes"
		}
		return "no (estimate)"
	case absentCell:
		return "-"
	}
	return plainCell(v)
}

// humanBytes writes a size in decimal units: 999 B, 1.2 kB, 3.4 MB, ...
func humanBytes(n int64) string {
	if n < 1000 {
		return strconv.FormatInt(n, 10) + " B"
	}
	f := float64(n)
	for _, u := range []string{"kB", "MB", "GB", "TB", "PB"} {
		f /= 1000
		if f < 999.95 {
			return strconv.FormatFloat(f, 'f', 1, 64) + " " + u
		}
	}
	return strconv.FormatFloat(f, 'f', 1, 64) + " EB"
}
