package weakmap

import "testing"

// Store replaces weak pointers in place on every Go this module supports.
// On Go 1.26 and 1.27 handlesReadable and inPlace are constants
// (handles_known.go), so this checks oneWord; TestKnownHandleLayout is
// the check that a Go whose weak.Pointer is no longer one readable handle
// pointer fails, before a release relies on load's constant test.
func TestInPlaceOnSupportedGo(t *testing.T) {
	if !oneWord || !handlesReadable || !inPlace {
		t.Fatalf("oneWord %v, handlesReadable %v, inPlace %v: this Go's weak.Pointer is not the one word load and set read and write", oneWord, handlesReadable, inPlace)
	}
}

// handlesReadable is a constant on the Go releases the package supports
// (handles_known.go): this is the check that stands behind it, run on a
// real weak pointer of this Go.
func TestKnownHandleLayout(t *testing.T) {
	if !checkHandles() {
		t.Fatal("checkHandles fails on this Go: its weak.Pointer is not the handle word handles_known.go declares it to be; move this release to handles_probe.go's build constraint")
	}
}
