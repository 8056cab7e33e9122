package weakmap_test

import (
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/weakstripe/weakstripe/weakmap"
)

// recorder collects what an eviction callback was called with.
type evictRecorder[T any] struct {
	mu  sync.Mutex
	got []T
}

func (r *evictRecorder[T]) add(x T) {
	r.mu.Lock()
	r.got = append(r.got, x)
	r.mu.Unlock()
}

func (r *evictRecorder[T]) list() []T {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.got)
}

// The callback reports exactly the entries removed because they were
// collected, each once, and none that were deleted, cleared or replaced.
func TestEvictCallbackExact(t *testing.T) {
	var rec evictRecorder[int]
	m := weakmap.New[int, payload](weakmap.WithSweepThreshold(0), weakmap.WithEvictCallback(rec.add))
	vals := evictPayloads(100)
	for i, v := range vals {
		m.Store(i, v)
	}
	for i := 0; i < 100; i += 10 { // 0, 10, ..., 90 die
		if !weakmap.MarkCollected(m, i) {
			t.Fatalf("MarkCollected(%d) found no entry", i)
		}
	}
	m.Delete(1)            // deleted: not reported
	m.Store(2, &payload{}) // replaced: not reported
	weakmap.MarkCollected(m, 3)
	m.Store(3, vals[3]) // a collected entry replaced by Store: not reported
	if n := m.Sweep(); n != 10 {
		t.Fatalf("Sweep removed %d entries, want 10", n)
	}
	got := rec.list()
	slices.Sort(got)
	want := []int{0, 10, 20, 30, 40, 50, 60, 70, 80, 90}
	if !slices.Equal(got, want) {
		t.Fatalf("callback got %v, want %v", got, want)
	}
	if n := m.Sweep(); n != 0 || len(rec.list()) != 10 {
		t.Fatalf("a second Sweep removed %d and the callback now has %d calls; want 0 and still 10", n, len(rec.list()))
	}
	m.Clear()
	if len(rec.list()) != 10 {
		t.Fatalf("Clear called the callback: %d calls, want 10", len(rec.list()))
	}
	runtime.KeepAlive(vals)
}

// The callback runs outside the shard locks, so it may call the map.
func TestEvictCallbackMayCallMap(t *testing.T) {
	var m *weakmap.Map[int, payload]
	calls := 0
	m = weakmap.New[int, payload](weakmap.WithShards(1), weakmap.WithSweepThreshold(0),
		weakmap.WithEvictCallback(func(k int) {
			calls++
			m.Store(k+1000, &payload{}) // would deadlock if the shard were locked
			m.Load(k)
		}))
	v := &payload{}
	m.Store(1, v)
	weakmap.MarkCollected(m, 1)
	done := make(chan int)
	go func() { done <- m.Sweep() }()
	select {
	case n := <-done:
		if n != 1 || calls != 1 {
			t.Fatalf("Sweep removed %d, callback called %d times; want 1 and 1", n, calls)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Sweep did not return: the callback deadlocked on the map")
	}
	runtime.KeepAlive(v)
}

// A KeyMap reports the values whose keys the real collector freed.
func TestEvictCallbackKeyMapGC(t *testing.T) {
	var rec evictRecorder[string]
	m := weakmap.NewKeyMap[payload, string](weakmap.WithSweepThreshold(0), weakmap.WithEvictCallback(rec.add))
	keep := evictPayloads(10)
	for i, k := range keep {
		m.Store(k, "kept"+string(rune('a'+i)))
	}
	evictStoreDropped(m, 50)
	deadline := time.Now().Add(10 * time.Second)
	removed := 0
	for removed < 50 {
		if time.Now().After(deadline) {
			t.Fatalf("after 10s of GCs only %d of 50 dropped keys were collected", removed)
		}
		runtime.GC()
		removed += m.Sweep()
	}
	got := rec.list()
	if len(got) != 50 {
		t.Fatalf("callback called %d times, want 50", len(got))
	}
	for _, v := range got {
		if v != "dropped" {
			t.Fatalf("callback got %q, want only the dropped keys' values", v)
		}
	}
	if m.Len() != 10 {
		t.Fatalf("Len = %d, want the 10 kept keys", m.Len())
	}
	runtime.KeepAlive(keep)
}

//go:noinline
func evictStoreDropped(m *weakmap.KeyMap[payload, string], n int) {
	for range n {
		m.Store(&payload{}, "dropped")
	}
}

func evictPayloads(n int) []*payload {
	out := make([]*payload, n)
	for i := range out {
		out[i] = &payload{}
	}
	return out
}

func TestEvictCallbackTypeChecked(t *testing.T) {
	cases := []struct {
		name  string
		make  func()
		words []string
	}{
		{"Map wants K", func() { weakmap.New[string, payload](weakmap.WithEvictCallback(func(int) {})) }, []string{"string", "func(int)"}},
		{"KeyMap wants V", func() { weakmap.NewKeyMap[payload, int](weakmap.WithEvictCallback(func(string) {})) }, []string{"int", "func(string)"}},
		{"Set refuses", func() { weakmap.NewSet[payload](weakmap.WithEvictCallback(func(*payload) {})) }, []string{"NewSet"}},
		{"StrongMap refuses", func() { weakmap.NewStrong[int, payload](weakmap.WithEvictCallback(func(int) {})) }, []string{"NewStrong"}},
		{"nil callback", func() { weakmap.WithEvictCallback[int](nil) }, []string{"nil"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			msg := evictPanicText(c.make)
			if !strings.HasPrefix(msg, "weakmap: ") {
				t.Fatalf("panic %q does not begin with \"weakmap: \"", msg)
			}
			for _, w := range c.words {
				if !strings.Contains(msg, w) {
					t.Fatalf("panic %q does not mention %q", msg, w)
				}
			}
		})
	}
	// A callback of the right type is accepted.
	weakmap.New[string, payload](weakmap.WithEvictCallback(func(string) {}))
	weakmap.NewKeyMap[payload, int](weakmap.WithEvictCallback(func(int) {}))
}

// evictPanicText runs f and returns what it panicked with, or "" if it did
// not panic.
func evictPanicText(f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg, _ = r.(string)
			if msg == "" {
				msg = "non-string panic"
			}
		}
	}()
	f()
	return ""
}
