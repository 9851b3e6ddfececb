package main

import (
	"os/exec"
	"strings"
	"testing"
)

func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"--version"}, {"version"}} {
		out, _, status := runCmd(t, "", args...)
		if status != exitOK || !strings.HasPrefix(out, "bucketlogs ") || !strings.Contains(out, "go1.") {
			t.Errorf("%v: %q, status %d", args, out, status)
		}
	}
}

// TestCompletion: each script offers every subcommand and each
// subcommand's flags, and the bash script is valid bash.
func TestCompletion(t *testing.T) {
	for _, shell := range []string{"bash", "zsh", "fish"} {
		out, _, status := runCmd(t, "", "completion", shell)
		if status != exitOK {
			t.Fatalf("%s: status %d", shell, status)
		}
		for _, want := range []string{"report", "query", "fields", "max-errors", "max-window", "workers", "wide", "markdown"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s completion lacks %q", shell, want)
			}
		}
		if shell == "bash" {
			if _, err := exec.LookPath("bash"); err == nil {
				cmd := exec.Command("bash", "-n")
				cmd.Stdin = strings.NewReader(out)
				if msg, err := cmd.CombinedOutput(); err != nil {
					t.Errorf("bash -n: %v\n%s", err, msg)
				}
			}
		}
	}
	if _, _, status := runCmd(t, "", "completion", "powershell"); status != exitUsage {
		t.Errorf("unknown shell: status %d, want %d", status, exitUsage)
	}
}
