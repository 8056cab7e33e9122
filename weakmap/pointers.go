package weakmap

import "github.com/weakstripe/weakstripe/shard"

// The writes of the maps from K to *V, Map and StrongMap, written once
// over the write kernel: the two differ only in how a slot of type E holds
// a value, which pointerSlots says.

// pointerSlots is how a map from K to *V keeps a value in its slot type E.
type pointerSlots[K comparable, V, E any] interface {
	// valueIn returns the live value e holds, or nil if it was collected.
	valueIn(e *shard.Entry[K, E]) *V
	// slotFor returns a new entry holding v under key. With GC cleanups it
	// registers one on v, which the write kernel links in the ledger if it
	// stores the entry and stops if it does not.
	slotFor(key K, v *V) *shard.Entry[K, E]
}

// pointerFlights are the flights of a map from K to *V.
type pointerFlights[K comparable, V any] = flights[K, *V]

func loadOrStore[K comparable, V, E any, S pointerSlots[K, V, E]](c *core[K, E], s S, key K, v *V) (actual *V, loaded bool) {
	e, h := c.table().Get(key)
	if e != nil {
		if cur := s.valueIn(e); cur != nil {
			c.counted(h, true) // cachestats.go
			return cur, true
		}
	}
	ne := s.slotFor(key, v)
	_, done := c.write(h, key, ne, func(cur *shard.Entry[K, E]) (*shard.Entry[K, E], op) {
		if cur != nil {
			if actual = s.valueIn(cur); actual != nil {
				return nil, opKeep
			}
		}
		return ne, opStore
	})
	loaded = done == opKeep
	c.counted(h, loaded) // cachestats.go
	if loaded {
		return actual, true
	}
	return v, false
}

func swap[K comparable, V, E any, S pointerSlots[K, V, E]](c *core[K, E], s S, key K, v *V) (previous *V, loaded bool) {
	h := c.table().Hash(key)
	ne := s.slotFor(key, v)
	c.write(h, key, ne, func(cur *shard.Entry[K, E]) (*shard.Entry[K, E], op) {
		if cur != nil {
			previous = s.valueIn(cur)
		}
		return ne, opStore
	})
	return previous, previous != nil
}

// compareAnd is CompareAndSwap (with new) and CompareAndDelete (new nil).
// A collected entry it sees on its way counts toward a sweep, like any
// read that finds one.
func compareAnd[K comparable, V, E any, S pointerSlots[K, V, E]](c *core[K, E], s S, key K, old, new *V) bool {
	t := c.table()
	if old == nil {
		return false
	}
	e, h := t.Get(key)
	if e == nil {
		return false
	}
	if cur := s.valueIn(e); cur != old {
		if cur == nil {
			c.tick(h)
		}
		return false
	}
	var ne *shard.Entry[K, E]
	then := opDelete
	if new != nil {
		ne, then = s.slotFor(key, new), opStore
	}
	_, done := c.write(h, key, ne, func(cur *shard.Entry[K, E]) (*shard.Entry[K, E], op) {
		if cur == nil || s.valueIn(cur) != old {
			return nil, opKeep
		}
		return ne, then
	})
	return done != opKeep
}

func loadAndDelete[K comparable, V, E any, S pointerSlots[K, V, E]](c *core[K, E], s S, key K) (value *V, loaded bool) {
	e, h := c.table().Get(key)
	if e == nil {
		return nil, false
	}
	c.write(h, key, nil, func(cur *shard.Entry[K, E]) (*shard.Entry[K, E], op) {
		if cur == nil {
			return nil, opKeep
		}
		value = s.valueIn(cur)
		return nil, opDelete
	})
	return value, value != nil
}

func compute[K comparable, V, E any, S pointerSlots[K, V, E]](c *core[K, E], s S, key K, f func(old *V, loaded bool) (*V, ComputeOp)) (actual *V, ok bool) {
	if f == nil {
		panicf("Compute called with a nil function; pass a function that returns the new value and a ComputeOp")
	}
	h := c.table().Hash(key)
	c.write(h, key, nil, func(cur *shard.Entry[K, E]) (*shard.Entry[K, E], op) {
		var old *V
		if cur != nil {
			old = s.valueIn(cur)
		}
		new, want := f(old, old != nil)
		var todo op
		todo, actual, ok = computeResult(want, old, new, old != nil)
		if todo != opStore {
			return nil, todo
		}
		if new == nil {
			panicf("Compute: the function returned UpdateOp with a nil value; return a non-nil value to store, or DeleteOp to delete the key")
		}
		return s.slotFor(key, new), opStore
	})
	return actual, ok
}

// loadOrTryCompute is LoadOrCompute (try false, create never fails) and
// LoadOrTryCompute for the maps from K to *V: see loadOrCreate.
func loadOrTryCompute[K comparable, V, E any, S pointerSlots[K, V, E]](c *core[K, E], s S, fs *pointerFlights[K, V], method string, key K, try bool, create func() (*V, error)) (actual *V, loaded bool, err error) {
	e, h := c.table().Get(key)
	if e != nil {
		if v := s.valueIn(e); v != nil {
			c.counted(h, true) // cachestats.go
			return v, true, nil
		}
	}
	live := func(e *shard.Entry[K, E]) (*V, bool) {
		v := s.valueIn(e)
		return v, v != nil
	}
	fresh := func(v *V) *shard.Entry[K, E] {
		if v == nil {
			panicCreatedNil(method)
		}
		return s.slotFor(key, v)
	}
	actual, loaded, err = loadOrCreate(c, fs, h, key, try, live, create, fresh)
	if err == nil {
		c.counted(h, loaded) // cachestats.go
	}
	return actual, loaded, err
}

//go:noinline
func panicCreatedNil(method string) {
	if method == "LoadOrTryCompute" {
		panicf("LoadOrTryCompute: create returned nil and no error; it must return the non-nil value to store, or an error")
	}
	panicf("%s: create returned nil; it must return the non-nil value to store", method)
}

//go:noinline
func panicNilCreate(method string) {
	panicf("%s called with a nil create function; pass a function that returns the value to store", method)
}
