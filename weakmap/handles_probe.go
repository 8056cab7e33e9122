//go:build go1.28

package weakmap

// On a Go newer than the tests have seen, checkHandles decides at start-up
// whether the weak pointer's representation is still the one this
// package reads.
var handlesReadable = checkHandles()

// inPlace: see handles_known.go.
var inPlace = oneWord && handlesReadable
