package yajson

// Detect reports whether head, the first bytes of a decompressed stream,
// looks like JSON records: its first byte other than white space is '{' or
// '['. It reads at most the bytes it is given.
func Detect(head []byte) bool {
	for _, c := range head {
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		case '{', '[':
			return true
		}
		return false
	}
	return false
}
