package parse

// Format names the log family a [Record] was decoded from.
type Format uint8

// The formats. The zero Format is FormatUnknown, which no decoder produces.
const (
	FormatUnknown   Format = iota
	FormatS3               // AWS S3 and S3-compatible server access lines ("s3")
	FormatOSS              // Alibaba Cloud OSS access lines ("oss")
	FormatYandex           // Yandex Object Storage JSON records ("yandex")
	FormatOBS              // Huawei Cloud / Open Telekom Cloud OBS lines ("obs")
	FormatCOS              // Tencent Cloud COS lines ("cos")
	FormatGCS              // Google Cloud Storage usage logs, CSV ("gcs")
	FormatAzure            // Azure Storage Analytics 1.0 and 2.0 lines ("azure")
	FormatS3JSON           // AWS S3 access records as JSON, from CloudWatch Logs ("s3json")
	FormatAzureJSON        // Azure Monitor StorageBlobLogs JSON lines ("azurejson")
)

var formatNames = [...]string{"", "s3", "oss", "yandex", "obs", "cos", "gcs", "azure", "s3json", "azurejson"}

// Formats returns every format a decoder produces, in the order of their
// constants, as a new slice.
func Formats() []Format {
	fs := make([]Format, 0, len(formatNames)-1)
	for i := 1; i < len(formatNames); i++ {
		fs = append(fs, Format(i))
	}
	return fs
}

// formatBytes are the names as the text of [FormatField].
var formatBytes = func() (b [len(formatNames)][]byte) {
	for i, n := range formatNames {
		b[i] = []byte(n)
	}
	return b
}()

// String returns the format's name as written in output and accepted by
// [ParseFormat], such as "s3", "oss" or "yandex", and "" for FormatUnknown.
func (f Format) String() string {
	if int(f) < len(formatNames) {
		return formatNames[f]
	}
	return "format(?)"
}

// ParseFormat returns the Format named name (one of [Formats]' names:
// s3, oss, yandex, obs, cos, gcs, azure, s3json, azurejson) and false if
// name is none of them.
func ParseFormat(name string) (Format, bool) {
	for i, n := range formatNames {
		if i > 0 && n == name {
			return Format(i), true
		}
	}
	return FormatUnknown, false
}
