package weakmap_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/weakstripe/weakstripe/weakmap"
)

// Hash flooding: keys chosen so that a table puts them all in one shard or
// one bucket turn its operations from O(1) into O(n). Every map draws its
// own random hash seeds when it is made, so the same keys spread over the
// shards of two maps independently, and keys that collide in one map (as
// an adversary who learned its layout could choose them) spread evenly in
// another. shard/hash_test.go checks the hash functions; these tests check
// the maps as the package builds them, key families a weak hash would pile
// up, and the address keys of KeyMap.

const floodKeys = 10000

// floodCounts checks how n keys fell into s cells (shards or buckets),
// each with probability 1/s if the hash is good: no cell may get more, or
// fewer, than the mean plus or minus 8 standard deviations (a false
// failure is rarer than 1 in 10^12).
func floodCounts(t *testing.T, what string, counts []int, n int) {
	t.Helper()
	s := float64(len(counts))
	mean := float64(n) / s
	sd := math.Sqrt(float64(n) * (1 / s) * (1 - 1/s))
	lo, hi := int(math.Floor(mean-8*sd)), int(math.Ceil(mean+8*sd))
	for i, c := range counts {
		if c > hi || c < lo {
			t.Fatalf("%s: cell %d of %d got %d of %d keys; want %.0f ± %d (8 standard deviations)", what, i, len(counts), c, n, mean, hi-int(mean))
		}
	}
}

// floodDiffer checks that two maps of s shards put n keys in different
// shards about as often as independent hashes would: all but 1/s of them,
// within 8 standard deviations.
func floodDiffer(t *testing.T, what string, differ, n, s int) {
	t.Helper()
	p := 1 - 1/float64(s)
	least := float64(n)*p - 8*math.Sqrt(float64(n)*p*(1-p))
	if float64(differ) < least {
		t.Fatalf("%s: two maps put only %d of %d keys in different shards; independent hashes would put about %.0f, at least %.0f",
			what, differ, n, float64(n)*p, least)
	}
}

// floodTwoMaps puts keys in two maps made alike and checks the spread of
// each and how much they agree.
func floodTwoMaps[K comparable](t *testing.T, what string, keys []K) {
	t.Helper()
	a, b := weakmap.New[K, payload](), weakmap.New[K, payload]()
	s := a.Stats().Shards
	ca, cb := make([]int, s), make([]int, s)
	differ := 0
	for _, k := range keys {
		sa, sb := weakmap.ShardOf(a, k), weakmap.ShardOf(b, k)
		ca[sa]++
		cb[sb]++
		if sa != sb {
			differ++
		}
	}
	floodCounts(t, what+", first map", ca, len(keys))
	floodCounts(t, what+", second map", cb, len(keys))
	floodDiffer(t, what, differ, len(keys), s)
}

func floodKeyFamily[K any](f func(i int) K) []K {
	out := make([]K, floodKeys)
	for i := range out {
		out[i] = f(i)
	}
	return out
}

// The same 10,000 keys, in families that hashes without a seed or with a
// weak final mix are known to pile up, spread evenly over the shards of
// each map and differently in two maps.
func TestHashFloodSameKeysTwoMaps(t *testing.T) {
	long := strings.Repeat("x", 100)
	floodTwoMaps(t, "sequential ints", floodKeyFamily(func(i int) int { return i }))
	floodTwoMaps(t, "ints differing in the top bits", floodKeyFamily(func(i int) int { return i << 48 }))
	floodTwoMaps(t, "ints that are multiples of 2^32", floodKeyFamily(func(i int) int { return i << 32 }))
	floodTwoMaps(t, "uint32s", floodKeyFamily(func(i int) uint32 { return uint32(i) << 16 }))
	floodTwoMaps(t, "short strings", floodKeyFamily(func(i int) string { return fmt.Sprint("key-", i) }))
	floodTwoMaps(t, "long strings differing at the end", floodKeyFamily(func(i int) string { return long + fmt.Sprint(i) }))
	floodTwoMaps(t, "long strings differing at the start", floodKeyFamily(func(i int) string { return fmt.Sprint(i) + long }))
	floodTwoMaps(t, "float64s", floodKeyFamily(func(i int) float64 { return float64(i) / 4 }))
	floodTwoMaps(t, "[2]int arrays", floodKeyFamily(func(i int) [2]int { return [2]int{i, 0} }))
	type pair struct {
		a int32
		b string
	}
	floodTwoMaps(t, "structs", floodKeyFamily(func(i int) pair { return pair{int32(i), "b"} }))
}

// A KeyMap hashes its keys' addresses, which the allocator hands out in
// runs a fixed size apart: they too spread evenly, and differently in two
// KeyMaps.
func TestHashFloodKeyMapAddresses(t *testing.T) {
	keys := make([]*payload, floodKeys)
	for i := range keys {
		keys[i] = &payload{}
	}
	a, b := weakmap.NewKeyMap[payload, int](), weakmap.NewKeyMap[payload, int]()
	s := a.Stats().Shards
	ca, cb := make([]int, s), make([]int, s)
	differ := 0
	for _, k := range keys {
		sa, sb := weakmap.KeyMapShardOf(a, k), weakmap.KeyMapShardOf(b, k)
		ca[sa]++
		cb[sb]++
		if sa != sb {
			differ++
		}
	}
	floodCounts(t, "addresses, first KeyMap", ca, floodKeys)
	floodCounts(t, "addresses, second KeyMap", cb, floodKeys)
	floodDiffer(t, "addresses", differ, floodKeys, s)
}

// An adversary who learned one map's layout (by timing it, or from its
// iteration order) and chose keys that all land in one of its shards, or
// all in one of its buckets, gains nothing against another map: there the
// same keys spread evenly.
func TestHashFloodCollisionsDoNotTransfer(t *testing.T) {
	t.Run("int", func(t *testing.T) { floodTransfer(t, func(i int) int { return i }) })
	t.Run("string", func(t *testing.T) { floodTransfer(t, func(i int) string { return fmt.Sprint("key-", i) }) })
}

func floodTransfer[K comparable](t *testing.T, key func(int) K) {
	a, b := weakmap.New[K, payload](), weakmap.New[K, payload]()
	s := b.Stats().Shards

	// Keys that a puts in its shard 0.
	var sameShard []K
	for i := 0; len(sameShard) < floodKeys; i++ {
		if k := key(i); weakmap.ShardOf(a, k) == 0 {
			sameShard = append(sameShard, k)
		}
	}
	counts := make([]int, s)
	for _, k := range sameShard {
		counts[weakmap.ShardOf(b, k)]++
	}
	floodCounts(t, "keys in one shard of another map", counts, len(sameShard))

	// Keys whose hashes in a agree in the low bits, which pick the home
	// bucket: in a they would all probe from one place.
	const bucketBits, n = 6, 2000
	var sameBucket []K
	for i := 0; len(sameBucket) < n; i++ {
		if k := key(i); weakmap.KeyHash(a, k)&(1<<bucketBits-1) == 0 {
			sameBucket = append(sameBucket, k)
		}
	}
	counts = make([]int, 1<<bucketBits)
	for _, k := range sameBucket {
		counts[weakmap.KeyHash(b, k)&(1<<bucketBits-1)]++
	}
	floodCounts(t, "keys in one bucket of another map", counts, n)
}
