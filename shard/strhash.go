package shard

import (
	"math/rand/v2"
	"unsafe"
)

// strKeys are strHash's secrets, drawn once per process from math/rand/v2's
// global generator (ChaCha8, seeded by the runtime from the operating
// system's entropy), made odd as wyhash's are. With the table's own seed
// they keep the hash of a string unknown outside the process, so that
// strings cannot be chosen in advance to collide in a table.
var strKeys = [4]uint64{rand.Uint64() | 1, rand.Uint64() | 1, rand.Uint64() | 1, rand.Uint64() | 1}

// strHash hashes s with a table's seed. It is the runtime's fallback hash
// for memory (wyhash, runtime/hash64.go, used where the CPU has no AES
// instructions) written out in Go, with no runtime symbol:
// hash/maphash.String reaches the runtime's hash through two calls of its
// own, which cost more than the hash itself on the short keys most maps
// hold (results/README.md).
//
// Every length has its own reads: below 4 bytes three single bytes (the
// first, the middle, the last), up to 16 bytes two overlapping words from
// each end, beyond that 16 (above 48, 48) bytes per step and the last 16
// bytes, overlapping the last step. Each read is inside s.
func strHash(s string, seed uint64) uint64 {
	p, n := unsafe.Pointer(unsafe.StringData(s)), uintptr(len(s))
	seed ^= strKeys[0]
	var a, b uint64
	// Longest first: each case costs a compare and a branch, and the
	// short keys most maps hold should not pay for every shorter class.
	// Lengths 4 and 8 read one word twice.
	switch {
	case n > 16:
		l := n
		if l > 48 {
			seed1, seed2 := seed, seed
			for ; l > 48; l -= 48 {
				seed = mum(r8(p, 0)^strKeys[1], r8(p, 8)^seed)
				seed1 = mum(r8(p, 16)^strKeys[2], r8(p, 24)^seed1)
				seed2 = mum(r8(p, 32)^strKeys[3], r8(p, 40)^seed2)
				p = unsafe.Add(p, 48)
			}
			seed ^= seed1 ^ seed2
		}
		for ; l > 16; l -= 16 {
			seed = mum(r8(p, 0)^strKeys[1], r8(p, 8)^seed)
			p = unsafe.Add(p, 16)
		}
		a, b = r8(p, l-16), r8(p, l-8)
	case n >= 8:
		a, b = r8(p, 0), r8(p, n-8)
	case n >= 4:
		a, b = r4(p, 0), r4(p, n-4)
	case n > 0:
		a = uint64(*(*byte)(p)) | uint64(*(*byte)(unsafe.Add(p, n>>1)))<<8 | uint64(*(*byte)(unsafe.Add(p, n-1)))<<16
	default:
		return mum(seed, wordMix)
	}
	return mum(0x1d8e4e27c47d124f^uint64(n), mum(a^strKeys[1], b^seed))
}

// r8 and r4 read 8 and 4 bytes at p+i, little-endian. Byte by byte, so
// that the pointer conversion needs no alignment (checkptr, strict
// architectures); the compiler merges the bytes into one load where the
// architecture allows unaligned loads. The callers keep the reads inside
// the string.
func r8(p unsafe.Pointer, i uintptr) uint64 {
	b := (*[8]byte)(unsafe.Add(p, i))
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}

func r4(p unsafe.Pointer, i uintptr) uint64 {
	b := (*[4]byte)(unsafe.Add(p, i))
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24
}
