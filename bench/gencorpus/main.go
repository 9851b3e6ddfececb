// Command gencorpus writes a deterministic, realistic access-log corpus for
// benchmarks: -n records in -format (s3, oss or yandex), optionally
// compressed (-compress gzip|zstd).
//
//	go run ./bench/gencorpus -n 1000000 -format s3 > s3.log
package main

import (
	"bufio"
	"flag"
	"io"
	"log"
	"os"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"

	"github.com/bucketlogs/bucketlogs/internal/gen"
	"github.com/bucketlogs/bucketlogs/parse"
)

func main() {
	n := flag.Int("n", 1000000, "number of records")
	formatName := flag.String("format", "s3", "s3, oss or yandex")
	compress := flag.String("compress", "", "gzip or zstd (default none)")
	seed := flag.Uint64("seed", 1, "generator seed")
	flag.Parse()
	format, ok := parse.ParseFormat(*formatName)
	if !ok {
		log.Fatalf("unknown format %q", *formatName)
	}
	var w io.Writer = os.Stdout
	var closer io.Closer
	switch *compress {
	case "":
	case "gzip":
		zw := gzip.NewWriter(os.Stdout)
		w, closer = zw, zw
	case "zstd":
		zw, err := zstd.NewWriter(os.Stdout)
		if err != nil {
			log.Fatal(err)
		}
		w, closer = zw, zw
	default:
		log.Fatalf("unknown compression %q", *compress)
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	g := gen.New(*seed)
	var r parse.Record
	var buf []byte
	for range *n {
		g.Next(&r, format)
		buf = append(gen.Append(buf[:0], &r), '\n')
		if _, err := bw.Write(buf); err != nil {
			log.Fatal(err)
		}
	}
	if err := bw.Flush(); err != nil {
		log.Fatal(err)
	}
	if closer != nil {
		if err := closer.Close(); err != nil {
			log.Fatal(err)
		}
	}
}
