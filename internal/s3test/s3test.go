// Package s3test starts a real S3 server for tests: versitygw with its
// posix backend over a temporary directory, on a loopback port, behind a
// proxy that counts requests. Tests that need it skip when versitygw is
// absent, except under CI (the CI environment variable set), where that is
// a failure: .ci/run installs it.
package s3test

import (
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Credentials of the server's root account.
const (
	AccessKey = "bucketlogs-test"
	SecretKey = "bucketlogs-test-secret"
)

// A Server is a running versitygw and the counting proxy in front of it.
type Server struct {
	// Endpoint is the proxy's URL, to give as the store's endpoint.
	Endpoint string
	// Root is the directory served: each directory below it is a bucket,
	// each file below a bucket an object.
	Root string

	// Lists and Gets count ListObjectsV2 and GetObject requests.
	Lists, Gets atomic.Int64

	mu     sync.Mutex
	before func(w http.ResponseWriter, r *http.Request) bool // see Intercept
}

// Binary returns the versitygw to run: $VERSITYGW, else versitygw on PATH,
// else "" (the test is skipped outside CI and fails inside).
func Binary(t testing.TB) string {
	if p := os.Getenv("VERSITYGW"); p != "" {
		return p
	}
	if p, err := exec.LookPath("versitygw"); err == nil {
		return p
	}
	if os.Getenv("CI") != "" {
		t.Fatal("versitygw not found under CI: .ci/run installs it (go install github.com/versity/versitygw/cmd/versitygw@v1.8.0) and sets VERSITYGW")
	}
	t.Skip("versitygw not installed (set VERSITYGW or put it on PATH; .ci/run installs it)")
	return ""
}

// Start runs versitygw over a new temporary directory until the test
// ends.
func Start(t testing.TB) *Server {
	bin := Binary(t)
	s := &Server{Root: t.TempDir()}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	logf, err := os.Create(filepath.Join(t.TempDir(), "versitygw.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "--access", AccessKey, "--secret", SecretKey, "--port", addr, "--quiet", "posix", "--nometa", s.Root)
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		logf.Close()
	})
	deadline := time.Now().Add(20 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			out, _ := os.ReadFile(logf.Name())
			t.Fatalf("versitygw did not listen on %s: %v\n%s", addr, err, out)
		}
		time.Sleep(20 * time.Millisecond)
	}
	backend, _ := url.Parse("http://" + addr)
	proxy := httputil.NewSingleHostReverseProxy(backend)
	proxy.ErrorLog = log.New(io.Discard, "", 0) // clients that stop early cancel requests
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			if r.URL.Query().Has("list-type") {
				s.Lists.Add(1)
			} else if strings.Count(strings.Trim(r.URL.Path, "/"), "/") >= 1 {
				s.Gets.Add(1)
			}
		}
		s.mu.Lock()
		before := s.before
		s.mu.Unlock()
		if before != nil && before(w, r) {
			return // answered by the test
		}
		// The Host header is passed on as the client signed it.
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(front.Close)
	s.Endpoint = front.URL
	return s
}

// Before sets a function called with each request before it is passed on
// (nil for none); it runs on the proxy's goroutines.
func (s *Server) Before(f func(r *http.Request)) {
	s.Intercept(func(_ http.ResponseWriter, r *http.Request) bool {
		f(r)
		return false
	})
}

// Intercept sets a function called with each request before it is passed
// on: when it returns true it has answered the request, which goes no
// further. It runs on the proxy's goroutines.
func (s *Server) Intercept(f func(w http.ResponseWriter, r *http.Request) bool) {
	s.mu.Lock()
	s.before = f
	s.mu.Unlock()
}

// Fail answers r with an S3 error document.
func Fail(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(status)
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>%s</Code><Message>%s</Message></Error>`, code, msg)
}

// Bucket makes a bucket and returns its directory.
func (s *Server) Bucket(t testing.TB, name string) string {
	dir := filepath.Join(s.Root, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// Put writes an object of bucket straight into the served directory.
func (s *Server) Put(t testing.TB, bucket, key string, data []byte) {
	p := filepath.Join(s.Root, bucket, filepath.FromSlash(key))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// Env is the environment a command run against the server needs:
// credentials, endpoint and region, with any shared AWS configuration of the
// machine kept out.
func (s *Server) Env(dir string) []string {
	return []string{
		"AWS_ACCESS_KEY_ID=" + AccessKey,
		"AWS_SECRET_ACCESS_KEY=" + SecretKey,
		"AWS_REGION=us-east-1",
		"AWS_ENDPOINT_URL_S3=" + s.Endpoint,
		"AWS_CONFIG_FILE=" + filepath.Join(dir, "no-config"),
		"AWS_SHARED_CREDENTIALS_FILE=" + filepath.Join(dir, "no-credentials"),
		"AWS_EC2_METADATA_DISABLED=true",
	}
}

// String describes the server, for logs.
func (s *Server) String() string { return fmt.Sprintf("versitygw %s over %s", s.Endpoint, s.Root) }
