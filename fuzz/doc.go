// Package fuzz holds the differential tests and fuzz targets that span
// packages. It has no library code; nothing imports it.
//
//   - FuzzAllFormatsAgree: one request rendered as an s3 line, an OSS line
//     and a Yandex record decodes to the same values for the fields they
//     share.
//   - FuzzLineRoundTrip: a record decoded from a line and written back out
//     decodes to the same record, wherever the layout can represent it.
//   - FuzzMergeEqualsWhole: aggregating shards (through their wire form) and
//     merging equals aggregating the whole, to the byte.
//   - FuzzQueryMatchesReference: compiled filters agree with a plain
//     reference evaluation on every record.
//   - TestNothingLost*: planted bad lines through the library and the
//     command; every line ends as a record or an error at its own line.
//
// Crashers found are committed under testdata/fuzz as regression seeds.
package fuzz
