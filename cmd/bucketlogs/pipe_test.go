//go:build unix

package main

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestStopsWhenOutputIsGone runs the built command on an endless standard
// input with its standard output a pipe that the test closes (after the
// first line, or at once), as "| head -1" does: every subcommand must stop
// reading and exit quietly with status 0. An endless input means a command
// that does not stop never exits; the test gives up after a minute.
func TestStopsWhenOutputIsGone(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	bin := filepath.Join(t.TempDir(), "bucketlogs")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	tests := []struct {
		args      []string
		firstLine bool // read one line of output before closing
	}{
		{[]string{"cat", "--format", "s3"}, true},
		{[]string{"query", "--format", "s3", "status = 200"}, true},
		{[]string{"query", "--format", "s3", "status = 999"}, false}, // never writes
		{[]string{"query", "--format", "s3", "* | count by key"}, false},
		{[]string{"report", "--format", "s3"}, false},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			cmd := exec.Command(bin, tt.args...)
			in, err := cmd.StdinPipe()
			if err != nil {
				t.Fatal(err)
			}
			outR, outW, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			cmd.Stdout = outW
			var stderr strings.Builder
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			outW.Close()
			go func() { // an endless log
				chunk := []byte(strings.Repeat(goodLine, 1000))
				for {
					if _, err := in.Write(chunk); err != nil {
						return
					}
				}
			}()
			if tt.firstLine {
				if _, err := bufio.NewReader(outR).ReadString('\n'); err != nil {
					t.Fatalf("no first line: %v", err)
				}
			} else {
				time.Sleep(200 * time.Millisecond) // let it get going
			}
			outR.Close()
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case err := <-done:
				var ee *exec.ExitError
				if err != nil && !errors.As(err, &ee) {
					t.Fatal(err)
				}
				if code := cmd.ProcessState.ExitCode(); code != 0 || stderr.Len() != 0 {
					t.Errorf("exit %d, stderr %q; want a quiet exit 0", code, stderr.String())
				}
			case <-time.After(time.Minute):
				cmd.Process.Kill()
				t.Fatal("still reading a minute after its output was closed")
			}
		})
	}
}
