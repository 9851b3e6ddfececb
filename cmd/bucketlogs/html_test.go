package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var (
	htmlTable = regexp.MustCompile(`(?s)<table data-section="([^"]+)">(.*?)</table>`)
	htmlRow   = regexp.MustCompile(`(?s)<tr>(.*?)</tr>`)
	htmlHead  = regexp.MustCompile(`<th[^>]*>([^<]*)</th>`)
	htmlValue = regexp.MustCompile(`data-v="([^"]*)"`)
)

// TestReportHTML: the page is self-contained (no script, no link, no
// source to fetch, a policy that forbids requests) and every table cell's
// value is the one report --output json prints, for every section.
func TestReportHTML(t *testing.T) {
	page, stderr, status := runCmd(t, "", "report", "--sample", "--audit", "--output", "html")
	if status != exitOK {
		t.Fatalf("%d %s", status, stderr)
	}
	for _, bad := range []string{"<script", "<link", " src=", " href=", "url(", "@import"} {
		if strings.Contains(page, bad) {
			t.Errorf("the page holds %q", bad)
		}
	}
	if !strings.Contains(page, `content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`) {
		t.Error("no Content-Security-Policy forbidding requests")
	}
	doc, _, _ := runCmd(t, "", "report", "--sample", "--audit", "--output", "json")
	dec := json.NewDecoder(strings.NewReader(doc))
	dec.UseNumber()
	var sections map[string]json.RawMessage
	if err := dec.Decode(&sections); err != nil {
		t.Fatal(err)
	}
	tables := htmlTable.FindAllStringSubmatch(page, -1)
	if len(tables) != len(sections) {
		t.Errorf("%d tables on the page, %d sections in the JSON", len(tables), len(sections))
	}
	for _, tm := range tables {
		id, body := tm[1], tm[2]
		rows := htmlRow.FindAllStringSubmatch(body, -1)
		var cols []string
		for _, h := range htmlHead.FindAllStringSubmatch(rows[0][1], -1) {
			cols = append(cols, html.UnescapeString(h[1]))
		}
		var got [][]string
		for _, r := range rows[1:] {
			var cells []string
			for _, v := range htmlValue.FindAllStringSubmatch(r[1], -1) {
				cells = append(cells, html.UnescapeString(v[1]))
			}
			if len(cells) > 0 {
				got = append(got, cells)
			}
		}
		raw := sections[id]
		var objs []map[string]any
		if bytes.HasPrefix(bytes.TrimSpace(raw), []byte("{")) {
			objs = []map[string]any{{}}
			d := json.NewDecoder(bytes.NewReader(raw))
			d.UseNumber()
			d.Decode(&objs[0])
		} else {
			d := json.NewDecoder(bytes.NewReader(raw))
			d.UseNumber()
			d.Decode(&objs)
		}
		var want [][]string
		for _, o := range objs {
			var cells []string
			for _, c := range cols {
				v := o[c]
				switch v := v.(type) {
				case nil:
					cells = append(cells, "null")
				default:
					cells = append(cells, fmt.Sprint(v))
				}
			}
			want = append(want, cells)
		}
		if id == "summary" {
			for k, c := range cols {
				if c == "seconds" { // elapsed: differs between the two runs
					want[0][k], got[0][k] = "", ""
				}
			}
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("section %s: page against JSON (-json +page):\n%s", id, diff)
		}
	}
	for _, want := range []string{"<svg", "Traffic per", "Audit: deletes"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
}

// TestReportHTMLInChromium opens the page in headless Chromium at desktop
// and phone widths, takes screenshots and reads back the rendered page.
func TestReportHTMLInChromium(t *testing.T) {
	bin := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			bin = p
			break
		}
	}
	if bin == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium not found under CI: .ci/run installs Debian's chromium")
		}
		t.Skip("chromium not installed")
	}
	dir := t.TempDir()
	page, _, _ := runCmd(t, "", "report", "--sample", "--audit", "--output", "html")
	file := filepath.Join(dir, "report.html")
	if err := os.WriteFile(file, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	common := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=" + filepath.Join(dir, "profile")}
	dom, err := exec.Command(bin, append(common, "--dump-dom", "file://"+file)...).Output()
	if err != nil || !strings.Contains(string(dom), "bucketlogs report") || !strings.Contains(string(dom), `data-section="audit_bots"`) {
		t.Fatalf("chromium --dump-dom: %v\n%.500s", err, dom)
	}
	for _, size := range []string{"1280,2400", "390,2400"} {
		shot := filepath.Join(dir, "shot-"+strings.Split(size, ",")[0]+".png")
		out, err := exec.Command(bin, append(common, "--screenshot="+shot, "--window-size="+size, "--hide-scrollbars", "file://"+file)...).CombinedOutput()
		info, serr := os.Stat(shot)
		if err != nil || serr != nil || info.Size() < 10000 {
			t.Errorf("screenshot at %s: %v %v\n%s", size, err, serr, out)
		}
		if dest := os.Getenv("BUCKETLOGS_SCREENSHOTS"); dest != "" {
			b, _ := os.ReadFile(shot)
			os.WriteFile(filepath.Join(dest, filepath.Base(shot)), b, 0o644)
		}
	}
}

// TestReportHasAuditViews: every output shows the audit views unless
// told not to.
func TestReportHasAuditViews(t *testing.T) {
	count := func(marker string, args ...string) int {
		out, stderr, status := runCmd(t, "", append([]string{"report", "--sample"}, args...)...)
		if status != exitOK {
			t.Fatalf("%v: status %d: %s", args, status, stderr)
		}
		return strings.Count(out, marker)
	}
	for _, tc := range []struct{ output, marker string }{
		{"html", "Audit: "}, {"table", "Audit: "}, {"json", `"audit_`}, {"csv", "# audit_"},
	} {
		if n := count(tc.marker, "--output", tc.output); n != 6 {
			t.Errorf("%s: %d audit views, want 6", tc.output, n)
		}
		if n := count(tc.marker, "--output", tc.output, "--audit=false"); n != 0 {
			t.Errorf("%s --audit=false: %d audit views, want 0", tc.output, n)
		}
	}
}
