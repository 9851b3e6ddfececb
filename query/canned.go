package query

// A CannedQuery is a ready-made query for a question asked often: the
// audit views of security and cost reviews. The command runs one as
// "bucketlogs query @NAME".
type CannedQuery struct {
	Name string // what to type after '@'
	Doc  string // the question it answers
	Expr string // the query
}

// Canned lists the ready-made queries, in the order the command lists
// them. The list is shared: do not modify it.
var Canned = []CannedQuery{
	{"anonymous", "anonymous requests (no requester) by operation and client IP",
		"not has(requester) | count, sum(bytes_sent) by operation, remote_ip | sort by count desc | limit 50"},
	{"sigv2", "requests still signed with Signature Version 2, by requester and IP",
		"signature_version = SigV2 | count by requester, remote_ip, user_agent | sort by count desc | limit 50"},
	{"old-tls", "requests over TLS older than 1.2, by version, requester and IP",
		"tls_version in (TLSv1, TLSv1.1, SSLv3) | count by tls_version, requester, remote_ip | sort by count desc | limit 50"},
	{"deletes", "deletes, single and batch, by who and what",
		"action in (DeleteObject, DeleteObjects) | count, min(time), max(time) by requester, remote_ip, bucket, key | sort by count desc | limit 100"},
	{"denied-bursts", "access-denied answers per 5 minutes and source",
		"status = 403 | count by time(5m), remote_ip, requester | sort by count desc | limit 50"},
	{"bots", "user agents that look like bots or crawlers, by bytes sent",
		`user_agent =~ "(?i)(bot\\b|crawl|spider|slurp)" | count, sum(bytes_sent) by user_agent | sort by sum(bytes_sent) desc | limit 50`},
	{"egress", "who costs the most egress: bytes sent by requester and IP",
		"has(bytes_sent) | sum(bytes_sent), count by requester, remote_ip | sort by sum(bytes_sent) desc | limit 50"},
	{"errors", "server errors (5xx) by operation and error code, per hour",
		"status >= 500 | count by time(1h), operation, error_code | sort by count desc | limit 50"},
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
