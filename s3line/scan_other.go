//go:build !amd64 || purego

package s3line

// scan is scanPortable where there is no assembly.
func (t *tape) scan(line []byte) bool { return t.scanPortable(line) }
