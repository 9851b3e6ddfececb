// Command bucketlogs reads object-storage bucket access logs (AWS S3 and
// S3-compatible server access lines, Alibaba Cloud OSS lines, Yandex Object
// Storage JSON records), plain or compressed with gzip or zstd, and prints
// them as one common record per line.
//
// Usage:
//
//	bucketlogs report [flags] [PATH|s3://BUCKET/PREFIX|-]...
//	bucketlogs query [flags] 'EXPR' [PATH|s3://BUCKET/PREFIX|-]...
//	bucketlogs cat [flags] [PATH|s3://BUCKET/PREFIX|-]...
//	bucketlogs export --to parquet --out DIR [flags] [PATH|s3://BUCKET/PREFIX|-]...
//	bucketlogs merge [flags] FILE...
//	bucketlogs fields | completion bash|zsh|fish | version | help [CMD]
//
// Exit status: 0 when every line decoded, 1 when some lines were malformed or
// some bucket objects could not be read after retries, 2 for usage errors or
// unreadable input (a bucket listing that cannot start among them).
package main

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// Exit statuses.
const (
	exitOK        = 0
	exitMalformed = 1
	exitUsage     = 2
)

const usage = `bucketlogs reads bucket access logs of AWS S3 (and S3-compatible stores),
Alibaba Cloud OSS and Yandex Object Storage into one record.

Usage:
  bucketlogs report [flags] [PATH|s3://BUCKET/PREFIX|-]...
  bucketlogs query [flags] 'EXPR' [PATH|s3://BUCKET/PREFIX|-]...
  bucketlogs cat [flags] [PATH|s3://BUCKET/PREFIX|-]...
  bucketlogs export --to parquet --out DIR [flags] [PATH|s3://BUCKET/PREFIX|-]...
  bucketlogs merge [flags] FILE...
  bucketlogs fields | completion SHELL | version | help [CMD]

Commands:
  report  answer the usual questions in one pass: traffic per operation,
          bucket and format, statuses and error codes, top requesters, IPs,
          keys, user agents and referers, latency quantiles, distinct
          clients, traffic over time, the slowest requests
  query   filter, group, aggregate, sort and limit, for example
          'status = 5xx | count, p99(total_time_ms) by operation, time(1h)'
  cat     print every record, one per line, as JSON lines or CSV
  export  write the records as Parquet (or JSON lines, CSV) in dt= folders
          for Athena, Trino, Spark, DuckDB; --ddl prints the table definition
  merge   combine partial results ('report --partial', 'query --partial')
          written over parts of the logs into one answer
  fields  the record's keys: type, meaning, where each format has them
  completion bash|zsh|fish
          a shell completion script
  version the module version and VCS revision of this build (also --version)

A PATH is a file (plain, gzip or zstd) or a directory (read recursively, in
name order); s3://BUCKET/PREFIX reads the objects under PREFIX of a bucket on
AWS or, with --endpoint, any S3-compatible store (--since/--until skip objects
by the delivery time in their names); "-" or no PATH reads standard input (report and query, given no
PATH on a terminal, read a built-in sample). Run "bucketlogs CMD --help" for the flags;
flags may come before, between or after the PATHs ("--" ends them).
`

func main() {
	// A write to a pipe whose reader is gone returns EPIPE instead of
	// killing the process, so that every subcommand stops the same quiet
	// way (see output.go).
	signal.Ignore(syscall.SIGPIPE)
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is the whole program, with its streams passed in so tests can drive it.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	if args[0] == "help" && len(args) > 1 {
		// "bucketlogs help report" is "bucketlogs report --help".
		args = []string{args[1], "--help"}
	}
	switch args[0] {
	case "cat":
		return runCat(args[1:], stdin, stdout, stderr)
	case "report":
		return runReport(args[1:], stdin, stdout, stderr)
	case "query":
		return runQuery(args[1:], stdin, stdout, stderr)
	case "merge":
		return runMerge(args[1:], stdout, stderr)
	case "export":
		return runExport(args[1:], stdin, stdout, stderr)
	case "fields":
		return runFields(args[1:], stdout, stderr)
	case "completion":
		return runCompletion(args[1:], stdout, stderr)
	case "version", "-version", "--version":
		return runVersion(stdout, stderr)
	case "-h", "-help", "--help", "help":
		return writeOut(stdout, []byte(usage), stderr)
	}
	fmt.Fprintf(stderr, "bucketlogs: unknown command %q\n\n%s", args[0], usage)
	return exitUsage
}
