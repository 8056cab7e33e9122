package weakmap_test

import (
	"fmt"
	"runtime"

	"github.com/weakstripe/weakstripe/weakmap"
)

// Swap replaces an object's data and hands back what it replaces, in one
// step: here, the state of a connection, so that the old state can be
// closed out.
func ExampleKeyMap_Swap() {
	state := weakmap.NewKeyMap[Conn, string]()
	c := &Conn{Addr: "10.0.0.3:443"}
	_, loaded := state.Swap(c, "handshake")
	fmt.Println(loaded)
	prev, loaded := state.Swap(c, "open")
	fmt.Println(prev, loaded)
	now, _ := state.Load(c)
	fmt.Println(now)
	runtime.KeepAlive(c)
	// Output:
	// false
	// handshake true
	// open
}
