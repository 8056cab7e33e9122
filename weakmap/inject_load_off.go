//go:build !weakstripe_slowload

package weakmap

// injectLoad is a seam for calibrating the performance gate
// (scripts/gate.sh): built without the weakstripe_slowload tag it does
// nothing and inlines away, so Map.Load pays nothing for it. The tagged
// version in inject_load_on.go slows Load down by a known amount.
func injectLoad() {}
