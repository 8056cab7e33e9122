package bench_test

import (
	"crypto/rand"
	"encoding/binary"
	"hash/maphash"
	"math/bits"
	"unsafe"

	"github.com/cespare/xxhash/v2"
)

// The string hashers that the Hash rows give weakmap.WithHasher, to
// compare against the map's own string hash (hash/maphash.String, called
// without a function value).

// mum folds the 128-bit product of x and y (wyhash's mixing step).
func mum(x, y uint64) uint64 {
	hi, lo := bits.Mul64(x, y)
	return hi ^ lo
}

// xxhashString is xxhash, which takes no seed in its one-call form,
// followed by a seeded fold, so that the map's seed changes every hash.
// The fold does not make the hash flood resistant: keys that collide in
// xxhash collide after it too.
func xxhashString(k string, seed uint64) uint64 {
	return mum(xxhash.Sum64String(k)^seed, 0x9e3779b97f4a7c15)
}

// maphashSeed is the seed of maphashString.
var maphashSeed = maphash.MakeSeed()

// maphashString is the map's own string hash through a function value: the
// difference between it and the default is the cost of the call.
func maphashString(k string, seed uint64) uint64 {
	return maphash.String(maphashSeed, k) ^ seed
}

// wyKeys are wyhashString's secrets, drawn once per process, odd.
var wyKeys = func() (k [4]uint64) {
	var b [32]byte
	rand.Read(b[:])
	for i := range k {
		k[i] = binary.LittleEndian.Uint64(b[8*i:]) | 1
	}
	return k
}()

// r8 and r4 read 8 and 4 bytes at p+i, little-endian, byte by byte so
// that no pointer conversion needs alignment (the compiler merges the
// bytes into one load). The callers keep the reads inside the string.
func r8(p unsafe.Pointer, i int) uint64 {
	b := (*[8]byte)(unsafe.Add(p, i))
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}

func r4(p unsafe.Pointer, i int) uint64 {
	b := (*[4]byte)(unsafe.Add(p, i))
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24
}

// wyhashString is the runtime's fallback memhash (wyhash, Go's
// runtime/hash64.go) in Go, seeded by the map's seed and the process's
// secrets.
func wyhashString(k string, seed uint64) uint64 {
	p, s := unsafe.Pointer(unsafe.StringData(k)), len(k)
	seed ^= wyKeys[0]
	var a, b uint64
	switch {
	case s == 0:
		return seed
	case s < 4:
		a = uint64(*(*byte)(p)) | uint64(*(*byte)(unsafe.Add(p, s>>1)))<<8 | uint64(*(*byte)(unsafe.Add(p, s-1)))<<16
	case s == 4:
		a = r4(p, 0)
		b = a
	case s < 8:
		a, b = r4(p, 0), r4(p, s-4)
	case s == 8:
		a = r8(p, 0)
		b = a
	case s <= 16:
		a, b = r8(p, 0), r8(p, s-8)
	default:
		l := s
		if l > 48 {
			seed1, seed2 := seed, seed
			for ; l > 48; l -= 48 {
				seed = mum(r8(p, 0)^wyKeys[1], r8(p, 8)^seed)
				seed1 = mum(r8(p, 16)^wyKeys[2], r8(p, 24)^seed1)
				seed2 = mum(r8(p, 32)^wyKeys[3], r8(p, 40)^seed2)
				p = unsafe.Add(p, 48)
			}
			seed ^= seed1 ^ seed2
		}
		for ; l > 16; l -= 16 {
			seed = mum(r8(p, 0)^wyKeys[1], r8(p, 8)^seed)
			p = unsafe.Add(p, 16)
		}
		a, b = r8(p, l-16), r8(p, l-8)
	}
	return mum(0x1d8e4e27c47d124f^uint64(s), mum(a^wyKeys[1], b^seed))
}
