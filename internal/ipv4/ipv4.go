// Package ipv4 parses dotted-quad IPv4 text without allocating, for the hot
// paths that meet client addresses on every record (distinct counts, CIDR
// filters) and would otherwise pay for netip's error values on text that is
// not an address.
package ipv4

// Parse parses "a.b.c.d" (decimal, no leading zeros, as netip accepts it)
// into its 32-bit big-endian value, and false for anything else.
func Parse(b []byte) (uint32, bool) {
	var ip uint32
	part, digits, dots := uint32(0), 0, 0
	for _, c := range b {
		switch {
		case c >= '0' && c <= '9':
			if digits > 0 && part == 0 { // no leading zeros
				return 0, false
			}
			part = part*10 + uint32(c-'0')
			digits++
			if part > 255 {
				return 0, false
			}
		case c == '.' && digits > 0 && dots < 3:
			ip = ip<<8 | part
			part, digits = 0, 0
			dots++
		default:
			return 0, false
		}
	}
	if dots != 3 || digits == 0 {
		return 0, false
	}
	return ip<<8 | part, true
}
