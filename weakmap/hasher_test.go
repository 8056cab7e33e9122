package weakmap_test

import (
	"hash/maphash"
	"runtime"
	"strconv"
	"sync"
	"testing"

	"github.com/weakstripe/weakstripe/weakmap"
)

// seedLog records the seeds a hasher was called with.
type seedLog struct {
	mu    sync.Mutex
	calls int
	seeds map[uint64]bool
}

func (l *seedLog) hasher(hash func(string, uint64) uint64) func(string, uint64) uint64 {
	l.seeds = map[uint64]bool{}
	return func(k string, seed uint64) uint64 {
		l.mu.Lock()
		l.calls++
		l.seeds[seed] = true
		l.mu.Unlock()
		return hash(k, seed)
	}
}

// seeded is a good hasher: maphash with the map's seed mixed in.
var hasherSeed = maphash.MakeSeed()

func seeded(k string, seed uint64) uint64 {
	var h maphash.Hash
	h.SetSeed(hasherSeed)
	h.WriteString(k)
	return h.Sum64() ^ seed*0x9e3779b97f4a7c15
}

// WithHasher's doc: the map calls f(key, seed) with one seed for its whole
// life, and maps draw different seeds.
func TestWithHasherSeedPerMap(t *testing.T) {
	var a, b seedLog
	ma := weakmap.New[string, payload](weakmap.WithHasher(a.hasher(seeded)))
	mb := weakmap.NewStrong[string, payload](weakmap.WithHasher(b.hasher(seeded)))
	vals := payloads("v", 1000) // enough to make shards grow and rehash
	for i, v := range vals {
		ma.Store(strconv.Itoa(i), v)
		mb.Store(strconv.Itoa(i), v)
	}
	for i, v := range vals {
		if got, ok := ma.Load(strconv.Itoa(i)); got != v || !ok {
			t.Fatalf("Map.Load(%d) = %p, %v; want %p", i, got, ok, v)
		}
		if got, ok := mb.Load(strconv.Itoa(i)); got != v || !ok {
			t.Fatalf("StrongMap.Load(%d) = %p, %v; want %p", i, got, ok, v)
		}
	}
	if a.calls < 2*len(vals) || b.calls < 2*len(vals) {
		t.Fatalf("the hashers were called %d and %d times for %d stores and %d loads each; the maps do not hash through them", a.calls, b.calls, len(vals), len(vals))
	}
	if len(a.seeds) != 1 || len(b.seeds) != 1 {
		t.Fatalf("the maps passed %d and %d distinct seeds; want one each for the map's life", len(a.seeds), len(b.seeds))
	}
	for s := range a.seeds {
		if b.seeds[s] {
			t.Fatalf("two maps passed the same seed %#x", s)
		}
	}
	runtime.KeepAlive(vals)
}

// A hasher that spreads nothing (every key one hash) makes the map slow,
// never wrong: every key in one shard, one bucket chain and one tag.
func TestWithHasherConstant(t *testing.T) {
	constant := weakmap.WithHasher(func(string, uint64) uint64 { return 42 })
	m := weakmap.New[string, payload](constant)
	sm := weakmap.NewStrong[string, payload](constant)
	vals := payloads("v", 300)
	for i, v := range vals {
		m.Store(strconv.Itoa(i), v)
		sm.Store(strconv.Itoa(i), v)
	}
	for i := 0; i < len(vals); i += 2 {
		m.Delete(strconv.Itoa(i))
		sm.Delete(strconv.Itoa(i))
	}
	for i, v := range vals {
		want, wantOK := v, i%2 == 1
		if !wantOK {
			want = nil
		}
		if got, ok := m.Load(strconv.Itoa(i)); got != want || ok != wantOK {
			t.Fatalf("Map.Load(%d) = %p, %v; want %p, %v", i, got, ok, want, wantOK)
		}
		if got, ok := sm.Load(strconv.Itoa(i)); got != want || ok != wantOK {
			t.Fatalf("StrongMap.Load(%d) = %p, %v; want %p, %v", i, got, ok, want, wantOK)
		}
	}
	if m.Len() != len(vals)/2 || sm.Len() != len(vals)/2 {
		t.Fatalf("Len = %d and %d; want %d", m.Len(), sm.Len(), len(vals)/2)
	}
	runtime.KeepAlive(vals)
}
