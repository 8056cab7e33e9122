package weakmap

import (
	"fmt"
	"runtime"

	"github.com/weakstripe/weakstripe/shard"
	"github.com/weakstripe/weakstripe/sweep"
)

// An Option configures a map made by New, NewStrong, NewKeyMap or NewSet.
// Options check their arguments when they are called, so a bad value
// panics where it is written, not later inside New.
type Option func(*config)

type config struct {
	shards    int
	threshold int
	budget    int
	evict     any // a func(T) from WithEvictCallback; its T is checked by the constructor
	hasher    any // a func(K, uint64) uint64 from WithHasher; its K is checked by the constructor
	gcCleanup bool
	retain    int  // WithRetain
	stats     bool // WithCacheStats
}

func newConfig(opts []Option) config {
	c := config{
		shards:    defaultShards(),
		threshold: sweep.DefaultThreshold,
		budget:    sweep.DefaultBudget,
	}
	for _, o := range opts {
		if o == nil {
			panicf("a nil Option was passed; pass only options made by this package's With functions")
		}
		o(&c)
	}
	return c
}

// defaultShards is four shards per P, at least 16: enough that writers on
// every P rarely meet on one lock, few enough that each shard's slot array
// stays large and its sweep steps few.
func defaultShards() int {
	n := 4 * runtime.GOMAXPROCS(0)
	if n < 16 {
		n = 16
	}
	return n
}

// WithShards sets the number of shards (lock stripes). n is rounded up to a
// power of two. The default is 4*GOMAXPROCS, at least 16. One shard gives a
// single lock; more shards let more writers run at once, at a cost of a few
// cache lines each.
func WithShards(n int) Option {
	if n < 1 {
		panicf("WithShards(%d): the shard count must be at least 1; leave the option out for the default", n)
	}
	if n > shard.MaxShards {
		panicf("WithShards(%d): at most %d shards are allowed; use fewer", n, shard.MaxShards)
	}
	return func(c *config) { c.shards = n }
}

// WithSweepThreshold sets how many counted operations on a shard trigger one
// sweep step on it. 0 turns counter-driven sweeps off: then only the Delete
// family, Clear, Sweep and, with WithGCCleanup, the GC cleanups remove
// entries. The default is 256.
func WithSweepThreshold(n int) Option {
	if n < 0 {
		panicf("WithSweepThreshold(%d): the threshold must be 0 (off) or positive", n)
	}
	return func(c *config) { c.threshold = n }
}

// WithSweepBudget sets how many slots one sweep step examines. 0 means the
// whole shard: then the operation that runs a step waits for a pass over
// its whole shard. The default is 64.
func WithSweepBudget(n int) Option {
	if n < 0 {
		panicf("WithSweepBudget(%d): the budget must be 0 (whole shard) or positive", n)
	}
	return func(c *config) { c.budget = n }
}

//go:noinline
func panicf(format string, args ...any) {
	panic("weakmap: " + fmt.Sprintf(format, args...))
}

// WithEvictCallback makes the map call f once for each entry it removes
// because the entry's weak side was collected: by a sweep step, by Sweep,
// by a shard that drops dead entries as it grows or shrinks, or by a GC
// cleanup (WithGCCleanup). f is never called for Delete, Clear or a
// replacement by Store; and a collected entry that a write replaces or
// deletes before a sweep or cleanup removes it is never reported.
//
// T must be what the map can still report about such an entry: for
// Map[K, V], T is K (the key whose value died); for KeyMap[K, V], T is V
// (the value whose key died). New and NewKeyMap panic if T does not fit;
// NewSet and NewStrong refuse the option, since a Set has nothing left to
// report and nothing in a StrongMap dies.
//
// f runs outside every shard lock, on the goroutine whose operation ran the
// sweep, and may call the map. Keep it short: that operation waits for it.
// A read (Load, Contains) never runs f, since f may wait for a lock: the
// entries a read's sweep step removes are reported by the next operation
// that locks their shard: a write that changes the shard (but a Map's
// Store of a present key, which takes no lock), a write's sweep step,
// Clear or Sweep. Until then the map holds what it will report (the
// key of a Map entry, the value of a KeyMap entry), so in a map that is
// no longer written they wait for Sweep.
// With WithGCCleanup it also runs on the runtime's cleanup goroutines,
// several of which may call it at once: f must be safe for concurrent use,
// and must not block, which would delay every other cleanup in the
// program. Nothing recovers a panic of f there: it crashes the program.
//
// A mismatched T is caught when the map is made, not by the compiler:
// Option is one type for every constructor, so that options can be kept in
// a []Option and passed to any of them, and such a type cannot carry the
// map's type parameters. Checking T at compile time would take an option
// type per map kind and type arguments on every option (Go does not infer
// them from the constructor), or a callback set after New, which could
// change while the map is in use.
func WithEvictCallback[T any](f func(T)) Option {
	if f == nil {
		panicf("WithEvictCallback(nil): pass the function to call for each collected entry")
	}
	return func(c *config) { c.evict = f }
}
