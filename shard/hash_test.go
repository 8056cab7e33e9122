package shard

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// checkEqualKeys checks, for each pair of equal keys (distinct values in
// memory or representation), that they hash equal within one table and that
// storing under one finds the entry through the other; and that all the
// pairs' keys, being distinct from one pair to the next, are stored apart.
func checkEqualKeys[K comparable](t *testing.T, name string, pairs [][2]K) {
	t.Helper()
	tb := New(Config[K, int]{Shards: 16})
	for i, p := range pairs {
		if p[0] != p[1] {
			t.Fatalf("%s: test bug: pair %d is not equal", name, i)
		}
		if h0, h1 := tb.Hash(p[0]), tb.Hash(p[1]); h0 != h1 {
			t.Fatalf("%s: equal keys %#v and %#v hash to %#x and %#x", name, p[0], p[1], h0, h1)
		}
		if again := tb.Hash(p[0]); again != tb.Hash(p[0]) {
			t.Fatalf("%s: Hash(%#v) is not deterministic", name, p[0])
		}
		put(tb, p[0], i)
	}
	for i, p := range pairs {
		if v, ok := get(tb, p[1]); !ok || v != i {
			t.Fatalf("%s: Get(%#v) = (%d, %v), want (%d, true)", name, p[1], v, ok, i)
		}
	}
	if n := tb.Len(); n != len(pairs) {
		t.Fatalf("%s: %d distinct keys stored as %d entries", name, len(pairs), n)
	}
}

type structKey struct {
	a int8
	s string
	f float64
	p *int
}

// TestHashEqualKeys covers each hasher path (string; the word-sized kinds
// int, uint8, bool, pointer; maphash.Comparable for float64, structs and
// interfaces): equal keys must hash equal within a table, including +0 and
// -0, equal strings with different backing arrays, and struct keys whose
// fields are equal but not identical bits.
func TestHashEqualKeys(t *testing.T) {
	negZero := math.Copysign(0, -1)
	x, y := new(int), new(int)

	var strs [][2]string
	for i := range 300 {
		a := fmt.Sprintf("key-%d", i)
		b := strings.Clone(a)
		strs = append(strs, [2]string{a, b})
	}
	strs = append(strs, [2]string{"", strings.Repeat("", 3)}, [2]string{strings.Repeat("x", 1000), strings.Repeat("xx", 500)})
	checkEqualKeys(t, "string", strs)

	var ints [][2]int
	for i := -500; i < 500; i++ {
		ints = append(ints, [2]int{i, i})
	}
	ints = append(ints, [2]int{math.MinInt, math.MinInt}, [2]int{math.MaxInt, math.MaxInt})
	checkEqualKeys(t, "int", ints)

	var u8s [][2]uint8
	for i := range 256 {
		u8s = append(u8s, [2]uint8{uint8(i), uint8(i)})
	}
	checkEqualKeys(t, "uint8", u8s)

	checkEqualKeys(t, "bool", [][2]bool{{false, false}, {true, true}})
	checkEqualKeys(t, "pointer", [][2]*int{{nil, nil}, {x, x}, {y, y}})

	checkEqualKeys(t, "float64", [][2]float64{
		{0, negZero}, {1.5, 1.5}, {-1.5, -1.5}, {math.Inf(1), math.Inf(1)},
		{math.Inf(-1), math.Inf(-1)}, {math.SmallestNonzeroFloat64, math.SmallestNonzeroFloat64},
	})

	checkEqualKeys(t, "struct", [][2]structKey{
		{{1, "a", 0, x}, {1, strings.Clone("a"), negZero, x}},
		{{1, "a", 0, y}, {1, "a", 0, y}},
		{{-1, "a", 0, x}, {-1, "a", 0, x}},
		{{1, "b", 2, nil}, {1, "b", 2, nil}},
	})

	checkEqualKeys(t, "interface", [][2]any{
		{1, 1},
		{int64(1), int64(1)}, // a different dynamic type: a different key from int 1
		{"1", strings.Clone("1")},
		{0.0, negZero},
		{structKey{a: 1, s: "a"}, structKey{a: 1, s: strings.Clone("a"), f: negZero}},
		{x, x},
		{nil, nil},
		{true, true},
	})
}

// TestNaNKey: NaN is not equal to itself, so it need not be findable, but
// storing it must not break the table for other keys.
func TestNaNKey(t *testing.T) {
	tb := New(Config[float64, int]{Shards: 2})
	put(tb, math.NaN(), 1)
	put(tb, 2.5, 2)
	if v, ok := get(tb, 2.5); !ok || v != 2 {
		t.Fatalf("Get(2.5) = (%d, %v) after storing NaN, want (2, true)", v, ok)
	}
	if n := tb.Len(); n != 2 {
		t.Fatalf("Len %d, want 2", n)
	}
}

// shardSpread hashes keys in two new tables of 16 shards and returns how
// many keys the two tables put in different shards, and the largest number
// of keys one shard of either table gets.
func shardSpread[K comparable](keys []K) (differ, maxShard int) {
	a := New(Config[K, struct{}]{Shards: 16})
	b := New(Config[K, struct{}]{Shards: 16})
	var ca, cb [16]int
	for _, k := range keys {
		sa, sb := a.ShardOf(a.Hash(k)), b.ShardOf(b.Hash(k))
		ca[sa]++
		cb[sb]++
		if sa != sb {
			differ++
		}
	}
	for i := range 16 {
		maxShard = max(maxShard, ca[i], cb[i])
	}
	return differ, maxShard
}

// TestHashSeededPerTable: each table draws its own seed, so two tables
// assign the same keys to shards independently (they agree on about 1/16 of
// keys, so differ on about 9375 of 10,000, with a standard deviation of
// 24), and neither piles the keys into one shard (about 625 per shard; 1000
// is 15 standard deviations away). Checked for the string path and the
// three other paths: 8-byte words (int), smaller words (int32, through the
// closure) and maphash.Comparable (float64 and an array).
func TestHashSeededPerTable(t *testing.T) {
	const n = 10000
	strs := make([]string, n)
	ints := make([]int, n)
	i32s := make([]int32, n)
	floats := make([]float64, n)
	arrays := make([][2]int, n)
	for i := range n {
		strs[i] = fmt.Sprintf("key-%d", i)
		ints[i] = i
		i32s[i] = int32(i)
		floats[i] = float64(i) * 1.5
		arrays[i] = [2]int{i, -i}
	}
	check := func(name string, differ, maxOne int) {
		t.Helper()
		if differ < 8000 {
			t.Fatalf("%s: two tables put only %d of %d keys in different shards, want most (about 9375)", name, differ, n)
		}
		if maxOne >= 1000 {
			t.Fatalf("%s: one shard got %d of %d keys, want about 625", name, maxOne, n)
		}
	}
	d, m := shardSpread(strs)
	check("string", d, m)
	d, m = shardSpread(ints)
	check("int", d, m)
	d, m = shardSpread(i32s)
	check("int32", d, m)
	d, m = shardSpread(floats)
	check("float64", d, m)
	d, m = shardSpread(arrays)
	check("[2]int", d, m)
}
