//go:build unix

package main

import (
	"os"

	"golang.org/x/sys/unix"
)

// readerGone returns a check of whether f, a pipe, has lost its reader
// (poll reports POLLERR on the write end then), or nil if f is no pipe.
func readerGone(f *os.File) func() bool {
	info, err := f.Stat()
	if err != nil || info.Mode()&os.ModeNamedPipe == 0 {
		return nil
	}
	fd := int32(f.Fd())
	return func() bool {
		fds := []unix.PollFd{{Fd: fd}}
		n, err := unix.Poll(fds, 0)
		return err == nil && n > 0 && fds[0].Revents&(unix.POLLERR|unix.POLLHUP) != 0
	}
}
