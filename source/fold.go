package source

import "github.com/bucketlogs/bucketlogs/parse"

// Fold runs [RunInputs] with one state per worker, made by newState and fed by
// add, and merges them into the first when the run ends: a parallel fold
// whose answer is that of a sequential one when merge is exact (as it is
// for query.State and aggregate.Report while their top lists fit). add is
// only ever called from one worker for a given state, so states need no
// lock. workers below 1 means 1. The counts and the error are Run's.
//
// For example, a query over files on all cores:
//
//	st, counts, err := source.Fold(source.Names(files, nil, nil), runtime.NumCPU(), opt, q.NewState,
//		func(st *query.State, r *parse.Record) {
//			if q.Match(r) {
//				st.Add(r)
//			}
//		}, (*query.State).Merge)
func Fold[S any](inputs Inputs, workers int, opt RunOptions, newState func() S, add func(S, *parse.Record), merge func(dst, src S)) (S, parse.Counts, error) {
	workers = max(workers, 1)
	states := make([]S, workers)
	consumers := make([]func(*parse.Record), workers)
	for i := range states {
		st := newState()
		states[i] = st
		consumers[i] = func(r *parse.Record) { add(st, r) }
	}
	counts, err := RunInputs(inputs, opt, consumers)
	for _, s := range states[1:] {
		merge(states[0], s)
	}
	return states[0], counts, err
}
