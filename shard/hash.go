package shard

import (
	"hash/maphash"
	"math/bits"
	"math/rand/v2"
	"reflect"
	"unsafe"
)

// A hasher turns a key into the table's one 64-bit hash: its top bits pick the
// shard and its low bits the slot, so a key is hashed once per operation.
//
// Every table draws its own seeds, so two tables spread the same keys
// differently and nobody can choose keys that land in one shard of a table
// they have not seen. The seeded final step is a 64x64->128-bit multiply
// folded to 64 bits (the "mum" step of wyhash): one multiply, and it lets
// every input bit reach both the shard bits and the slot bits.
//
// The second argument is the table's seed for a hash given in Config.Hash;
// the hashers newHasher makes carry their own seeds and ignore it.
type hasher[K comparable] func(K, uint64) uint64

// mum folds the 128-bit product of x and y.
func mum(x, y uint64) uint64 {
	hi, lo := bits.Mul64(x, y)
	return hi ^ lo
}

// wordMix is wyhash's constant for the final step of an 8-byte key.
const wordMix = 0x1d8e4e27c47d124f ^ 8

// wordHash hashes x, the bits of a key of at most one word, with a table's
// seeds s1 and s2. It is the mix of the runtime's fallback hash for 8-byte
// keys (wyhash's), with the seeds in place of its secrets: the first
// multiply takes two functions of x, so it is not linear in x, and the
// second spreads the result over every bit. One multiply of x^s1 by a seed,
// which is linear in x, was not enough: under some seeds, keys with a
// structure (addresses of objects allocated one after another, integers
// that differ only in their top bits) piled into a few shards
// (weakmap/hashflood_test.go). Table.Get and Table.GetMarked write it
// out (see Get): change the three together, or lookups of word keys miss
// what writers stored (every KeyMap and integer-keyed test would fail).
func wordHash(x, s1, s2 uint64) uint64 {
	return mum(mum(x^s1, x^s2), wordMix)
}

// Table.Hash picks, for K's kind, the fastest seeded hash that needs no
// runtime internals:
//   - strings: strHash (strhash.go), wyhash seeded with the table's s1
//     and the process's secrets, called directly. A hash seeded this way
//     makes collisions unpredictable, which an unkeyed hash plus a seeded
//     final step does not;
//   - integers, pointers, channels (anything that is one machine word or
//     less and whose equality is bit equality): wordHash on the bits, two
//     multiplies where maphash.Comparable makes a call through the
//     runtime's hasher for the type;
//   - everything else (floats, whose +0 and -0 are equal; interfaces,
//     arrays, structs): hash/maphash.Comparable with a seed of its own.
//
// Strings and 8-byte words, the common cases, are hashed by Table.Hash
// without a closure call (see kindOf); newHasher makes the closure for the
// others. A hash given in Config.Hash replaces all of these.
func newHasher[K comparable]() hasher[K] {
	s1, s2 := rand.Uint64(), rand.Uint64()|1
	t := reflect.TypeFor[K]()
	switch t.Kind() {
	case reflect.Int, reflect.Int64, reflect.Uint, reflect.Uint64, reflect.Uintptr,
		reflect.Int32, reflect.Uint32, reflect.Int16, reflect.Uint16,
		reflect.Int8, reflect.Uint8, reflect.Bool,
		reflect.Pointer, reflect.UnsafePointer, reflect.Chan:
		switch t.Size() {
		case 4:
			return func(k K, _ uint64) uint64 { return wordHash(uint64(*(*uint32)(unsafe.Pointer(&k))), s1, s2) }
		case 2:
			return func(k K, _ uint64) uint64 { return wordHash(uint64(*(*uint16)(unsafe.Pointer(&k))), s1, s2) }
		case 1:
			return func(k K, _ uint64) uint64 { return wordHash(uint64(*(*uint8)(unsafe.Pointer(&k))), s1, s2) }
		}
	}
	seed := maphash.MakeSeed()
	return func(k K, _ uint64) uint64 { return maphash.Comparable(seed, k) }
}

// keyKind says how Table.Hash hashes a key type without a closure call.
type keyKind uint8

const (
	kindOther  keyKind = iota // through the hasher closure (always, with Config.Hash)
	kindString                // strHash with Table.s1
	kindWord8                 // the seeded mum step on 8 bytes of bits
)

func kindOf[K comparable]() keyKind {
	t := reflect.TypeFor[K]()
	switch t.Kind() {
	case reflect.String:
		return kindString
	case reflect.Int, reflect.Int64, reflect.Uint, reflect.Uint64, reflect.Uintptr,
		reflect.Pointer, reflect.UnsafePointer, reflect.Chan:
		if t.Size() == 8 {
			return kindWord8
		}
	}
	return kindOther
}
