package export_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/bucketlogs/bucketlogs/export"
	"github.com/bucketlogs/bucketlogs/s3line"
)

// Export a few s3 lines as Parquet in day partitions, one Writer per
// goroutine (here one).
func ExampleWriter() {
	dir, _ := os.MkdirTemp("", "export-example")
	defer os.RemoveAll(dir)
	if err := export.Prepare(dir, false); err != nil { // refuses a directory that holds files
		fmt.Println(err)
		return
	}
	lines := `o photos [17/Nov/2026:23:59:00 +0000] 10.0.0.7 - A1 REST.GET.OBJECT cat.jpg "GET /photos/cat.jpg HTTP/1.1" 200 - 512 512 4 3 "-" "curl/8.5.0"
o photos [18/Nov/2026:00:01:00 +0000] 10.0.0.8 - A2 REST.PUT.OBJECT dog.jpg "PUT /photos/dog.jpg HTTP/1.1" 200 - - 2048 9 8 "-" "curl/8.5.0"
`
	w := export.NewWriter(export.Options{Format: export.Parquet, Dir: dir}, 0)
	for rec, err := range s3line.Records(strings.NewReader(lines)) {
		if err != nil {
			fmt.Println(err)
			continue
		}
		if err := w.Write(rec); err != nil {
			fmt.Println(err)
		}
	}
	if err := w.Close(); err != nil { // completes the files and gives them their names
		fmt.Println(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*", "*.parquet"))
	for _, f := range files {
		rel, _ := filepath.Rel(dir, f)
		fmt.Println(filepath.ToSlash(rel))
	}
	fmt.Println(w.Stats().Rows, "rows")
	// Output:
	// dt=2026-11-17/part-00-00000.parquet
	// dt=2026-11-18/part-00-00001.parquet
	// 2 rows
}

func ExampleDDL() {
	ddl, _ := export.DDL("duckdb", "/data/access-logs", "access", export.ByDay)
	fmt.Print(ddl)
	// Output:
	// CREATE OR REPLACE VIEW access AS
	//   SELECT * FROM read_parquet('/data/access-logs/**/*.parquet', hive_partitioning = true);
}
