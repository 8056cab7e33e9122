//go:build !weakstripe_broken

package weakmap

import "unsafe"

// dropLive is a seam for checking the checkers: built without the
// weakstripe_broken tag it reports false, inlines away, and the sweeps'
// liveness predicates compile to exactly what they would be without it.
// The tagged version in broken_on.go makes sweeps drop live entries, so
// that the linearizability and model tests can be shown to catch a map
// that loses data (scripts/check-broken.sh).
func dropLive(unsafe.Pointer) bool { return false }
