package bench_test

import (
	"runtime"
	"testing"
	"time"
)

// The Cache workload's figures mean something only if its targets are
// caches and its counts count what they say: these tests check both.

// countingCreator returns a creator that counts its creates.
func countingCreator(n *int) *creator {
	return newCreator(func(key string) *payload {
		*n++
		return newCacheValue(key)
	})
}

func TestCacheTargetsCache(t *testing.T) {
	for _, spec := range cacheTargets {
		t.Run(spec.name, func(t *testing.T) {
			c := spec.new(cacheCapacity)
			creates := 0
			cr := countingCreator(&creates)
			a := c.get("a", cr)
			if a == nil || a.name != newCacheValue("a").name {
				t.Fatalf(`the first get("a") returned %v, not the key's value`, a)
			}
			if again := c.get("a", cr); again != a {
				t.Fatalf(`a second get("a") returned %p, want the cached %p`, again, a)
			}
			b := c.get("b", cr)
			if b == a || b.name != newCacheValue("b").name {
				t.Fatalf(`get("b") returned %v, not b's value`, b)
			}
			if creates != 2 {
				t.Fatalf("%d creates for 2 keys, each got while its value was held", creates)
			}
			runtime.KeepAlive(a)
			runtime.KeepAlive(b)
		})
	}
}

// The strong caches hold at most their capacity; the weak maps forget
// what nobody holds once the collector has run.
func TestCacheTargetsForget(t *testing.T) {
	const n = 64
	for _, spec := range cacheTargets {
		t.Run(spec.name, func(t *testing.T) {
			c := spec.new(n)
			creates := 0
			cr := countingCreator(&creates)
			for i := range 4 * n {
				c.get(cacheKeyName(i), cr)
			}
			if creates != 4*n {
				t.Fatalf("%d creates for %d distinct keys", creates, 4*n)
			}
			deadline := time.Now().Add(gcDeadline)
			for {
				runtime.GC()
				creates = 0
				for i := range 4 * n {
					c.get(cacheKeyName(i), cr)
				}
				// A strong cache of n, or a weak map retaining n
				// values, recreates at least the 3n keys beyond n; a
				// weak map without retention recreates all.
				if creates >= 3*n {
					return
				}
				if time.Now().After(deadline) {
					t.Fatalf("only %d of %d keys were created again after a collection: the cache holds more than %d values", creates, 4*n, n)
				}
				time.Sleep(time.Millisecond)
			}
		})
	}
}

func cacheKeyName(i int) string { return keyList(cacheKeys)[i] }

// forgetful is a cache that keeps nothing: every get creates. The workload
// must count as duplicates its creates of keys whose values it holds.
type forgetful struct{}

func (forgetful) get(key string, cr *creator) *payload {
	cr.cur = key
	return cr.create()
}

// unbounded is a cache that keeps everything: it never creates a key twice.
type unbounded map[string]*payload

func (u unbounded) get(key string, cr *creator) *payload {
	if v, ok := u[key]; ok {
		return v
	}
	cr.cur = key
	v := cr.create()
	u[key] = v
	return v
}

func TestCacheWorkloadCountsDuplicates(t *testing.T) {
	const keys, held, ops = 1 * ki, 64, 16 * ki
	streams := newOpStreams(1, keys, 100, true)
	distinct := map[op]bool{}
	for _, o := range streams.list[0][:ops] {
		distinct[o&opIndex] = true
	}
	run := func(c cacheTarget) (creates, dups int) {
		st := newCacheState(1, keys, held, streams)
		w := st.workers[0]
		for range ops {
			if !w.step(c) {
				t.Fatal("the cache returned a value that is not the key's")
			}
		}
		n, creates, dups := st.counts()
		if n != ops {
			t.Fatalf("counted %d operations, want %d", n, ops)
		}
		return creates, dups
	}

	creates, dups := run(forgetful{})
	if creates != ops {
		t.Errorf("forgetful: %d creates, want one per operation, %d", creates, ops)
	}
	// Zipf keys repeat within 64 operations: the hottest key alone is a
	// fifth of them.
	if dups < ops/10 {
		t.Errorf("forgetful: %d duplicate creates in %d operations that all create; want the repeats of held keys counted", dups, ops)
	}

	creates, dups = run(unbounded{})
	if dups != 0 || creates != len(distinct) {
		t.Errorf("unbounded: %d creates with %d duplicates, want %d (the distinct keys) and none", creates, dups, len(distinct))
	}

	// A weak map under collections: what the workload holds stays.
	for _, name := range []string{"weakstripe", "weakstripe-retain", "goblog"} {
		for _, spec := range cacheTargets {
			if spec.name != name {
				continue
			}
			c := spec.new(16)
			st := newCacheState(1, keys, held, streams)
			w := st.workers[0]
			for i := range ops {
				if i%1024 == 0 {
					runtime.GC()
				}
				if !w.step(c) {
					t.Fatalf("%s returned a value that is not the key's", name)
				}
			}
			if _, creates, dups := st.counts(); dups != 0 || creates <= len(distinct) {
				t.Errorf("%s under collections: %d creates with %d duplicates; want more than %d (values die) and none", name, creates, dups, len(distinct))
			}
		}
	}
}
