// Package fuzz holds the differential tests and fuzz targets that span
// packages: the same request in different formats must decode to the same
// values. It has no library code; nothing imports it.
package fuzz
