package main

import (
	"fmt"
	"io"
	"runtime/debug"
)

// versionText says which build this is: the module version ("(devel)" for
// a build from a clone) and, when the build recorded it, the VCS revision,
// its time and whether the tree had changes.
func versionText() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "bucketlogs (no build information)\n"
	}
	s := "bucketlogs " + info.Main.Version
	var rev, at, dirty string
	for _, kv := range info.Settings {
		switch kv.Key {
		case "vcs.revision":
			rev = kv.Value
		case "vcs.time":
			at = kv.Value
		case "vcs.modified":
			if kv.Value == "true" {
				dirty = ", modified"
			}
		}
	}
	if rev != "" {
		s += fmt.Sprintf(" (%s, %s%s)", rev[:min(12, len(rev))], at, dirty)
	}
	return s + " " + info.GoVersion + "\n"
}

func runVersion(stdout, stderr io.Writer) int {
	return writeOut(stdout, []byte(versionText()), stderr)
}
