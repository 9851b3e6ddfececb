package yajson

import "github.com/bucketlogs/bucketlogs/parse"

// ParseTree decodes data through fastjson only, as Parse does when its
// fast path declines: the reference of FuzzFastMatchesFastjson.
func (p *Parser) ParseTree(data []byte, r *parse.Record) error {
	reset(r)
	if err := p.parseTree(data, r); err != nil {
		return err
	}
	p.setAction(r)
	return nil
}

// Fast reports whether the fast path alone decodes data.
func (p *Parser) Fast(data []byte, r *parse.Record) bool {
	reset(r)
	return p.fast(data, r)
}
