// Package query is a small, exact query language over the common record:
// filter, then optionally aggregate by groups, sort and limit, over any of
// the formats.
//
// # Syntax
//
// A query is a filter followed by stages, each after a '|':
//
//	FILTER [| AGGREGATIONS [by GROUPS]] [| sort by COLUMN [desc], ...] [| limit N]
//
// The filter is a boolean expression over the record's fields (FIELDS.md; the JSON
// keys: status, bucket, remote_ip, ...) and format. An empty filter or "*"
// matches every record.
//
//	status = 404                        = != < <= > >= on numbers, text and time
//	status = 5xx                        a status class (= or != only)
//	method in (GET, HEAD)               a list; status in (2xx, 304) too
//	key ~ "logs/2026-*"                 a glob: * any run of bytes, ? one byte
//	user_agent =~ "(?i)curl"            a regular expression (!~ for no match)
//	remote_ip in 10.0.0.0/8             address ranges, IPv4 or IPv6: in (a/n, b/m)
//	has(error_code)                     presence; not has(requester)
//	bytes_sent > 1GB                    units: kB MB GB TB, KiB MiB GiB; total_time_ms > 2s (ms s m h d)
//	method = get                        HTTP methods compare ignoring case
//	user_agent ~~ "*curl*"              ~~ is ~ ignoring case
//	key_decoded ~ "user uploads/*"      the key with its %XX escapes decoded
//	time >= yesterday and time < today  relative times (also now, 24h, 7d: ago); need CompileAt
//	time >= 2026-11-17 and time < 2026-11-18T06:00:00+03:00
//	(method = PUT or method = POST) and not bucket = logs
//
// Values are bare words or quoted strings ("..." or '...', with \ escaping
// the next character). Times are RFC 3339, a date-time without zone (UTC) or
// a date (UTC midnight). Keywords are case-insensitive; "and" binds tighter
// than "or".
//
// A comparison with an absent field is false, whichever the operator: a
// record without a status matches neither status = 200 nor status != 200;
// use has(status) to test presence. "not" negates, so not status = 200 does
// match it.
//
// Aggregations are count, count(FILTER) (or countif), rate(FILTER) (the
// share of records matching), sum(f), avg(f), p50(f), p90(f), p95(f), p99(f)
// on numeric fields, min(f) and max(f) on numeric fields and time,
// distinct(f) and top(f, n) on any field. Groups are fields (key_decoded
// too) or a time bucket, time(1h) (a whole number of seconds, 30s, 5m, 24h,
// or days and weeks, 1d, 1w; weeks start on Monday). Columns are named as
// written, spaced canonically: "count", "p99(total_time_ms)",
// "rate(status >= 500)". Without an aggregation, the result is the matching
// records; a "| fields a, b" stage chooses the fields they print with
// ([Query.Fields]).
//
//   - | count, rate(status >= 500) by time(1h)          the error rate per hour
//
//     status >= 500 | count, p99(total_time_ms) by operation, time(1h) | sort by count desc | limit 10
//     remote_ip in 10.0.0.0/8 | sum(bytes_sent) by remote_ip | sort by sum(bytes_sent) desc
//     method = DELETE and requester = "arn:aws:iam::1234:user/ci" and time >= 2026-11-17 and time < 2026-11-18
//
// # Use
//
// [Compile] once, then match many: [Query.Match] is safe for concurrent use
// and allocates nothing. Aggregation state is per goroutine ([Query.NewState],
// [State.Add], [State.Merge], [State.Result]), built on the mergeable
// aggregators of package aggregate, so a run over many inputs on all cores
// (source.Fold, one State per worker) gives the same answer as one
// goroutine. The package knows records, not files: it imports no decoder.
// [Index] answers repeated filters over a batch of records in memory with
// roaring bitmaps over the low-cardinality fields.
package query
