package bench_test

import "testing"

// The Hash rows compare nothing if a hasher skips bytes or ignores the
// seed: every byte of keys of 0 to 300 bytes (wyhash's short cases, its
// 16-byte and 48-byte loops and their tails) must change the hash, and
// so must the seed; equal keys in distinct memory must hash alike.
func TestStringHashers(t *testing.T) {
	for _, h := range []struct {
		name string
		f    func(string, uint64) uint64
	}{{"xxhash", xxhashString}, {"wyhash", wyhashString}, {"maphash", maphashString}} {
		t.Run(h.name, func(t *testing.T) {
			for n := 0; n <= 300; n++ {
				buf := make([]byte, n)
				for i := range buf {
					buf[i] = byte(i*31 + n)
				}
				k := string(buf)
				base := h.f(k, 1)
				if again := h.f(string(buf), 1); again != base {
					t.Fatalf("len %d: equal keys hash to %#x and %#x", n, base, again)
				}
				if other := h.f(k, 2); other == base {
					t.Fatalf("len %d: seeds 1 and 2 give the same hash %#x", n, base)
				}
				for i := range buf {
					buf[i] ^= 0x40
					if h.f(string(buf), 1) == base {
						t.Fatalf("len %d: changing byte %d leaves the hash %#x", n, i, base)
					}
					buf[i] ^= 0x40
				}
			}
		})
	}
}
