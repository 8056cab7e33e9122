package bench_test

import (
	"runtime"
	"testing"
	"unsafe"
)

// Two targets' values must not share a span (newPayloads): a span of the
// payloads' size class is one 8 KiB page, aligned, so two values share
// one exactly when their addresses agree above the low 13 bits.
func TestPayloadsShareNoSpan(t *testing.T) {
	// One P, so that every allocation below comes from one cache.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	owner := map[uintptr]string{}
	sets := map[string][]*payload{}
	for _, c := range []struct {
		name string
		n    int
	}{{"a", 1000}, {"b", 1000}, {"c", 5}, {"d", 333}} {
		vals := newPayloads(c.n, c.name)
		if len(vals) != c.n {
			t.Fatalf("newPayloads(%d) returned %d values", c.n, len(vals))
		}
		sets[c.name] = vals
		for _, v := range vals {
			page := uintptr(unsafe.Pointer(v)) >> 13
			if o, ok := owner[page]; ok && o != c.name {
				t.Fatalf("values of %q and %q share the span at %#x", o, c.name, page<<13)
			}
			owner[page] = c.name
		}
	}
	runtime.KeepAlive(sets)
}
