package bench_test

import (
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// BenchmarkHash loads live keys of a set length from every RunParallel
// goroutine, like LoadHit, to compare string hashes: the map's own
// (weakstripe) against xxhash, wyhash and its own hash given through
// weakmap.WithHasher. Short keys (12 bytes, as long as the suite's other
// keys) measure the cost of a call; long ones (256 bytes) the hash's speed.
func BenchmarkHash(b *testing.B) { runRows(b, hashRows()) }

// hashTargets are the targets of the Hash rows.
var hashTargets = []string{"weakstripe", "weakstripe-twin", "weakstripe-maphash", "weakstripe-xxhash", "weakstripe-wyhash", "xsync-weak"}

func hashRows() []row {
	var rows []row
	for _, c := range []struct{ keys, keyLen int }{{1 * ki, 12}, {64 * ki, 12}, {1 * ki, 256}} {
		config := "keys=" + sizeName(c.keys) + "/keylen=" + strconv.Itoa(c.keyLen)
		// One key list for the row's targets, as LoadHit's keyList is:
		// lists made one per target, in the targets' order, were laid
		// out differently in the heap, and at 64Ki keys weakstripe's
		// (made first) loaded 20 % slower than its twin's in every
		// process of a run.
		keys := keysOfLen(c.keys, c.keyLen)
		rows = append(rows, newRow("Hash", config, targets(hashTargets), func(tg targetSpec) func(*testing.B) {
			var (
				m    target
				vals []*payload
			)
			return func(b *testing.B) {
				if m == nil {
					vals = newPayloads(c.keys, "v")
					m = fill(tg, keys, vals)
					settle()
					b.ResetTimer()
				}
				loadHits(b, m, keys)
				runtime.KeepAlive(vals)
			}
		}))
	}
	return rows
}

// keysOfLen returns n distinct keys of keyLen bytes, each its own
// allocation: a number padded on the left, so that keys differ in their
// last bytes, which a hash must read.
func keysOfLen(n, keyLen int) []string {
	keys := make([]string, n)
	for i := range keys {
		num := strconv.Itoa(i * 7919)
		keys[i] = strings.Repeat("k", keyLen-len(num)) + num
	}
	return keys
}
