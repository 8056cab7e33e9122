package shard

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// strHashLens covers every case of strHash: 0, below 4, 4, 5 to 7, 8, 9
// to 16, the 16-byte loop and the 48-byte loop with every tail length.
const strHashLens = 300

// TestStrHashReadsExactlyTheString: equal strings in different memory hash
// alike, whatever lies before and after them (a read outside the string
// would see it), and every byte of the string, the tail's included,
// changes the hash.
func TestStrHashReadsExactlyTheString(t *testing.T) {
	const seed = 0x1234
	for n := 0; n <= strHashLens; n++ {
		buf := make([]byte, n+32)
		for i := range buf {
			buf[i] = byte(i*7 + n)
		}
		s := string(buf[16 : 16+n])
		want := strHash(s, seed)
		for _, fill := range []byte{0, 0xff} {
			for i := range 16 {
				buf[i], buf[16+n+i] = fill, fill
			}
			if got := strHash(string(buf[16:16+n]), seed); got != want {
				t.Fatalf("len %d: the same bytes at another place hash to %#x, want %#x", n, got, want)
			}
			// Substrings share their neighbours' memory: no copy.
			if got := strHash(string(buf)[16:16+n], seed); got != want {
				t.Fatalf("len %d: a substring with bytes %#x around it hashes to %#x, want %#x", n, fill, got, want)
			}
		}
		b := []byte(s)
		for i := range b {
			for _, flip := range []byte{0x01, 0x80} {
				b[i] ^= flip
				if strHash(string(b), seed) == want {
					t.Fatalf("len %d: flipping bit %#x of byte %d leaves the hash %#x", n, flip, i, want)
				}
				b[i] ^= flip
			}
		}
	}
}

// TestStrHashSeed: another table seed changes every length's hash, and
// so does each of the process's secrets where the length uses it (the
// first always, the second from 1 byte, the last two above 48 bytes).
func TestStrHashSeed(t *testing.T) {
	for n := 0; n <= strHashLens; n++ {
		s := strings.Repeat("a", n)
		if strHash(s, 1) == strHash(s, 2) {
			t.Fatalf("len %d: seeds 1 and 2 give the same hash", n)
		}
		h := strHash(s, 1)
		old := strKeys
		for i := range strKeys {
			strKeys[i] ^= 2
			if used := i == 0 || i == 1 && n > 0 || n > 48; used && strHash(s, 1) == h {
				t.Errorf("len %d: changing secret %d leaves the hash", n, i)
			}
			strKeys = old
		}
	}
}

// TestStrHashAvalanche: flipping one input bit flips each output bit with
// probability near 1/2. For each length class and each output bit, over
// every input bit of pseudo-random strings (at least 8192 flips), the flip
// rate must be within 0.40 to 0.60 (over 8192 fair coins, 0.40 is 18
// standard deviations away); a hash whose top bits (the shard) or
// low bits (the bucket) ignored part of the input fails.
func TestStrHashAvalanche(t *testing.T) {
	for _, n := range []int{1, 3, 4, 7, 8, 12, 16, 17, 33, 48, 49, 100, 256} {
		var flips [64]int
		trials := 0
		x := uint64(n) // the strings' bytes, from a 64-bit LCG
		for range max(64, 8192/(8*n)) {
			b := make([]byte, n)
			for i := range b {
				x = x*6364136223846793005 + 1442695040888963407
				b[i] = byte(x >> 56)
			}
			h := strHash(string(b), 99)
			for i := range 8 * n {
				b[i/8] ^= 1 << (i % 8)
				d := h ^ strHash(string(b), 99)
				b[i/8] ^= 1 << (i % 8)
				for j := range 64 {
					flips[j] += int(d >> j & 1)
				}
				trials++
			}
		}
		for j, f := range flips {
			if r := float64(f) / float64(trials); r < 0.40 || r > 0.60 {
				t.Errorf("len %d: output bit %d flips in %.3f of %d single-bit input changes, want about 0.5", n, j, r, trials)
			}
		}
	}
}

// TestStrHashSpread: sequential keys, short and long, spread evenly over
// the hash's three uses: the shard (top 16 bits; here 64 shards), the
// bucket (low bits; 1024 buckets) and the tag (bits 33-39, 128 values).
// A chi-square statistic above mean + 8 standard deviations fails.
func TestStrHashSpread(t *testing.T) {
	const n = 1 << 16
	families := map[string]func(int) string{
		"short":       func(i int) string { return fmt.Sprint("key/", i) },
		"long, end":   func(i int) string { return strings.Repeat("x", 200) + fmt.Sprint(i) },
		"long, start": func(i int) string { return fmt.Sprint(i) + strings.Repeat("x", 200) },
	}
	uses := []struct {
		name  string
		cells int
		cell  func(h uint64) int
	}{
		{"shard", 64, func(h uint64) int { return int(h >> 48 & 63) }},
		{"bucket", 1024, func(h uint64) int { return int(h & 1023) }},
		{"tag", 128, func(h uint64) int { return int(h >> 33 & 127) }},
	}
	for name, key := range families {
		hs := make([]uint64, n)
		for i := range hs {
			hs[i] = strHash(key(i), 7)
		}
		for _, u := range uses {
			counts := make([]int, u.cells)
			for _, h := range hs {
				counts[u.cell(h)]++
			}
			mean := float64(n) / float64(u.cells)
			chi := 0.0
			for _, c := range counts {
				chi += (float64(c) - mean) * (float64(c) - mean) / mean
			}
			df := float64(u.cells - 1)
			if chi > df+8*math.Sqrt(2*df) {
				t.Errorf("%s keys over %d %ss: chi-square %.0f, want about %.0f", name, u.cells, u.name, chi, df)
			}
		}
		// And no two of the first n keys collide in all 64 bits.
		seen := make(map[uint64]bool, n)
		for i, h := range hs {
			if seen[h] {
				t.Fatalf("%s keys: key %d collides in all 64 bits with an earlier one", name, i)
			}
			seen[h] = true
		}
	}
}
