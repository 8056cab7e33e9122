package sweep

import (
	"sync"
	"sync/atomic"
	"testing"
)

// TestTickSequential: from one goroutine, Tick returns true exactly on
// ticks T, 2T, 3T, ... and Pending is the number of ticks since the last
// true, i.e. (ticks mod T).
func TestTickSequential(t *testing.T) {
	for _, threshold := range []int{1, 2, 3, 1000} {
		c := newCounters(1, threshold)
		if p := c.Pending(0); p != 0 {
			t.Fatalf("T=%d: new counter Pending = %d, want 0", threshold, p)
		}
		ticks := 5*threshold + threshold - 1
		for n := 1; n <= ticks; n++ {
			got := c.Tick(0)
			if want := n%threshold == 0; got != want {
				t.Fatalf("T=%d: tick %d returned %v, want %v", threshold, n, got, want)
			}
			if p, want := c.Pending(0), n%threshold; p != want {
				t.Fatalf("T=%d: Pending after tick %d = %d, want %d", threshold, n, p, want)
			}
		}
	}
}

// TestTickOff: a threshold of 0 (or below) turns counting off: Tick never
// returns true, and it returns before counting, so Pending stays 0.
func TestTickOff(t *testing.T) {
	for _, threshold := range []int{0, -1} {
		c := newCounters(2, threshold)
		for n := range 5000 {
			if c.Tick(n % 2) {
				t.Fatalf("threshold %d: tick %d returned true", threshold, n)
			}
		}
		for i := range 2 {
			if p := c.Pending(i); p != 0 {
				t.Fatalf("threshold %d: Pending(%d) = %d after 2500 ticks, want 0 (Tick does not count when off)", threshold, i, p)
			}
		}
	}
}

// TestTickConcurrent: G goroutines tick one shard M times each. However the
// ticks interleave, exactly floor(G*M/T) of them return true and Pending
// ends at (G*M) mod T: the compare-and-swap claim loses no step and never
// leaves the count at or above T. Cases include G*M divisible by T and not.
func TestTickConcurrent(t *testing.T) {
	const g, m = 8, 3000 // 24,000 ticks
	for _, threshold := range []int{1, 2, 7, 1000, 24000, 1 << 20} {
		c := newCounters(4, threshold)
		var trues atomic.Int64
		var wg sync.WaitGroup
		start := make(chan struct{})
		for range g {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				for range m {
					if c.Tick(1) {
						trues.Add(1)
					}
				}
			}()
		}
		close(start)
		wg.Wait()
		if got, want := trues.Load(), int64(g*m/threshold); got != want {
			t.Fatalf("T=%d: %d concurrent ticks returned true %d times, want %d", threshold, g*m, got, want)
		}
		if got, want := c.Pending(1), g*m%threshold; got != want {
			t.Fatalf("T=%d: Pending after %d concurrent ticks = %d, want %d", threshold, g*m, got, want)
		}
		for _, i := range []int{0, 2, 3} {
			if p := c.Pending(i); p != 0 {
				t.Fatalf("T=%d: untouched shard %d has Pending %d", threshold, i, p)
			}
		}
	}
}

// TestShardsIndependent: ticks on one shard never move another's counter,
// whether they interleave in one goroutine or run in a goroutine per shard.
func TestShardsIndependent(t *testing.T) {
	const threshold = 10
	counts := []int{0, 1, 9, 10, 11, 25, 99, 1000}

	// Interleaved from one goroutine.
	c := newCounters(len(counts), threshold)
	left := append([]int(nil), counts...)
	trues := make([]int, len(counts))
	for more := true; more; {
		more = false
		for i := range left {
			if left[i] > 0 {
				left[i]--
				more = true
				if c.Tick(i) {
					trues[i]++
				}
			}
		}
	}
	for i, n := range counts {
		if trues[i] != n/threshold || c.Pending(i) != n%threshold {
			t.Fatalf("shard %d after %d interleaved ticks: %d trues, Pending %d; want %d, %d",
				i, n, trues[i], c.Pending(i), n/threshold, n%threshold)
		}
	}

	// One goroutine per shard.
	c = newCounters(len(counts), threshold)
	ctrues := make([]atomic.Int64, len(counts))
	var wg sync.WaitGroup
	for i, n := range counts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range n {
				if c.Tick(i) {
					ctrues[i].Add(1)
				}
			}
		}()
	}
	wg.Wait()
	for i, n := range counts {
		if got := ctrues[i].Load(); got != int64(n/threshold) || c.Pending(i) != n%threshold {
			t.Fatalf("shard %d after %d concurrent ticks: %d trues, Pending %d; want %d, %d",
				i, n, got, c.Pending(i), n/threshold, n%threshold)
		}
	}
}
