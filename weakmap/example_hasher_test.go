package weakmap_test

import (
	"fmt"
	"hash/maphash"
	"runtime"

	"github.com/weakstripe/weakstripe/weakmap"
)

// Endpoint is a struct key, which the map would otherwise hash with
// hash/maphash.Comparable.
type Endpoint struct {
	Host string
	Port uint16
}

// A hasher of one's own: here one that hashes an Endpoint's fields. It
// gives equal keys equal hashes, spreads them over all 64 bits (maphash
// for the host, a multiply by an odd constant for the port) and takes the
// map's seed in, as well as a maphash seed of its own that nobody outside
// the process knows.
func ExampleWithHasher() {
	hostSeed := maphash.MakeSeed()
	hash := func(e Endpoint, seed uint64) uint64 {
		return maphash.String(hostSeed, e.Host) ^ (uint64(e.Port)+seed)*0x9e3779b97f4a7c15
	}
	pools := weakmap.New[Endpoint, Conn](weakmap.WithHasher(hash))
	c := &Conn{Addr: "10.0.0.7:5432"}
	pools.Store(Endpoint{"db.internal", 5432}, c)
	got, ok := pools.Load(Endpoint{"db.internal", 5432})
	fmt.Println(got.Addr, ok)
	_, ok = pools.Load(Endpoint{"db.internal", 5433})
	fmt.Println(ok)
	runtime.KeepAlive(c)
	// Output:
	// 10.0.0.7:5432 true
	// false
}
