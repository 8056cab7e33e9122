package weakmap_test

import (
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/weakstripe/weakstripe/weakmap"
)

// WithEvictCallback: a callback that panics on a runtime cleanup goroutine
// (WithGCCleanup) crashes the program; nothing recovers it. The test runs
// itself in a child process that does exactly that.
func TestEvictCallbackPanicOnCleanupCrashes(t *testing.T) {
	const msg = "evict callback panics on a cleanup goroutine"
	if os.Getenv("WEAKMAP_EVICT_CRASH_CHILD") == "1" {
		km := weakmap.NewKeyMap[payload, int](weakmap.WithGCCleanup(), weakmap.WithSweepThreshold(0),
			weakmap.WithEvictCallback(func(int) { panic(msg) }))
		km.Store(&payload{name: "dies"}, 1)
		deadline := time.Now().Add(10 * time.Second)
		for time.Now().Before(deadline) {
			runtime.GC()
			time.Sleep(time.Millisecond)
		}
		runtime.KeepAlive(km)
		return // the parent reports that the child survived
	}
	// Under user-mode emulation (scripts/arm64-test.sh) the test binary
	// cannot exec itself: WEAKSTRIPE_EXEC_WRAPPER names the emulator that
	// runs it.
	args := []string{os.Args[0], "-test.run=^TestEvictCallbackPanicOnCleanupCrashes$", "-test.count=1"}
	if w := os.Getenv("WEAKSTRIPE_EXEC_WRAPPER"); w != "" {
		args = append([]string{w}, args...)
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Env = append(os.Environ(), "WEAKMAP_EVICT_CRASH_CHILD=1")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("the child survived 10 s of GCs after its eviction callback should have panicked on a cleanup goroutine:\n%s", out)
	}
	if !strings.Contains(string(out), msg) {
		t.Fatalf("the child failed (%v) but not with the callback's panic:\n%s", err, out)
	}
}
