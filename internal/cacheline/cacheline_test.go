package cacheline

import (
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// Padding by Size only separates writers if Size is a whole number of the
// real lines: a power of two, at least the 64 bytes of every target Go
// supports.
func TestSizeIsAPowerOfTwoOfAtLeast64(t *testing.T) {
	if Size < 64 || Size&(Size-1) != 0 {
		t.Fatalf("cacheline.Size = %d, want a power of two >= 64", Size)
	}
}
