package export

import (
	"fmt"
	"strings"
)

// Engines that [DDL] writes table definitions for.
var Engines = []string{"athena", "trino", "duckdb"}

// DDL returns the statement that makes the Parquet files of an export at
// location (an s3:// URL for Athena and Trino, a directory or URL for
// DuckDB) a table named table, for engine "athena" (an external table
// with partition projection, so new days need no MSCK REPAIR), "trino"
// (a Hive connector table; register partitions with
// system.sync_partition_metadata) or "duckdb" (a view over
// read_parquet with Hive partitioning).
func DDL(engine, location, table string, p Partition) (string, error) {
	location = strings.TrimSuffix(location, "/")
	var b strings.Builder
	cols := Columns()
	column := func(c Column, typ func(string) string) string {
		return fmt.Sprintf("  %s %s", quoteIdent(engine, c.Name), typ(c.Type))
	}
	parts := []string{}
	switch p {
	case ByDay:
		parts = []string{"dt"}
	case ByHour:
		parts = []string{"dt", "hour"}
	}
	switch engine {
	case "athena":
		fmt.Fprintf(&b, "CREATE EXTERNAL TABLE IF NOT EXISTS %s (\n", table)
		var lines []string
		for _, c := range cols {
			lines = append(lines, column(c, athenaType))
		}
		b.WriteString(strings.Join(lines, ",\n") + "\n)\n")
		if len(parts) > 0 {
			b.WriteString("PARTITIONED BY (" + strings.Join(mapStrings(parts, func(s string) string { return s + " string" }), ", ") + ")\n")
		}
		fmt.Fprintf(&b, "STORED AS PARQUET\nLOCATION '%s/'\n", location)
		if len(parts) > 0 {
			b.WriteString("TBLPROPERTIES (\n  'parquet.compression' = 'ZSTD',\n  'projection.enabled' = 'true',\n")
			b.WriteString("  'projection.dt.type' = 'date',\n  'projection.dt.format' = 'yyyy-MM-dd',\n  'projection.dt.range' = '2006-01-01,NOW',\n  'projection.dt.interval' = '1',\n  'projection.dt.interval.unit' = 'DAYS',\n")
			template := location + "/dt=${dt}/"
			if p == ByHour {
				b.WriteString("  'projection.hour.type' = 'integer',\n  'projection.hour.range' = '0,23',\n  'projection.hour.digits' = '2',\n")
				template = location + "/dt=${dt}/hour=${hour}/"
			}
			fmt.Fprintf(&b, "  'storage.location.template' = '%s'\n)", template)
		} else {
			b.WriteString("TBLPROPERTIES ('parquet.compression' = 'ZSTD')")
		}
		b.WriteString(";\n")
	case "trino":
		fmt.Fprintf(&b, "CREATE TABLE IF NOT EXISTS %s (\n", table)
		var lines []string
		for _, c := range cols {
			lines = append(lines, column(c, func(t string) string {
				if t == "array<varchar>" {
					return "array(varchar)"
				}
				if t == "timestamp" {
					return "timestamp(6)"
				}
				return t
			}))
		}
		for _, p := range parts {
			lines = append(lines, fmt.Sprintf("  %s varchar", p)) // partition columns come last
		}
		b.WriteString(strings.Join(lines, ",\n") + "\n)\n")
		fmt.Fprintf(&b, "WITH (\n  format = 'PARQUET',\n  external_location = '%s/'", location)
		if len(parts) > 0 {
			fmt.Fprintf(&b, ",\n  partitioned_by = ARRAY[%s]", strings.Join(mapStrings(parts, func(s string) string { return "'" + s + "'" }), ", "))
		}
		b.WriteString("\n);\n")
		if len(parts) > 0 {
			fmt.Fprintf(&b, "CALL system.sync_partition_metadata(current_schema, '%s', 'ADD');\n", table)
		}
	case "duckdb":
		glob := location + "/**/*.parquet"
		if p == None {
			glob = location + "/*.parquet"
		}
		fmt.Fprintf(&b, "CREATE OR REPLACE VIEW %s AS\n  SELECT * FROM read_parquet('%s', hive_partitioning = %t);\n", table, glob, len(parts) > 0)
	default:
		return "", fmt.Errorf("unknown engine %q (want %s)", engine, strings.Join(Engines, ", "))
	}
	return b.String(), nil
}

// athenaType is the Hive DDL type Athena's CREATE EXTERNAL TABLE takes.
func athenaType(t string) string {
	switch t {
	case "varchar":
		return "string"
	case "array<varchar>":
		return "array<string>"
	}
	return t // bigint, timestamp
}

// quoteIdent quotes a column name for engine: Athena's DDL takes
// backquotes, the others double quotes. Record keys are lower-case words,
// but some (range) are reserved.
func quoteIdent(engine, name string) string {
	if engine == "athena" {
		return "`" + name + "`"
	}
	return `"` + name + `"`
}

func mapStrings(s []string, f func(string) string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = f(v)
	}
	return out
}
