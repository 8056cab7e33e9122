package weakmap

import (
	"runtime"
	"sync/atomic"
	"testing"
	"time"
)

// raceVal is a value large enough, and with a pointer, to live in a block
// of its own.
type raceVal struct {
	_ *int
	_ [4]int
}

// A released key's table mark must not come back: a store to another
// slot of its bucket, racing with the release, must not restore it, or
// every later Load of the key takes it for retained and never retains it.
func TestReleasedMarkNotRestored(t *testing.T) {
	m := New[int, raceVal](WithRetain(64), WithShards(1))
	v0, v1 := &raceVal{}, &raceVal{}
	m.Store(0, v0)
	h0 := m.t.Hash(0)
	writersDone := inBackground(t, "writer", func() {
		m.Store(1, v1)
		m.Delete(1)
	})
	deadline := time.Now().Add(time.Second)
	iters := 0
	for time.Now().Before(deadline) {
		iters++
		m.Store(0, v0)       // retained
		m.Load(0)            // marks 0 in the table
		m.retain.dropped(h0) // an eviction or a release under pressure
		writersDone()
		if _, _, marked := m.t.GetMarked(0); marked {
			t.Fatalf("iteration %d: key 0, released, is marked in the table: its Loads will skip retention", iters)
		}
	}
	runtime.KeepAlive(v0)
	runtime.KeepAlive(v1)
}

// A value must not stay retained after its key's Delete returned and
// every Load that overlapped the Delete has returned.
func TestDeletedValueNotRetainedAfterRacingLoad(t *testing.T) {
	m := New[int, raceVal](WithRetain(64), WithShards(1))
	v := &raceVal{}
	readersDone := inBackground(t, "reader", func() { m.Load(0) })
	deadline := time.Now().Add(time.Second)
	iters := 0
	for time.Now().Before(deadline) {
		iters++
		m.Store(0, v)
		m.Delete(0)
		readersDone()
		if Retains(m, 0) {
			t.Fatalf("iteration %d: the value of a deleted key is retained after Delete and the overlapping Load returned", iters)
		}
	}
	runtime.KeepAlive(v)
}

// inBackground runs op in a loop on another goroutine until the test
// ends. The function it returns waits until two more runs of op have
// completed, so that every run in flight when it was called has ended; it
// fails the test if op stops making progress for 5 seconds.
func inBackground(t *testing.T, what string, op func()) (inFlightDone func()) {
	var runs atomic.Int64
	var stop atomic.Bool
	done := make(chan struct{})
	go func() {
		defer close(done)
		for !stop.Load() {
			op()
			runs.Add(1)
		}
	}()
	t.Cleanup(func() { stop.Store(true); <-done })
	return func() {
		deadline := time.Now().Add(5 * time.Second)
		for n := runs.Load(); runs.Load() < n+2; {
			if time.Now().After(deadline) {
				t.Fatalf("the %s stalled", what)
			}
			runtime.Gosched()
		}
	}
}
