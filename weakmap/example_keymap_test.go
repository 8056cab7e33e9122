package weakmap_test

import (
	"fmt"
	"runtime"
	"sort"
	"time"

	"github.com/weakstripe/weakstripe/weakmap"
)

// Conn stands for any object owned elsewhere in the program.
type Conn struct {
	Addr string
	_    [2]int
}

// Per-object metadata: a side table that dies with the objects it
// describes, without the objects knowing about it.
func ExampleKeyMap() {
	type stats struct{ requests int }
	perConn := weakmap.NewKeyMap[Conn, *stats]()

	c := &Conn{Addr: "10.0.0.1:443"}
	s, _ := perConn.LoadOrCompute(c, func() *stats { return new(stats) })
	s.requests++
	s, _ = perConn.LoadOrCompute(c, func() *stats { return new(stats) })
	s.requests++

	// When c is no longer used anywhere, its entry goes with it.
	got, _ := perConn.Load(c)
	fmt.Println(c.Addr, got.requests)
	// Output: 10.0.0.1:443 2
}

// A listener set that does not keep its listeners alive: a listener that
// its owner forgets stops being notified, and nobody has to unregister it.
func ExampleSet() {
	type Listener struct {
		Name string
		_    [2]int
	}
	listeners := weakmap.NewSet[Listener]()
	a, b := &Listener{Name: "audit"}, &Listener{Name: "metrics"}
	listeners.Add(a)
	listeners.Add(b)
	if !listeners.Add(a) {
		fmt.Println("audit was already registered")
	}

	var names []string
	for l := range listeners.All() {
		names = append(names, l.Name)
	}
	sort.Strings(names)
	fmt.Println(names, listeners.Contains(a))
	runtime.KeepAlive(b)
	// Output:
	// audit was already registered
	// [audit metrics] true
}

// An eviction callback hears of each entry removed because its value was
// collected: here the only reference to the value is dropped, and Sweep
// removes the entry once the collector has freed the value. (The loop
// waits for the collector, for at most 10 seconds.)
func ExampleWithEvictCallback() {
	evicted := make(chan string, 1)
	cache := weakmap.New[string, Conn](
		weakmap.WithEvictCallback(func(key string) { evicted <- key }),
	)
	storeTemporary(cache)
	deadline := time.Now().Add(10 * time.Second)
	for cache.Sweep() == 0 && time.Now().Before(deadline) {
		runtime.GC()
	}
	select {
	case key := <-evicted:
		fmt.Println("evicted:", key)
	default:
		fmt.Println("not collected within 10 seconds")
	}
	// Output: evicted: session-42
}

// A KeyMap entry dies with its key: once nothing outside the map refers to
// the key and the collector has freed it, the entry is no longer live (Len
// does not count it), and the next sweep removes it. (The loop waits for
// the collector, for at most 10 seconds.)
func ExampleKeyMap_collected() {
	owners := weakmap.NewKeyMap[Conn, string]()
	kept := &Conn{Addr: "10.0.0.1:443"}
	owners.Store(kept, "kept")
	storeDroppedOwner(owners)
	fmt.Println("stored:", owners.RawLen())

	deadline := time.Now().Add(10 * time.Second)
	for owners.Len() > 1 && time.Now().Before(deadline) {
		runtime.GC()
	}
	fmt.Println("live:", owners.Len())
	fmt.Println("removed by Sweep:", owners.Sweep())
	owner, _ := owners.Load(kept)
	fmt.Println("stored:", owners.RawLen(), owner)
	// Output:
	// stored: 2
	// live: 1
	// removed by Sweep: 1
	// stored: 1 kept
}

// storeDroppedOwner stores an entry under a key that nothing else refers to.
//
//go:noinline
func storeDroppedOwner(owners *weakmap.KeyMap[Conn, string]) {
	owners.Store(&Conn{Addr: "10.0.0.2:443"}, "dropped")
}

//go:noinline
func storeTemporary(cache *weakmap.Map[string, Conn]) {
	cache.Store("session-42", &Conn{Addr: "10.0.0.2:443"})
}
