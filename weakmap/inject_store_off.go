//go:build !weakstripe_allocstore

package weakmap

// injectStore is a seam for calibrating the performance gate
// (scripts/gate.sh): built without the weakstripe_allocstore tag it does
// nothing and inlines away, so Map.Store pays nothing for it. The tagged
// version in inject_store_on.go adds one heap allocation to each Store.
func injectStore() {}
