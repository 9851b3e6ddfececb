package main

import (
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"
)

// htmlPage is the report as one self-contained page: inline CSS, inline
// SVG charts, no script, no request to anywhere (its Content-Security-
// Policy forbids them). Every table cell carries its exact value in
// data-v, the one report --output json prints, beside the number
// formatted for people.
var htmlPage = template.Must(template.New("report").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>bucketlogs report</title>
<style>
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d232a;background:#f6f7f9}
main{max-width:1240px;margin:0 auto;padding:16px}
h1{font-size:22px;margin:8px 0 4px}
h2{font-size:16px;margin:0 0 8px}
.sub{color:#5b6570;margin:0 0 16px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:8px;margin-bottom:16px}
.card{background:#fff;border:1px solid #dde1e6;border-radius:6px;padding:8px 10px}
.card b{display:block;font-size:18px}
.card span{color:#5b6570;font-size:12px}
section{background:#fff;border:1px solid #dde1e6;border-radius:6px;padding:12px;margin-bottom:12px}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(380px,1fr));gap:12px}
.grid section{margin:0}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
th,td{padding:3px 8px;border-bottom:1px solid #eef0f2;text-align:right;white-space:nowrap}
th{color:#5b6570;font-weight:600}
td.t,th.t{text-align:left;max-width:420px;overflow:hidden;text-overflow:ellipsis}
.note{color:#8a5a00;font-size:12px}
svg{width:100%;height:auto;display:block}
.legend{font-size:12px;color:#5b6570}
@media (max-width:600px){main{padding:8px}.grid{grid-template-columns:1fr}td.t{max-width:180px}}
</style>
</head>
<body>
<main>
<h1>bucketlogs report</h1>
<p class="sub">{{.Span}}</p>
<div class="cards">{{range .Cards}}<div class="card"><b>{{.Value}}</b><span>{{.Name}}</span></div>{{end}}</div>
{{range .Charts}}<section><h2>{{.Title}}</h2>{{.SVG}}<p class="legend">{{.Legend}}</p></section>
{{end}}<div class="grid">
{{range .Sections}}<section id="{{.ID}}"><h2>{{.Title}}</h2>{{if .Note}}<p class="note">{{.Note}}</p>{{end}}
<div class="scroll"><table data-section="{{.ID}}">
<tr>{{range .Columns}}<th class="{{.Class}}">{{.Name}}</th>{{end}}</tr>
{{range .Rows}}<tr>{{range .}}<td class="{{.Class}}" data-v="{{.Raw}}" title="{{.Raw}}">{{.Text}}</td>{{end}}</tr>
{{else}}<tr><td class="t">(none)</td></tr>
{{end}}</table></div></section>
{{end}}</div>
</main>
</body>
</html>
`))

type htmlCell struct{ Text, Raw, Class string }

type htmlColumn struct{ Name, Class string }

type htmlSection struct {
	ID, Title, Note string
	Columns         []htmlColumn
	Rows            [][]htmlCell
}

type htmlChart struct {
	Title, Legend string
	SVG           template.HTML
}

type htmlCard struct{ Name, Value string }

// renderHTML writes the report's sections as the page.
func renderHTML(w io.Writer, secs []*section) error {
	page := struct {
		Span     string
		Cards    []htmlCard
		Charts   []htmlChart
		Sections []htmlSection
	}{}
	for _, s := range secs {
		if s.id == "summary" && len(s.rows) == 1 {
			for k, c := range s.columns {
				v := s.rows[0][k]
				switch c {
				case "first", "last":
					continue
				}
				page.Cards = append(page.Cards, htmlCard{Name: c, Value: humanCell(c, v)})
			}
			page.Span = fmt.Sprintf("records from %s to %s", plainCell(cellAt(s, "first")), plainCell(cellAt(s, "last")))
		}
		switch s.id {
		case "traffic":
			page.Charts = append(page.Charts, trafficChart(s))
		case "status_classes":
			if c, ok := barChart(s, "Status classes", 0, 1); ok {
				page.Charts = append(page.Charts, c)
			}
		case "clients_per_day":
			if c, ok := barChart(s, "Distinct IPv4 clients per day", 0, 1); ok {
				page.Charts = append(page.Charts, c)
			}
		}
		hs := htmlSection{ID: s.id, Title: s.title, Note: s.note}
		text := make([]bool, len(s.columns))
		for _, row := range s.rows {
			for k, v := range row {
				if _, ok := v.(string); ok {
					text[k] = true
				}
			}
		}
		for k, c := range s.columns {
			hs.Columns = append(hs.Columns, htmlColumn{Name: c, Class: classOf(text[k])})
		}
		for _, row := range s.rows {
			cells := make([]htmlCell, len(row))
			for k, v := range row {
				cells[k] = htmlCell{Text: humanCell(s.columns[k], v), Raw: rawCell(v), Class: classOf(text[k])}
			}
			hs.Rows = append(hs.Rows, cells)
		}
		page.Sections = append(page.Sections, hs)
	}
	return htmlPage.Execute(w, page)
}

func classOf(text bool) string {
	if text {
		return "t"
	}
	return ""
}

// cellAt is the summary's cell of column c.
func cellAt(s *section, c string) any {
	for k, name := range s.columns {
		if name == c {
			return s.rows[0][k]
		}
	}
	return absentCell{}
}

// rawCell is a cell as report --output json prints it (a string without
// its quotes): the JSON output and the page's data-v both use it.
func rawCell(v any) string {
	switch v := v.(type) {
	case absentCell:
		return "null"
	case string:
		return v
	case float64:
		b, _ := json.Marshal(v)
		return string(b)
	}
	return fmt.Sprint(v)
}

// humanCell formats a number for people: 1.2 GB, 3.4k, 7.83%.
func humanCell(col string, v any) string {
	if n, ok := v.(int64); ok && !(strings.HasSuffix(col, "bytes") || strings.HasPrefix(col, "bytes_")) && (n >= 10000 || n <= -10000) {
		return humanCount(n)
	}
	return tableCell(col, v)
}

// humanCount writes 12,345 as 12.3k and 4,500,000 as 4.5M.
func humanCount(n int64) string {
	if n < 1000 && n > -1000 {
		return strconv.FormatInt(n, 10)
	}
	f, unit := float64(n), ""
	for _, u := range []string{"k", "M", "G", "T"} {
		if f < 1000 && f > -1000 {
			break
		}
		f, unit = f/1000, u
	}
	return strconv.FormatFloat(f, 'f', 1, 64) + unit
}

// trafficChart draws requests per interval as bars and errors (4xx and
// 5xx) as a line over them.
func trafficChart(s *section) htmlChart {
	const w, h, pad = 1000.0, 220.0, 30.0
	var reqs, errs []int64
	for _, row := range s.rows {
		reqs = append(reqs, row[1].(int64))
		errs = append(errs, row[3].(int64)+row[4].(int64))
	}
	var top int64 = 1
	for _, v := range reqs {
		top = max(top, v)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg viewBox="0 0 %.0f %.0f" role="img" aria-label="%s">`, w, h, template.HTMLEscapeString(s.title))
	fmt.Fprintf(&b, `<line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="#ccd1d6"/>`, pad, h-pad, w, h-pad)
	n := float64(max(len(reqs), 1))
	bw := (w - pad) / n
	y := func(v int64) float64 { return h - pad - float64(v)/float64(top)*(h-2*pad) }
	for i, v := range reqs {
		x := pad + float64(i)*bw
		fmt.Fprintf(&b, `<rect x="%.2f" y="%.2f" width="%.2f" height="%.2f" fill="#4a90d9"><title>%s: %d requests, %d errors</title></rect>`,
			x, y(v), max(bw-1, 0.5), h-pad-y(v), template.HTMLEscapeString(plainCell(s.rows[i][0])), v, errs[i])
	}
	if len(errs) > 1 {
		b.WriteString(`<polyline fill="none" stroke="#d9534f" stroke-width="2" points="`)
		for i, v := range errs {
			fmt.Fprintf(&b, "%.2f,%.2f ", pad+(float64(i)+0.5)*bw, y(v))
		}
		b.WriteString(`"/>`)
	}
	fmt.Fprintf(&b, `<text x="2" y="%.0f" font-size="12" fill="#5b6570">%s</text><text x="2" y="%.0f" font-size="12" fill="#5b6570">0</text>`, pad, humanCount(top), h-pad)
	if len(s.rows) > 0 {
		fmt.Fprintf(&b, `<text x="%.0f" y="%.0f" font-size="12" fill="#5b6570">%s</text>`, pad, h-8, template.HTMLEscapeString(plainCell(s.rows[0][0])))
		fmt.Fprintf(&b, `<text x="%.0f" y="%.0f" font-size="12" fill="#5b6570" text-anchor="end">%s</text>`, w, h-8, template.HTMLEscapeString(plainCell(s.rows[len(s.rows)-1][0])))
	}
	b.WriteString(`</svg>`)
	return htmlChart{Title: s.title, Legend: "blue bars: requests; red line: errors (4xx and 5xx)", SVG: template.HTML(b.String())}
}

// barChart draws one horizontal bar per row: the label in column label,
// the length from the integer in column value.
func barChart(s *section, title string, label, value int) (htmlChart, bool) {
	if len(s.rows) == 0 {
		return htmlChart{}, false
	}
	var top int64 = 1
	for _, row := range s.rows {
		if v, ok := row[value].(int64); ok {
			top = max(top, v)
		}
	}
	const w, rowH = 1000.0, 22.0
	var b strings.Builder
	fmt.Fprintf(&b, `<svg viewBox="0 0 %.0f %.0f" role="img" aria-label="%s">`, w, rowH*float64(len(s.rows))+4, template.HTMLEscapeString(title))
	for i, row := range s.rows {
		v, _ := row[value].(int64)
		y := float64(i) * rowH
		fmt.Fprintf(&b, `<text x="0" y="%.0f" font-size="13" fill="#1d232a">%s</text>`, y+15, template.HTMLEscapeString(plainCell(row[label])))
		fmt.Fprintf(&b, `<rect x="120" y="%.0f" width="%.2f" height="16" fill="#4a90d9"/>`, y+2, float64(v)/float64(top)*(w-260))
		fmt.Fprintf(&b, `<text x="%.2f" y="%.0f" font-size="13" fill="#5b6570">%s</text>`, 126+float64(v)/float64(top)*(w-260), y+15, humanCount(v))
	}
	b.WriteString(`</svg>`)
	return htmlChart{Title: title, SVG: template.HTML(b.String())}, true
}
