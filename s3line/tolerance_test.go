package s3line_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/bucketlogs/bucketlogs/internal/rectest"
	"github.com/bucketlogs/bucketlogs/parse"
	"github.com/bucketlogs/bucketlogs/s3line"
)

// TestLinesAsStoresWriteThem: white space before the first field, runs of
// spaces between fields, a Host Id holding a space, quoted values in bare
// fields, and Huawei OBS's fields 19-21 (testdata/s3-real-shapes.log).
func TestLinesAsStoresWriteThem(t *testing.T) {
	lines := rectest.Lines(t, "testdata/s3-real-shapes.log")
	pick := []parse.Field{parse.BucketOwner, parse.Bucket, parse.RemoteIP, parse.Requester, parse.RequestID,
		parse.Key, parse.Status, parse.ErrorCode, parse.UserAgent, parse.HostID, parse.SignatureVersion,
		parse.CipherSuite, parse.TLSVersion, parse.STSLogURN, parse.StorageClass, parse.TargetStorageClass, parse.Extra}
	tests := []struct {
		name string
		line string
		want map[string]string
	}{
		{"a space before the first field", lines[0], map[string]string{
			"format": "s3", "bucket_owner": "owner1", "bucket": "photos-prod", "remote_ip": "198.51.100.23",
			"request_id": "4A4A4A4A4A4A4A4B", "key": "a.jpg", "status": "200", "user_agent": "curl/8.5.0",
		}},
		{"runs of spaces between fields", lines[1], map[string]string{
			"format": "s3", "bucket_owner": "owner1", "bucket": "photos-prod", "remote_ip": "198.51.100.23",
			"requester": "arn:aws:iam::111122223333:user/ci", "request_id": "4A4A4A4A4A4A4A4C", "key": "a.jpg",
			"status": "200", "user_agent": "curl/8.5.0", "host_id": "Hk2x9Qm4=", "signature_version": "SigV4",
		}},
		{"a Host Id holding a space", lines[2], map[string]string{
			"format": "s3", "bucket_owner": "owner1", "bucket": "photos-prod", "remote_ip": "198.51.100.23",
			"request_id": "4A4A4A4A4A4A4A4D", "key": "a.jpg", "status": "200", "user_agent": "aws-sdk-go-v2/1.30.3",
			"host_id":           "1oL2xT+8WmB3Qa5cR9vKzP0yEhN4dJ6sUuF7gI1= vXj3Kq8Lm2pRt5Yw9Zb==",
			"signature_version": "SigV4", "cipher_suite": "ECDHE-RSA-AES128-GCM-SHA256", "tls_version": "TLSv1.3",
		}},
		{"quoted values in bare fields", lines[3], map[string]string{
			"format": "s3", "bucket_owner": "owner1", "bucket": "photos-prod", "remote_ip": "198.51.100.23",
			"request_id": "4A4A4A4A4A4A4A4E", "key": "a.jpg", "status": "404", "error_code": "NoSuchKey",
			"user_agent": "curl/8.5.0",
		}},
		{"Huawei OBS: STS log URN and storage classes, double spaces", lines[5], map[string]string{
			"format": "obs", "bucket_owner": "0a1b2c3d4e5f60718293a4b5c6d7e8f9", "bucket": "obs-bucket",
			"remote_ip": "203.0.113.8", "requester": "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
			"request_id": "0000018FD5E1A2B3C4D5E6F7A8B9C0D1", "key": "reports/q2.csv", "status": "200",
			"user_agent": "obsutil/5.5.12", "sts_log_urn": "urn:sts::a1b2c3d4e5f6:assumed-agency:obs_logger/session",
			"storage_class": "STANDARD",
		}},
		{"Huawei OBS: no URN, a storage class change", lines[6], map[string]string{
			"format": "obs", "bucket_owner": "0a1b2c3d4e5f60718293a4b5c6d7e8f9", "bucket": "obs-bucket",
			"remote_ip": "203.0.113.8", "requester": "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
			"request_id": "0000018FD5E1A2B3C4D5E6F7A8B9C0D2", "key": "reports/q2.csv", "status": "200",
			"user_agent": "obsutil/5.5.12", "storage_class": "WARM", "target_storage_class": "COLD",
		}},
	}
	var p s3line.Parser
	var r parse.Record
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := p.Parse([]byte(tt.line), &r); err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if diff := cmp.Diff(tt.want, rectest.Values(&r, pick...)); diff != "" {
				t.Errorf("record mismatch (-want +got):\n%s", diff)
			}
		})
	}

	t.Run("an OSS line after a tab", func(t *testing.T) {
		line := rectest.Lines(t, "testdata/oss-real-shapes.log")[0]
		p := s3line.Parser{Format: parse.FormatOSS}
		if err := p.Parse([]byte(line), &r); err != nil {
			t.Fatalf("Parse: %v", err)
		}
		want := map[string]string{"format": "oss", "remote_ip": "198.51.100.2", "bucket": "vault", "status": "200"}
		if diff := cmp.Diff(want, rectest.Values(&r, parse.RemoteIP, parse.Bucket, parse.Status)); diff != "" {
			t.Errorf("record mismatch (-want +got):\n%s", diff)
		}
	})

	t.Run("a time offset out of range", func(t *testing.T) {
		err := p.Parse([]byte(lines[4]), &r)
		var pe *parse.Error
		if !errors.As(err, &pe) || pe.Field != "time" || !errors.Is(err, parse.ErrSyntax) {
			t.Fatalf("Parse = %v, want a time syntax error", err)
		}
		if want := int64(strings.Index(lines[4], "[")); pe.Offset != want {
			t.Errorf("offset %d, want %d", pe.Offset, want)
		}
	})

	t.Run("offsets count the white space before the first field", func(t *testing.T) {
		line := " \t" + strings.Replace(lines[0][1:], " 200 ", " 2x0 ", 1)
		err := p.Parse([]byte(line), &r)
		var pe *parse.Error
		if !errors.As(err, &pe) || pe.Field != "status" {
			t.Fatalf("Parse = %v, want a status error", err)
		}
		if want := int64(strings.Index(line, "2x0")); pe.Offset != want {
			t.Errorf("offset %d, want %d", pe.Offset, want)
		}
	})
}
