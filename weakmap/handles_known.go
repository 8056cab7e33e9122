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

const inPlace = oneWord && handlesReadable
