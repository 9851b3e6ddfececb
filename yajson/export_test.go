package yajson

import "github.com/bucketlogs/bucketlogs/parse"

// ParseTree decodes data through fastjson only, as Parse does when its
// fast path declines: the reference of FuzzFastMatchesFastjson.
func (p *Parser) ParseTree(data []byte, r *parse.Record) error {
	r.Reset()
	r.Format = parse.FormatYandex
	if err := p.parseTree(data, r); err != nil {
		return err
	}
	if r.Has(parse.Operation) {
		if a := p.actions.Action(r.Operation); a != nil {
			r.SetText(parse.Action, a)
		}
	}
	return nil
}

// Fast reports whether the fast path alone decodes data.
func (p *Parser) Fast(data []byte, r *parse.Record) bool {
	r.Reset()
	r.Format = parse.FormatYandex
	return p.fast(data, r)
}
