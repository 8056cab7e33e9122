package weakmap_test

import (
	"fmt"
	"runtime"
	"slices"
	"strings"

	"github.com/weakstripe/weakstripe/weakmap"
)

// Symbol is an interned name: equal names share one *Symbol while anyone
// uses it, so symbols compare by pointer.
type Symbol struct {
	Name string
}

// symbols is the interning table. It holds its symbols weakly: a symbol
// nobody uses any more is collected, and its entry swept.
var symbols = weakmap.New[string, Symbol]()

// Intern returns the one live *Symbol for name, making it if needed.
// LoadOrCompute makes it at most once, even when goroutines race.
func Intern(name string) *Symbol {
	s, _ := symbols.LoadOrCompute(name, func() *Symbol { return &Symbol{Name: name} })
	return s
}

// A canonicalization table: LoadOrCompute returns the stored value if it
// is still alive and makes a new one otherwise.
func ExampleMap_LoadOrCompute() {
	a := Intern("alpha")
	b := Intern(strings.ToLower("ALPHA")) // another string, equal contents
	c := Intern("beta")
	fmt.Println(a == b, a == c)
	fmt.Println(a.Name, c.Name)
	runtime.KeepAlive(b)
	// Output:
	// true false
	// alpha beta
}

// All yields the live entries in no particular order; sort them to print
// them.
func ExampleMap_All() {
	type user struct{ name string }
	m := weakmap.New[int, user]()
	alice, bob, carol := &user{"alice"}, &user{"bob"}, &user{"carol"}
	m.Store(3, carol)
	m.Store(1, alice)
	m.Store(2, bob)

	var lines []string
	for id, u := range m.All() {
		lines = append(lines, fmt.Sprintf("%d: %s", id, u.name))
	}
	slices.Sort(lines)
	for _, l := range lines {
		fmt.Println(l)
	}
	fmt.Println(m.Len(), "live entries")
	runtime.KeepAlive(alice)
	runtime.KeepAlive(bob)
	runtime.KeepAlive(carol)
	// Output:
	// 1: alice
	// 2: bob
	// 3: carol
	// 3 live entries
}

// A StrongMap has Map's API but keeps its values alive: a registry of
// handlers that nothing else refers to.
func ExampleStrongMap() {
	type handler struct{ reply string }
	routes := weakmap.NewStrong[string, handler]()
	routes.Store("/hello", &handler{"hi"})
	routes.Store("/bye", &handler{"see you"})
	if _, loaded := routes.LoadOrStore("/hello", &handler{"ignored"}); loaded {
		fmt.Println("/hello was already routed")
	}
	runtime.GC() // nothing but the map refers to the handlers
	h, ok := routes.Load("/hello")
	fmt.Println(h.reply, ok)
	fmt.Println(routes.Len(), routes.Sweep())
	// Output:
	// /hello was already routed
	// hi true
	// 2 0
}
