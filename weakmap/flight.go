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
// A key is in flight while it is in the map; its flight object is made by
// the first call that waits for it (most creates have no waiter, and make
// none). Only the miss path of LoadOrCompute and LoadOrTryCompute looks at
// them: loads, and every other write, never do.
type flights[K comparable, R any] struct {
	byShard []map[K]*flight[R]
}

func (fs *flights[K, R]) init(shards int) { fs.byShard = make([]map[K]*flight[R], shards) }

// board is called under shard i's lock for key, which is absent. If key is
// in flight it returns the flight to wait for; otherwise it puts key in
// flight and reports that the caller owns the flight.
func (fs *flights[K, R]) board(i int, key K) (wait *flight[R], own bool) {
	in := fs.byShard[i]
	if f, ok := in[key]; ok {
		if f == nil {
			f = new(flight[R])
			f.landed.Add(1)
			in[key] = f
		}
		f.waiters++
		return f, false
	}
	if in == nil {
		in = make(map[K]*flight[R])
		fs.byShard[i] = in
	}
	in[key] = nil
	return nil, true
}

// leave takes key out of flight, under shard i's lock, and returns the
// flight its waiters wait for, nil if none does, to land once the lock is
// released.
func (fs *flights[K, R]) leave(i int, key K) *flight[R] {
	f := fs.byShard[i][key]
	delete(fs.byShard[i], key)
	return f
}

// land records how f ended, and wakes its waiters. f may be nil (no
// waiters).
func (f *flight[R]) land(end flightEnd, val R, err error) {
	if f == nil {
		return
	}
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
			return fly(c, fs, i, h, key, live, create, fresh)
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

// fly runs the create of key's flight, which the caller owns, and lands
// it: see loadOrCreate. If create (or fresh) panics, the flight is removed
// and lands aborted, nothing is stored, and the panic goes on to the
// caller.
func fly[K comparable, E, R any](c *core[K, E], fs *flights[K, R], i int, h uint64, key K,
	live func(*shard.Entry[K, E]) (R, bool), create func() (R, error), fresh func(R) *shard.Entry[K, E]) (actual R, loaded bool, err error) {
	var f *flight[R] // made by a waiter, if any; known once key has left
	left, landed := false, false
	leave := func(*shard.Entry[K, E]) (*shard.Entry[K, E], op) {
		f, left = fs.leave(i, key), true
		return nil, opKeep
	}
	defer func() {
		if !landed {
			if !left { // else key may be in another flight by now
				c.write(h, key, nil, leave)
			}
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
		f, left = fs.leave(i, key), true
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
