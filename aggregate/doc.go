// Package aggregate holds mergeable aggregators over [parse.Record]s: the
// building blocks of "bucketlogs report" and of the query language's
// aggregations.
//
// # Aggregators
//
//   - [Group]: requests and byte sums per value of a text field (operation,
//     bucket) or per format.
//   - [Statuses]: the status histogram, status classes, the error rate and
//     error codes per operation.
//   - [TopK]: the heaviest values of a field by requests or by bytes; exact
//     while the distinct values fit its capacity, then Space-Saving
//     estimates with a stated bound.
//   - [Histogram] and [Latency]: exact counting histograms of milliseconds,
//     quantiles overall and per operation.
//   - [Distinct] and [DistinctIPs]: distinct values (exact, then
//     HyperLogLog), distinct IPv4 (a flat table, then a roaring bitmap)
//     and IPv6 addresses.
//   - [Series]: requests, bytes and errors over time.
//   - [Slowest]: the slowest requests.
//   - [Report]: all of the above in one pass.
//
// # Contracts
//
// Every aggregator has Add(*parse.Record), which copies whatever it keeps
// (the record may be reused after the call) and, once warm, allocates
// nothing for values it has seen; and Merge(other), which gives the same
// answer however the input was split between aggregators. None is safe for
// concurrent use: give each goroutine its own and merge them at the end.
// MarshalBinary and UnmarshalBinary write and read a deterministic wire form
// (versioned; a mismatch or damage is [ErrCorrupt]), so partial results
// from many machines combine. Results come out in a deterministic order.
// Sums saturate at math.MaxInt64 rather than wrap; an absent field adds
// nothing (absent is not zero).
//
// The package knows no log format and no query: it sees records only.
package aggregate
