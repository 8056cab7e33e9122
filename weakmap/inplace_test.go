package weakmap

import "testing"

// Store replaces weak pointers in place on every Go this module supports;
// a Go whose weak.Pointer is no longer one readable handle pointer must
// fail here, before a release relies on load's constant test (see
// oneWord).
func TestInPlaceOnSupportedGo(t *testing.T) {
	if !oneWord || !handlesReadable || !inPlace {
		t.Fatalf("oneWord %v, handlesReadable %v, inPlace %v: this Go's weak.Pointer is not the one word load and set read and write", oneWord, handlesReadable, inPlace)
	}
}
