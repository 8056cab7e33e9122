package weakmap_test

import (
	"fmt"
	"runtime"
	"time"

	"github.com/weakstripe/weakstripe/weakmap"
)

// A cache whose hot values survive collections. Without WithRetain a
// template that nobody holds at the moment of a collection is freed, and
// parsed again at its next use; with it, the map keeps the values used
// last. Here the map retains two values (one shard, so that which two is
// deterministic): after a collection the two used last still load, and
// the third is parsed again. (The loop waits for the collector, for at
// most 10 seconds.)
func ExampleWithRetain() {
	parses := 0
	parse := func(name string) func() *Template {
		return func() *Template { parses++; return &Template{Name: name} }
	}
	cache := weakmap.New[string, Template](weakmap.WithRetain(2), weakmap.WithShards(1))
	for _, name := range []string{"a", "b", "c"} {
		cache.LoadOrCompute(name, parse(name)) // nobody holds the result
	}
	deadline := time.Now().Add(10 * time.Second)
	for cache.Len() > 2 && time.Now().Before(deadline) {
		runtime.GC()
	}
	for _, name := range []string{"b", "c", "a"} {
		_, loaded := cache.LoadOrCompute(name, parse(name))
		fmt.Println(name, "loaded:", loaded)
	}
	st := cache.Stats()
	fmt.Println("parses:", parses, "retained:", st.Retained, "of", st.RetainTarget)
	// Output:
	// b loaded: true
	// c loaded: true
	// a loaded: false
	// parses: 4 retained: 2 of 2
}

// A cache's hit rate: WithCacheStats counts the LoadOrCompute calls that
// found their value (hits) and those that had to make it (misses).
func ExampleWithCacheStats() {
	// hotTemplates is a cache that keeps the 1000 templates used last alive
	// across collections, and every other one while anybody holds it.
	var hotTemplates = weakmap.New[string, Template](weakmap.WithRetain(1000), weakmap.WithCacheStats())

	for range 3 {
		hotTemplates.LoadOrCompute("home", func() *Template { return &Template{Name: "home"} })
	}
	st := hotTemplates.Stats()
	fmt.Printf("hits %d, misses %d, hit rate %.2f\n", st.Hits, st.Misses, float64(st.Hits)/float64(st.Hits+st.Misses))
	// Output: hits 2, misses 1, hit rate 0.67
}
