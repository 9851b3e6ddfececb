module github.com/bucketlogs/bucketlogs

go 1.24.0

require github.com/klauspost/compress v1.19.2

require (
	github.com/RoaringBitmap/roaring/v2 v2.30.0
	github.com/google/go-cmp v0.7.0
	github.com/valyala/fastjson v1.6.10
	golang.org/x/sys v0.30.0
	golang.org/x/term v0.29.0
)

require (
	github.com/bits-and-blooms/bitset v1.24.4 // indirect
	github.com/mschoch/smat v0.2.0 // indirect
)
