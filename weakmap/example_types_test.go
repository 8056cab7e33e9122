package weakmap_test

import (
	"fmt"
	"runtime"
	"sort"
	"sync"

	"github.com/weakstripe/weakstripe/weakmap"
)

// Session stands for state that another part of the program owns.
type Session struct {
	User string
	_    [2]int
}

// A Map finds values by key without keeping them alive: here, sessions
// that the connections serving them own. While a session is in use, Load
// finds it; the map never decides when it ends.
func ExampleMap() {
	sessions := weakmap.New[string, Session]()
	s := &Session{User: "ada"}
	sessions.Store("token-1", s)

	if got, ok := sessions.Load("token-1"); ok {
		fmt.Println("token-1:", got.User)
	}
	if _, ok := sessions.Load("token-2"); !ok {
		fmt.Println("token-2: no session")
	}
	runtime.KeepAlive(s) // s is in use until here
	// Output:
	// token-1: ada
	// token-2: no session
}

// Range has sync.Map's signature, so code written for a sync.Map ports by
// changing the map's type: the same function lists both.
func ExampleMap_Range() {
	var legacy sync.Map
	sessions := weakmap.New[string, Session]()
	ada, bob := &Session{User: "ada"}, &Session{User: "bob"}
	for token, s := range map[string]*Session{"token-1": ada, "token-2": bob} {
		legacy.Store(token, s)
		sessions.Store(token, s)
	}

	var fromLegacy, fromWeak []string
	legacy.Range(func(key, value any) bool {
		fromLegacy = append(fromLegacy, key.(string)+" "+value.(*Session).User)
		return true
	})
	sessions.Range(func(key string, value *Session) bool {
		fromWeak = append(fromWeak, key+" "+value.User)
		return true
	})
	sort.Strings(fromLegacy)
	sort.Strings(fromWeak)
	fmt.Println(fromLegacy)
	fmt.Println(fromWeak)
	runtime.KeepAlive(ada)
	runtime.KeepAlive(bob)
	// Output:
	// [token-1 ada token-2 bob]
	// [token-1 ada token-2 bob]
}

// Snapshot copies the live entries into a plain map whose keys are strong
// pointers: while the copy exists, its keys, and their entries, stay.
func ExampleKeyMap_Snapshot() {
	owners := weakmap.NewKeyMap[Session, string]()
	a, b := &Session{User: "ada"}, &Session{User: "bob"}
	owners.Store(a, "team-1")
	owners.Store(b, "team-2")

	snap := owners.Snapshot()
	var lines []string
	for s, team := range snap {
		lines = append(lines, s.User+": "+team)
	}
	sort.Strings(lines)
	fmt.Println(lines)
	runtime.KeepAlive(a)
	runtime.KeepAlive(b)
	// Output: [ada: team-1 bob: team-2]
}

// Stats tells how a map is laid out and how much sweeping it has done:
// metrics to export, at O(shards) cost.
func ExampleStats() {
	m := weakmap.New[string, Session](weakmap.WithShards(4))
	ada := &Session{User: "ada"}
	m.Store("token-1", ada)
	m.Store("token-2", ada)
	m.Sweep() // one step over each shard

	st := m.Stats()
	fmt.Println("shards:", st.Shards)
	fmt.Println("stored entries:", st.RawLen)
	fmt.Println("sweep steps:", st.SweepSteps)
	fmt.Println("removed:", st.Removed)
	runtime.KeepAlive(ada)
	// Output:
	// shards: 4
	// stored entries: 2
	// sweep steps: 4
	// removed: 0
}

// Options are values: a set of them can be kept and passed to several
// constructors, of any map kind.
func ExampleOption() {
	small := []weakmap.Option{
		weakmap.WithShards(2),
		weakmap.WithSweepThreshold(64),
	}
	byName := weakmap.New[string, Session](small...)
	members := weakmap.NewSet[Session](small...)
	fmt.Println(byName.Stats().Shards, members.Stats().Shards)
	// Output: 2 2
}
