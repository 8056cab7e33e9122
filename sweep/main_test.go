package sweep

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the run if a test leaves a ticking goroutine behind.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
