package yajson

import (
	"github.com/valyala/fastjson"

	"github.com/bucketlogs/bucketlogs/internal/azure"
	"github.com/bucketlogs/bucketlogs/parse"
)

// This file holds the other JSON layouts a Parser decodes: AWS S3 access
// records as JSON (CloudWatch Logs delivery, "s3json") and Azure Monitor's
// StorageBlobLogs ("azurejson"). Both go through fastjson's tree; their
// keys are mapped as FIELDS.md lists, unknown keys are ignored (so later
// schema versions decode), null, "" and "-" are absent, and a number may
// also be written as a string of digits, as Azure writes statusCode.

// s3jsonField is the record field of an S3 JSON key.
func s3jsonField(key []byte) (parse.Field, bool) {
	switch string(key) {
	case "schema_version_id":
		return parse.SchemaVersion, true
	case "bucket_arn":
		return parse.BucketARN, true
	case "bucket_name":
		return parse.Bucket, true
	case "request_time":
		return parse.Time, true
	case "bucket_owner_id", "bucket_owner":
		return parse.BucketOwner, true
	case "remote_ip":
		return parse.RemoteIP, true
	case "requester":
		return parse.Requester, true
	case "request_id":
		return parse.RequestID, true
	case "operation":
		return parse.Operation, true
	case "key_name", "key":
		return parse.Key, true
	case "request_uri":
		return parse.RequestURI, true
	case "http_status":
		return parse.Status, true
	case "error_code":
		return parse.ErrorCode, true
	case "bytes_sent":
		return parse.BytesSent, true
	case "object_size":
		return parse.ObjectSize, true
	case "total_time":
		return parse.TotalTimeMS, true
	case "turn_around_time", "turnaround_time":
		return parse.TurnaroundTimeMS, true
	case "referrer", "referer":
		return parse.Referer, true
	case "user_agent":
		return parse.UserAgent, true
	case "version_id":
		return parse.VersionID, true
	case "host_id":
		return parse.HostID, true
	case "signature_version":
		return parse.SignatureVersion, true
	case "cipher_suite":
		return parse.CipherSuite, true
	case "authentication_type":
		return parse.AuthType, true
	case "host_header":
		return parse.HostHeader, true
	case "tls_version":
		return parse.TLSVersion, true
	case "access_point_arn":
		return parse.AccessPointARN, true
	case "acl_required":
		return parse.ACLRequired, true
	case "source_region":
		return parse.SourceRegion, true
	}
	return 0, false
}

// Fields of StorageBlobLogs read by hand after the tree: the address with
// its port, the URI, and the object key holding the container.
const (
	azureCaller = parse.NumFields + iota
	azureURI
	azureObjectKey
	azureNested // an object whose keys are visited
)

// azureField is the record field of a top-level StorageBlobLogs key.
func azureField(key []byte) (parse.Field, bool) {
	switch string(key) {
	case "time":
		return parse.Time, true
	case "operationName":
		return parse.Operation, true
	case "operationVersion":
		return parse.RequestVersion, true
	case "schemaVersion":
		return parse.SchemaVersion, true
	case "statusCode":
		return parse.Status, true
	case "statusText":
		return parse.RequestStatus, true
	case "durationMs":
		return parse.TotalTimeMS, true
	case "callerIpAddress":
		return azureCaller, true
	case "correlationId":
		return parse.RequestID, true
	case "location":
		return parse.Region, true
	case "uri":
		return azureURI, true
	case "protocol":
		return parse.Scheme, true
	case "identity", "properties":
		return azureNested, true
	}
	return 0, false
}

// azureInnerField is the record field of a key of StorageBlobLogs'
// properties, identity or identity.requester object.
func azureInnerField(key []byte) (parse.Field, bool) {
	switch string(key) {
	case "accountName":
		return parse.BucketOwner, true
	case "userAgentHeader":
		return parse.UserAgent, true
	case "referrerHeader":
		return parse.Referer, true
	case "clientRequestId":
		return parse.ClientRequestID, true
	case "etag":
		return parse.ETag, true
	case "serviceType":
		return parse.ServiceType, true
	case "objectKey":
		return azureObjectKey, true
	case "lastModifiedTime":
		return parse.LastModified, true
	case "serverLatencyMs":
		return parse.TurnaroundTimeMS, true
	case "requestHeaderSize":
		return parse.RequestHeaderSize, true
	case "requestBodySize":
		return parse.BytesReceived, true
	case "responseHeaderSize":
		return parse.ResponseHeaderSize, true
	case "responseBodySize":
		return parse.BytesSent, true
	case "tlsVersion":
		return parse.TLSVersion, true
	case "type": // identity.type: OAuth, SAS, AccountKey, Anonymous
		return parse.AuthType, true
	case "upn":
		return parse.Principal, true
	case "tenantId":
		return parse.TenantID, true
	case "appId":
		return parse.ApplicationID, true
	case "requester":
		return azureNested, true
	}
	return 0, false
}

// layoutField stores the value of key, for the s3json and azurejson
// layouts; inner is set inside Azure's nested objects.
func (p *Parser) layoutField(r *parse.Record, key []byte, v *fastjson.Value, inner bool) (parse.Field, []byte, error) {
	var f parse.Field
	var ok bool
	switch {
	case p.Format == parse.FormatS3JSON:
		f, ok = s3jsonField(key)
	case inner:
		f, ok = azureInnerField(key)
	default:
		f, ok = azureField(key)
	}
	if !ok {
		return 0, nil, nil
	}
	switch f {
	case azureNested:
		if v.Type() == fastjson.TypeNull {
			return 0, nil, nil
		}
		o, err := v.Object()
		if err != nil {
			return nestedField(key), key, parse.ErrType
		}
		var ff parse.Field
		var fk []byte
		var ferr error
		o.Visit(func(k []byte, v *fastjson.Value) {
			if ferr == nil {
				ff, fk, ferr = p.layoutField(r, k, v, true)
			}
		})
		return ff, fk, ferr
	case azureCaller, azureURI, azureObjectKey:
		if v.Type() == fastjson.TypeNull {
			return 0, nil, nil
		}
		s, err := v.StringBytes()
		if err != nil {
			return fieldOfLayout(f), key, parse.ErrType
		}
		if !absent(s) {
			setAzure(r, f, s)
		}
		return 0, nil, nil
	}
	var err error
	switch f.Kind() {
	case parse.KindTime:
		err = setTime(r, v)
	case parse.KindInt:
		if v.Type() == fastjson.TypeString {
			s, _ := v.StringBytes()
			if absent(s) {
				return 0, nil, nil
			}
			n, ok, perr := parseInteger(s)
			switch {
			case perr != nil:
				err = perr
			case !ok:
				err = parse.ErrType
			case n < 0 && !f.Signed():
				err = parse.ErrRange
			default:
				r.SetInt(f, n)
			}
		} else {
			err = p.setInt(r, f, v)
		}
	default:
		err = setText(r, f, v)
	}
	if err != nil {
		return f, key, err
	}
	return 0, nil, nil
}

// nestedField names, in errors, the record field that stands for one of
// StorageBlobLogs' objects: the one every record takes from it.
func nestedField(key []byte) parse.Field {
	switch string(key) {
	case "identity":
		return parse.AuthType
	case "requester":
		return parse.Principal
	}
	return parse.BucketOwner // properties: accountName
}

// fieldOfLayout names a hand-read field in errors.
func fieldOfLayout(f parse.Field) parse.Field {
	switch f {
	case azureCaller:
		return parse.RemoteIP
	case azureURI:
		return parse.RequestURI
	case azureObjectKey:
		return parse.Key
	}
	return f
}

// setAzure stores the hand-read StorageBlobLogs values.
func setAzure(r *parse.Record, f parse.Field, s []byte) {
	switch f {
	case azureCaller:
		azure.SetAddress(r, s)
	case azureURI:
		azure.SetURL(r, s)
	case azureObjectKey:
		azure.SetObjectKey(r, s)
	}
}

// finishLayout derives what the layouts leave to the decoder: the parts of
// an S3 request line, an ETag without its quotes.
func finishLayout(r *parse.Record) {
	if r.Format == parse.FormatS3JSON && r.Has(parse.RequestURI) {
		parse.SplitRequestURI(r, r.RequestURI)
	}
	if r.Has(parse.ETag) {
		e := r.ETag
		r.Unmark(parse.ETag)
		azure.SetETag(r, e)
	}
}
