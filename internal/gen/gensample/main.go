// Command gensample writes the sample inputs under cmd/bucketlogs/sample,
// which the command embeds: a plain s3 log, a gzip-compressed OSS log and a
// zstd-compressed Yandex JSON log of n records each, then a small file (n/5
// records) of every other store's format, generated deterministically. Run
// from the repository root:
//
//	go run ./internal/gen/gensample -out cmd/bucketlogs/sample -n 1000
package main

import (
	"bytes"
	"flag"
	"log"
	"os"
	"path/filepath"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"

	"github.com/bucketlogs/bucketlogs/gcslog"
	"github.com/bucketlogs/bucketlogs/internal/gen"
	"github.com/bucketlogs/bucketlogs/parse"
)

func main() {
	out := flag.String("out", "cmd/bucketlogs/sample", "directory to write the samples to")
	n := flag.Int("n", 1000, "records per file")
	flag.Parse()
	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}
	g := gen.New(2026)
	var r parse.Record
	render := func(format parse.Format) []byte {
		var buf []byte
		for range *n {
			g.Next(&r, format)
			buf = append(gen.Append(buf, &r), '\n')
		}
		return buf
	}
	write(filepath.Join(*out, "s3-access.log"), render(parse.FormatS3))

	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(render(parse.FormatOSS))
	zw.Close()
	write(filepath.Join(*out, "oss-access.log.gz"), gz.Bytes())

	var zs bytes.Buffer
	enc, err := zstd.NewWriter(&zs)
	if err != nil {
		log.Fatal(err)
	}
	enc.Write(render(parse.FormatYandex))
	enc.Close()
	write(filepath.Join(*out, "yandex-access.json.zst"), zs.Bytes())

	// The other stores, named as they name their log objects.
	*n /= 5
	for _, f := range []struct {
		format parse.Format
		name   string
	}{
		{parse.FormatOBS, "obs-access-2026-11-01-00-00-00-KJ2KXG5LSQ7NE9ZR"},
		{parse.FormatCOS, "cos-access-2026-11-01-00-05-00.log"},
		{parse.FormatGCS, "media_usage_2026_11_01_00_00_00_00a1b2c3_v0"},
		{parse.FormatAzure, "azure-blob-2026-11-01-0000-000000.log"},
		{parse.FormatS3JSON, "s3json-access.jsonl"},
		{parse.FormatAzureJSON, "azurejson-PT1H.json"},
	} {
		data := render(f.format)
		if f.format == parse.FormatGCS {
			data = append([]byte(gcslog.Header+"\n"), data...)
		}
		write(filepath.Join(*out, f.name), data)
	}
}

func write(name string, data []byte) {
	if err := os.WriteFile(name, data, 0o644); err != nil {
		log.Fatal(err)
	}
}
