package weakmap_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the run if any test leaves a goroutine behind: a worker of
// a stress test still running, or a caller stuck on a shard lock that a
// panicking method failed to release.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
