package bucket

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"
)

// An Error is a request about a bucket or an object that failed after
// retries. Its message names the URL and says what to do where that is
// known (credentials, region, endpoint); Err is the SDK's error, or
// [ErrNoObjects].
type Error struct {
	URL string // s3://BUCKET/KEY or s3://BUCKET/PREFIX
	Op  string // "list" or "get"
	// Code is the store's error code (NoSuchBucket, AccessDenied,
	// SignatureDoesNotMatch, ...), "" when it did not answer.
	Code string
	// Status is the HTTP status of the answer, 0 when there was none.
	Status int
	Err    error
	hint   string
}

func (e *Error) Error() string {
	if e.hint != "" {
		return e.URL + ": " + e.hint
	}
	return e.URL + ": " + e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

// wrap turns an SDK error into an *Error, with a hint for the usual
// mistakes.
func (c *Client) wrap(u, op string, err error) *Error {
	e := &Error{URL: u, Op: op, Err: err}
	var api smithy.APIError
	if errors.As(err, &api) {
		e.Code = api.ErrorCode()
	}
	var re *awshttp.ResponseError
	if errors.As(err, &re) {
		e.Status = re.HTTPStatusCode()
	}
	msg := ""
	if api != nil {
		msg = api.ErrorMessage()
	}
	detail := func() string {
		switch {
		case e.Code != "" && msg != "":
			return fmt.Sprintf(" (%s: %s)", e.Code, msg)
		case e.Code != "":
			return fmt.Sprintf(" (%s)", e.Code)
		case e.Status != 0:
			return fmt.Sprintf(" (HTTP %d)", e.Status)
		}
		return ""
	}
	var dns *net.DNSError
	var uerr *url.Error
	switch {
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		// Said as it is.
	case e.Code == "NoSuchBucket":
		e.hint = "no such bucket" + c.where()
	case op == "get" && (e.Code == "NoSuchKey" || e.Status == 404):
		e.hint = "object not found: deleted or moved since it was listed"
	case e.Code == "InvalidAccessKeyId" || e.Code == "SignatureDoesNotMatch" || e.Code == "InvalidToken" ||
		e.Code == "ExpiredToken" || e.Code == "InvalidSecurity":
		e.hint = "the store refused the credentials" + detail() + "; check AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_PROFILE" + c.where()
	case e.Code == "AccessDenied" || e.Status == 403:
		e.hint = "access denied" + detail() + "; the credentials need s3:ListBucket on the bucket and s3:GetObject on its objects (--no-sign-request for a public bucket)"
	case e.Code == "PermanentRedirect" || e.Code == "AuthorizationHeaderMalformed" || e.Code == "IllegalLocationConstraintException" || e.Status == 301:
		region := ""
		if re != nil && re.Response != nil {
			region = re.Response.Header.Get("X-Amz-Bucket-Region")
		}
		if region != "" {
			e.hint = fmt.Sprintf("the bucket is in region %s: give --region %s", region, region)
		} else {
			e.hint = "the bucket is in another region or needs another endpoint" + detail() + ": give --region (and --endpoint for a non-AWS store)"
		}
	case strings.Contains(err.Error(), "failed to retrieve credentials") || strings.Contains(err.Error(), "no EC2 IMDS role found"):
		e.hint = "no AWS credentials found (environment, ~/.aws/credentials, AWS_PROFILE, SSO, instance or container role); give --no-sign-request for a public bucket"
	case errors.As(err, &dns):
		e.hint = fmt.Sprintf("cannot resolve %s%s: check --endpoint (and --virtual-host, which puts the bucket name in the host)", dns.Name, c.where())
	case errors.As(err, &uerr) && e.Status == 0:
		e.hint = "cannot reach the store: " + uerr.Err.Error() + c.where()
	}
	return e
}

// where says which store a request went to, for messages.
func (c *Client) where() string {
	if c.endpoint != "" {
		return " at " + c.endpoint
	}
	return " on AWS (region " + c.s3.Options().Region + "; --endpoint for another store)"
}
