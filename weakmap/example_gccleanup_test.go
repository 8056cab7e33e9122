package weakmap_test

import (
	"fmt"
	"net"
	"runtime"
	"sync/atomic"
	"time"

	"github.com/weakstripe/weakstripe/weakmap"
)

// ConnStats is what a server keeps about each connection.
type ConnStats struct {
	Requests atomic.Int64
}

var perConn = weakmap.NewKeyMap[net.TCPConn, *ConnStats](weakmap.WithGCCleanup())

// countRequest counts one request served on conn and returns the count so
// far.
func countRequest(conn *net.TCPConn) int64 {
	st, _ := perConn.LoadOrCompute(conn, func() *ConnStats { return new(ConnStats) })
	return st.Requests.Add(1)
}

// serve stands for a connection's life in a server: it serves n requests,
// then the connection is dropped.
//
//go:noinline
func serve(n int) {
	conn := new(net.TCPConn) // stands for a connection the server accepted
	var served int64
	for range n {
		served = countRequest(conn)
	}
	fmt.Println("requests served:", served)
}

// Per-connection statistics that go away with the connection. With
// WithGCCleanup, a connection's entry is removed soon after the collector
// frees the connection, with no further call on the map: nothing is left
// for a sweep. (The loop waits for the collector, for at most 10 seconds.)
func ExampleWithGCCleanup() {
	serve(3)

	deadline := time.Now().Add(10 * time.Second)
	for perConn.RawLen() > 0 && time.Now().Before(deadline) {
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
	fmt.Println("entries left:", perConn.RawLen())
	// Output:
	// requests served: 3
	// entries left: 0
}
