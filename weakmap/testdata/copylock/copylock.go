// Package copylock copies each map type of weakmap by value. It is not
// built by go build ./... (it is under testdata); TestVetReportsCopiedMaps
// runs go vet on it and expects a copylocks report for each line marked
// "want".
package copylock

import "github.com/weakstripe/weakstripe/weakmap"

func copies() []any {
	m := weakmap.New[int, int]()
	s := weakmap.NewStrong[int, int]()
	k := weakmap.NewKeyMap[int, int]()
	t := weakmap.NewSet[int]()
	mc := *m // want
	sc := *s // want
	kc := *k // want
	tc := *t // want
	return []any{&mc, &sc, &kc, &tc}
}

func byValue(m weakmap.Map[int, int]) {} // want

var _ = copies
var _ = byValue
