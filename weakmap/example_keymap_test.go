package weakmap_test

import (
	"fmt"
	"runtime"
	"sort"

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

	var names []string
	for l := range listeners.All() {
		names = append(names, l.Name)
	}
	sort.Strings(names)
	fmt.Println(names, listeners.Contains(a))
	runtime.KeepAlive(b)
	// Output: [audit metrics] true
}

// An eviction callback hears of each entry removed because its value was
// collected (here simulated by dropping the only reference and sweeping).
func ExampleWithEvictCallback() {
	evicted := make(chan string, 1)
	cache := weakmap.New[string, Conn](
		weakmap.WithEvictCallback(func(key string) { evicted <- key }),
	)
	storeTemporary(cache)
	for {
		runtime.GC()
		if cache.Sweep() > 0 {
			break
		}
	}
	fmt.Println("evicted:", <-evicted)
	// Output: evicted: session-42
}

//go:noinline
func storeTemporary(cache *weakmap.Map[string, Conn]) {
	cache.Store("session-42", &Conn{Addr: "10.0.0.2:443"})
}
