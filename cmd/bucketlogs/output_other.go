//go:build !unix

package main

import "os"

// readerGone cannot watch a pipe here: a broken pipe is noticed when a
// write to it fails.
func readerGone(*os.File) func() bool { return nil }
