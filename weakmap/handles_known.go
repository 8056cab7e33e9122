//go:build !go1.28

package weakmap

// On the Go releases this package supports, 1.26 and 1.27, the tests
// check the weak pointer's representation that handleHolds, notCleared
// and Store in place read (TestKnownHandleLayout runs checkHandles), so
// the answer is a constant: the compiler drops the fallback branches from
// KeyMap's and Set's lookups, Store and the sweeps' liveness test, which
// a variable would make every call load and test (3.5 of 142
// instructions of a KeyMap hit, counted under callgrind).
const handlesReadable = true

// inPlace reports whether Store may replace an entry's weak pointer in
// place: only where handlesReadable says that the word is the handle
// pointer. A Go with another representation publishes a new entry on
// every Store.
const inPlace = oneWord && handlesReadable

// checkHandles is what TestKnownHandleLayout runs here, and what
// handles_probe.go runs at start-up on a later Go.
var _ = checkHandles
