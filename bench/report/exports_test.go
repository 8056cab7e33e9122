package report

import (
	"slices"
	"testing"

	"github.com/weakstripe/weakstripe/bench/internal/exports"
)

// The package doc says Run is the package's only export: benchreport is
// its one caller, and a list such as competitors must not be changeable
// from outside.
func TestOnlyRunIsExported(t *testing.T) {
	got, err := exports.Names(".")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, []string{"Run"}) {
		t.Errorf("exported names %v, want only Run", got)
	}
}
