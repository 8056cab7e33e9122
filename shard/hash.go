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
type hasher[K comparable] func(K) uint64

// mum folds the 128-bit product of x and y.
func mum(x, y uint64) uint64 {
	hi, lo := bits.Mul64(x, y)
	return hi ^ lo
}

// Table.Hash picks the fastest seeded hash for K's kind:
//   - strings: the runtime's own seeded string hash (AES-based where the
//     CPU has AES instructions), the one hash/maphash.String wraps, called
//     directly by stringHash. xxhash was measured first: on a 12-byte key
//     it executes 92 instructions per call (the assembly routine, its ABI
//     wrapper and the seeding step) against about 40, and Load of 64Ki
//     string keys ran 1.30x xsync's time with it, 1.1x without. Both are
//     seeded per table; the runtime hash's seed also makes collisions
//     unpredictable, which an unkeyed hash plus a seeded final step does
//     not;
//   - integers, pointers, channels (anything that is one machine word or
//     less and whose equality is bit equality): the seeded mum step on the
//     bits, about 1 ns instead of maphash.Comparable's 3 ns;
//   - everything else (floats, whose +0 and -0 are equal; interfaces,
//     arrays, structs): hash/maphash.Comparable with a seed of its own.
//
// Strings and 8-byte words, the common cases, are hashed inline by
// Table.Hash (see kindOf); newHasher makes the closure for the others.
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
			return func(k K) uint64 { return mum(uint64(*(*uint32)(unsafe.Pointer(&k)))^s1, s2) }
		case 2:
			return func(k K) uint64 { return mum(uint64(*(*uint16)(unsafe.Pointer(&k)))^s1, s2) }
		case 1:
			return func(k K) uint64 { return mum(uint64(*(*uint8)(unsafe.Pointer(&k)))^s1, s2) }
		}
	}
	seed := maphash.MakeSeed()
	return func(k K) uint64 { return maphash.Comparable(seed, k) }
}

// stringHash is what hash/maphash.String computes, without its two
// wrapper calls: the runtime's seeded memory hash (AES-based where the CPU
// has AES instructions), called directly. maphash.String chunks its input
// and calls rthashString, which calls runtime.memhash; neither wrapper is
// inlined, and on a lookup of some 20 ns the two calls showed. memhash is
// one of the runtime functions kept reachable by linkname for the packages
// that use it this way. On 32-bit platforms it returns 32 bits, so there,
// as maphash does, two hashes with the seed's halves make the 64.
func stringHash(s string, seed uint64) uint64 {
	p, n := unsafe.Pointer(unsafe.StringData(s)), uintptr(len(s))
	if unsafe.Sizeof(uintptr(0)) == 8 {
		return uint64(runtimeMemhash(p, uintptr(seed), n))
	}
	lo := runtimeMemhash(p, uintptr(uint32(seed)), n)
	hi := runtimeMemhash(p, uintptr(seed>>32), n)
	return uint64(hi)<<32 | uint64(lo)
}

//go:linkname runtimeMemhash runtime.memhash
//go:noescape
func runtimeMemhash(p unsafe.Pointer, seed, n uintptr) uintptr

// keyKind says how Table.Hash hashes a key type without a closure call.
type keyKind uint8

const (
	kindOther  keyKind = iota // through the hasher closure
	kindString                // stringHash
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
