package weakmap_test

import (
	"errors"
	"fmt"
	"runtime"

	"github.com/weakstripe/weakstripe/weakmap"
)

// Visit is a value the examples below keep in a map.
type Visit struct {
	User string
	Hits int
}

// Compute changes one key atomically: here it counts a hit on the live
// visit of a user, or opens one if there is none, and closes the
// visit once it has had three hits. The function runs under the key's
// shard lock, so two goroutines counting hits at once never lose one.
func ExampleMap_Compute() {
	visits := weakmap.New[string, Visit]()
	hit := func(old *Visit, loaded bool) (*Visit, weakmap.ComputeOp) {
		if !loaded {
			return &Visit{User: "ann", Hits: 1}, weakmap.UpdateOp
		}
		if old.Hits == 2 {
			return nil, weakmap.DeleteOp // the third hit closes the visit
		}
		return &Visit{User: old.User, Hits: old.Hits + 1}, weakmap.UpdateOp
	}
	var s *Visit // holds the live visit: the map does not
	for range 3 {
		var ok bool
		if s, ok = visits.Compute("ann", hit); ok {
			fmt.Println(s.User, s.Hits)
		} else {
			fmt.Println("closed")
		}
	}
	runtime.KeepAlive(s)
	// Output:
	// ann 1
	// ann 2
	// closed
}

// ComputeOp values tell Compute what to do: CancelOp leaves the key as it
// is, and Compute returns what the function was given.
func ExampleComputeOp() {
	visits := weakmap.NewStrong[string, Visit]()
	visits.Store("bob", &Visit{User: "bob", Hits: 5})
	s, ok := visits.Compute("bob", func(old *Visit, loaded bool) (*Visit, weakmap.ComputeOp) {
		if loaded && old.Hits > 3 {
			return nil, weakmap.CancelOp // enough hits: leave it be
		}
		return &Visit{User: "bob"}, weakmap.UpdateOp
	})
	fmt.Println(s.User, s.Hits, ok)
	// Output: bob 5 true
}

var errNoSuchUser = errors.New("no such user")

// LoadOrTryCompute caches what a fallible create makes, and caches nothing
// when it fails: the next call tries again.
func ExampleMap_LoadOrTryCompute() {
	visits := weakmap.New[string, Visit]()
	open := func(user string) func() (*Visit, error) {
		return func() (*Visit, error) {
			if user == "" {
				return nil, errNoSuchUser
			}
			return &Visit{User: user}, nil
		}
	}
	s, loaded, err := visits.LoadOrTryCompute("cy", open("cy"))
	fmt.Println(s.User, loaded, err)
	again, loaded, err := visits.LoadOrTryCompute("cy", open("cy"))
	fmt.Println(again == s, loaded, err)
	_, loaded, err = visits.LoadOrTryCompute("", open(""))
	fmt.Println(loaded, err, visits.Len())
	runtime.KeepAlive(s)
	// Output:
	// cy false <nil>
	// true true <nil>
	// false no such user 1
}

// KeyMap.Compute keeps a count per object, created on first use.
func ExampleKeyMap_Compute() {
	type conn struct{ id int }
	requests := weakmap.NewKeyMap[conn, int]()
	c := &conn{id: 1}
	count := func(old int, _ bool) (int, weakmap.ComputeOp) { return old + 1, weakmap.UpdateOp }
	requests.Compute(c, count)
	n, _ := requests.Compute(c, count)
	fmt.Println(n)
	// Output: 2
}
