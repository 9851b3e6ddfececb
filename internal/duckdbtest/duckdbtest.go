// Package duckdbtest runs SQL in DuckDB for tests, through the npm package
// @duckdb/node-api (which ships DuckDB's binary): .ci/run installs the
// versions in package-lock.json here into a cache and sets
// DUCKDB_NODE_MODULES to its node_modules. Tests that need it skip when it
// is absent, except under CI (the CI environment variable set), where that
// is a failure.
package duckdbtest

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// Query runs sql and returns its rows, each column as DuckDB's JSON form
// of it (numbers of BIGINT columns as strings).
func Query(t testing.TB, sql string) []map[string]any {
	t.Helper()
	modules := os.Getenv("DUCKDB_NODE_MODULES")
	node, err := exec.LookPath("node")
	if modules == "" || err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("DuckDB not available under CI: .ci/run installs @duckdb/node-api and sets DUCKDB_NODE_MODULES")
		}
		t.Skip("DuckDB not installed (set DUCKDB_NODE_MODULES to a node_modules holding @duckdb/node-api; .ci/run does)")
	}
	_, self, _, _ := runtime.Caller(0)
	cmd := exec.Command(node, filepath.Join(filepath.Dir(self), "query.cjs"), sql)
	cmd.Env = append(os.Environ(), "NODE_PATH="+modules)
	out, err := cmd.Output()
	if err != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		t.Fatalf("duckdb: %v\n%s\nSQL: %s", err, stderr, sql)
	}
	var rows []map[string]any
	if err := json.Unmarshal(out, &rows); err != nil {
		t.Fatalf("duckdb output %q: %v", out, err)
	}
	return rows
}
