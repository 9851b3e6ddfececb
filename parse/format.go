package parse

// Format names the log family a [Record] was decoded from.
type Format uint8

// The formats. The zero Format is FormatUnknown, which no decoder produces.
const (
	FormatUnknown Format = iota
	FormatS3             // AWS S3 and S3-compatible server access lines ("s3")
	FormatOSS            // Alibaba Cloud OSS access lines ("oss")
	FormatYandex         // Yandex Object Storage JSON records ("yandex")
)

var formatNames = [...]string{"", "s3", "oss", "yandex"}

// formatBytes are the names as the text of [FormatField].
var formatBytes = func() (b [len(formatNames)][]byte) {
	for i, n := range formatNames {
		b[i] = []byte(n)
	}
	return b
}()

// String returns the format's name as written in output and accepted by
// [ParseFormat]: "s3", "oss" or "yandex", and "" for FormatUnknown.
func (f Format) String() string {
	if int(f) < len(formatNames) {
		return formatNames[f]
	}
	return "format(?)"
}

// ParseFormat returns the Format named name ("s3", "oss" or "yandex") and
// false if name is none of them.
func ParseFormat(name string) (Format, bool) {
	for i, n := range formatNames {
		if i > 0 && n == name {
			return Format(i), true
		}
	}
	return FormatUnknown, false
}
