// Package bench holds the benchmarks that span packages: whole inputs
// decoded and aggregated end to end, per format. It has no library code and
// nothing imports it. bench/goaccess.sh compares the command with GoAccess;
// bench/gencorpus writes benchmark corpora.
package bench
