package weakmap

import (
	"sync"

	"github.com/weakstripe/weakstripe/shard"
)

// A flight is one create in flight: the LoadOrCompute or LoadOrTryCompute
// call that found its key absent and runs create, without any lock, and
// the calls for the same key that wait for it instead of running their
// own. R is the type of the map's values as its API hands them out.
type flight[R any] struct {
	landed  sync.WaitGroup // done once end, val and err are set
	waiters int            // calls that boarded it to wait, under the shard lock (for tests)
	end     flightEnd
	val     R     // with flightStored: the key's value
	err     error // with flightFailed: create's error
}

// flightEnd is how a flight ended.
type flightEnd uint8

const (
	flightStored  flightEnd = iota + 1 // the key holds val: create's result, or a value stored meanwhile
	flightFailed                       // create returned err; nothing was stored
	flightAborted                      // create panicked (or returned nil): nothing was stored
)

// flights are a map's flights, one Go map per shard, keyed like the table.
// Map i is guarded by shard i's lock and made at the shard's first flight.
// Only the miss path of LoadOrCompute and LoadOrTryCompute looks at them:
// loads, and every other write, never do.
type flights[K comparable, R any] struct {
	byShard []map[K]*flight[R]
}

func (fs *flights[K, R]) init(shards int) { fs.byShard = make([]map[K]*flight[R], shards) }

// board returns, under shard i's lock, key's flight, starting one (and
// reporting own) if there is none.
func (fs *flights[K, R]) board(i int, key K) (f *flight[R], own bool) {
	if f = fs.byShard[i][key]; f != nil {
		f.waiters++
		return f, false
	}
	if fs.byShard[i] == nil {
		fs.byShard[i] = make(map[K]*flight[R])
	}
	f = new(flight[R])
	f.landed.Add(1)
	fs.byShard[i][key] = f
	return f, true
}

// land records, after key's flight has been removed under the shard lock,
// how it ended, and wakes its waiters.
func (f *flight[R]) land(end flightEnd, val R, err error) {
	f.end, f.val, f.err = end, val, err
	f.landed.Done()
}

// loadOrCreate is the miss path of LoadOrCompute and LoadOrTryCompute,
// for key with hash h, for every map.
//
// Under the shard lock it looks key up again and, if it is still absent,
// boards key's flight: the first caller owns it and runs create with no
// lock held; later ones wait for it to land. The owner makes the entry
// (fresh; with GC cleanups it registers one) and stores it under the lock,
// unless a live value was stored meanwhile by a write that does not wait
// for flights (Store, Swap, LoadOrStore, Compute): then that value wins,
// create's result is dropped, and the owner returns the stored value as
// loaded. The flight is removed under the same lock as the store, so a
// call that comes later finds the value, not the flight.
//
// A waiter returns the value the flight stored, as loaded. If create
// failed, a waiter that can return an error (try, for LoadOrTryCompute)
// returns it; one that cannot (LoadOrCompute), and every waiter of a flight
// whose create panicked, starts over: it may run its own create.
//
// live returns the value of the entry found under the lock, and false if
// it does not hold a live value of key.
func loadOrCreate[K comparable, E, R any](c *core[K, E], fs *flights[K, R], h uint64, key K, try bool,
	live func(*shard.Entry[K, E]) (R, bool), create func() (R, error), fresh func(R) *shard.Entry[K, E]) (actual R, loaded bool, err error) {
	i := c.t.ShardOf(h)
	for {
		var f *flight[R]
		own := false
		c.write(h, key, nil, func(cur *shard.Entry[K, E]) (*shard.Entry[K, E], op) {
			if cur != nil {
				if actual, loaded = live(cur); loaded {
					return nil, opKeep
				}
			}
			f, own = fs.board(i, key)
			return nil, opKeep
		})
		if loaded {
			return actual, true, nil
		}
		if own {
			return fly(c, fs, f, i, h, key, live, create, fresh)
		}
		f.landed.Wait()
		switch {
		case f.end == flightStored:
			return f.val, true, nil
		case f.end == flightFailed && try:
			var zero R
			return zero, false, f.err
		}
	}
}

// fly runs the create of f, the flight it owns, and lands it: see
// loadOrCreate. If create (or fresh) panics, the flight is removed and
// lands aborted, nothing is stored, and the panic goes on to the caller.
func fly[K comparable, E, R any](c *core[K, E], fs *flights[K, R], f *flight[R], i int, h uint64, key K,
	live func(*shard.Entry[K, E]) (R, bool), create func() (R, error), fresh func(R) *shard.Entry[K, E]) (actual R, loaded bool, err error) {
	leave := func(*shard.Entry[K, E]) (*shard.Entry[K, E], op) {
		delete(fs.byShard[i], key)
		return nil, opKeep
	}
	landed := false
	defer func() {
		if !landed {
			c.write(h, key, nil, leave)
			f.land(flightAborted, actual, nil)
		}
	}()
	v, err := create()
	if err != nil {
		c.write(h, key, nil, leave)
		landed = true
		f.land(flightFailed, actual, err)
		return actual, false, err
	}
	ne := fresh(v)
	c.write(h, key, ne, func(cur *shard.Entry[K, E]) (*shard.Entry[K, E], op) {
		delete(fs.byShard[i], key)
		if cur != nil {
			if actual, loaded = live(cur); loaded {
				return nil, opKeep // a value stored meanwhile wins
			}
		}
		return ne, opStore
	})
	if !loaded {
		actual = v
	}
	landed = true
	f.land(flightStored, actual, nil)
	return actual, loaded, nil
}
