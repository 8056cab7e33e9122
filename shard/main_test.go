package shard

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the run if any test leaves a goroutine behind: a writer or
// reader of the concurrency test still running, or an Evicted hook stuck on
// a shard lock that was not released.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
