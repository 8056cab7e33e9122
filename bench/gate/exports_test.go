package gate

import (
	"slices"
	"testing"

	"github.com/weakstripe/weakstripe/bench/internal/exports"
)

// benchgate calls Run and nothing else, so nothing else is exported: the
// gate's rules can change without breaking a caller.
func TestOnlyRunIsExported(t *testing.T) {
	got, err := exports.Names(".")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, []string{"Run"}) {
		t.Errorf("exported names %v, want only Run", got)
	}
}
