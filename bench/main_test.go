package bench_test

import (
	"os"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	if os.Getenv("BENCH_RUNNER") == "rounds" {
		// The round runner (rounds_test.go) instead of the tests.
		os.Exit(runRounds())
	}
	goleak.VerifyTestMain(m)
}
