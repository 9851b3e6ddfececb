package query

// A CannedQuery is a ready-made query for a question asked often: the
// audit views of security and cost reviews. The command runs one as
// "bucketlogs query @NAME".
type CannedQuery struct {
	Name string // what to type after '@'
	Doc  string // the question it answers
	Expr string // the query
	// Audit marks the views every report shows (the others repeat what a
	// report has: its top lists by bytes, its error codes).
	Audit bool
}

// Canned lists the ready-made queries, in the order the command lists
// them. The list is shared: do not modify it.
var Canned = []CannedQuery{
	{Name: "anonymous", Audit: true, Doc: "anonymous requests (no requester) by operation and client IP",
		Expr: "not has(requester) | count, sum(bytes_sent) by operation, remote_ip | sort by count desc | limit 50"},
	{Name: "sigv2", Audit: true, Doc: "requests still signed with Signature Version 2, by requester and IP",
		Expr: "signature_version = SigV2 | count by requester, remote_ip, user_agent | sort by count desc | limit 50"},
	{Name: "old-tls", Audit: true, Doc: "requests over TLS older than 1.2, by version, requester and IP",
		Expr: "tls_version in (TLSv1, TLSv1.1, SSLv3) | count by tls_version, requester, remote_ip | sort by count desc | limit 50"},
	{Name: "deletes", Audit: true, Doc: "deletes, single and batch: who deleted how many objects, in which bucket, when (@deleted-keys lists the keys)",
		Expr: "action in (DeleteObject, DeleteObjects) | count, min(time), max(time) by requester, remote_ip, bucket, operation | sort by count desc | limit 100"},
	{Name: "deleted-keys", Doc: "deletes key by key, the latest first: who deleted what, and when",
		Expr: "action in (DeleteObject, DeleteObjects) and has(key) | count, min(time), max(time) by requester, remote_ip, bucket, key | sort by max(time) desc | limit 1000"},
	{Name: "denied-bursts", Audit: true, Doc: "access-denied answers per 5 minutes and source",
		Expr: "status = 403 | count by time(5m), remote_ip, requester | sort by count desc | limit 50"},
	{Name: "bots", Audit: true, Doc: "user agents that look like bots or crawlers, by bytes sent",
		Expr: `user_agent ~~ "*bot/*" or user_agent ~~ "*bot;*" or user_agent ~~ "*crawl*" or user_agent ~~ "*spider*" or user_agent ~~ "*slurp*" | count, sum(bytes_sent) by user_agent | sort by sum(bytes_sent) desc | limit 50`},
	{Name: "egress", Doc: "who costs the most egress: bytes sent by requester and IP",
		Expr: "has(bytes_sent) | sum(bytes_sent), count by requester, remote_ip | sort by sum(bytes_sent) desc | limit 50"},
	{Name: "errors", Doc: "server errors (5xx) by operation and error code, per hour",
		Expr: "status >= 500 | count by time(1h), operation, error_code | sort by count desc | limit 50"},
}

// CannedByName returns the canned query of that name.
func CannedByName(name string) (CannedQuery, bool) {
	for _, c := range Canned {
		if c.Name == name {
			return c, true
		}
	}
	return CannedQuery{}, false
}
