package weakmap

import (
	"runtime"
	"testing"
	"unsafe"

	"github.com/weakstripe/weakstripe/internal/cacheline"
)

// The GC cleanup counters are written by every cleanup run, on the
// runtime's cleanup goroutines. They must be at least a cache line away
// from what Load reads (the table and made, at the front of core) and from
// the map's own fields after core (read by writers), wherever the map is
// allocated: else each cleanup run would take that line from every core
// that loads.
func TestCleanupCountersOffReadLines(t *testing.T) {
	check := func(name string, made *bool, cleaned, cleanups unsafe.Pointer, next unsafe.Pointer) {
		t.Helper()
		first := min(uintptr(cleaned), uintptr(cleanups))
		last := max(uintptr(cleaned), uintptr(cleanups)) + 7
		if d := first - uintptr(unsafe.Pointer(made)); d < cacheline.Size {
			t.Errorf("%s: the cleanup counters start %d bytes after made (the last field Load reads); want at least %d", name, d, cacheline.Size)
		}
		if d := uintptr(next) - last; d < cacheline.Size {
			t.Errorf("%s: the cleanup counters end %d bytes before the map's next field; want at least %d", name, d, cacheline.Size)
		}
	}
	m := new(Map[string, int])
	check("Map", &m.made, unsafe.Pointer(&m.cleaned), unsafe.Pointer(&m.cleanups), unsafe.Pointer(&m.self))
	km := new(KeyMap[int, int])
	check("KeyMap", &km.made, unsafe.Pointer(&km.cleaned), unsafe.Pointer(&km.cleanups), unsafe.Pointer(&km.self))
	var c core[int, int]
	if uintptr(unsafe.Pointer(&c.made)) < uintptr(unsafe.Pointer(&c.t)) {
		t.Errorf("core.made is before core.t: check that made is the last field Load reads")
	}
}

// A Map entry with a string key is 24 bytes: the key and one word, the
// weak pointer. A Map made WithGCCleanup allocates its entries as
// cleanupEntry, and registration finds the registration as the word right
// after the entry's Value: that holds only while Value is the entry's last
// field, a word wide, and cl follows the entry directly.
func TestCleanupEntryLayout(t *testing.T) {
	if s := unsafe.Sizeof(entry[string, int]{}); s != 24 {
		t.Errorf("Map[string, V] entry is %d bytes, want 24 (a string key and a weak pointer)", s)
	}
	check := func(name string, valueOff, entrySize, refSize, clOff uintptr) {
		t.Helper()
		if valueOff+refSize != entrySize {
			t.Errorf("%s: the entry's Value ends at %d, the entry at %d: Value must be its last field", name, valueOff+refSize, entrySize)
		}
		if clOff != entrySize {
			t.Errorf("%s: cleanupEntry.cl is at %d, want %d, right after the entry", name, clOff, entrySize)
		}
	}
	var s cleanupEntry[string, int]
	check("string key", unsafe.Offsetof(s.e.Value), unsafe.Sizeof(s.e), unsafe.Sizeof(s.e.Value), unsafe.Offsetof(s.cl))
	var b cleanupEntry[byte, [3]byte]
	check("byte key", unsafe.Offsetof(b.e.Value), unsafe.Sizeof(b.e), unsafe.Sizeof(b.e.Value), unsafe.Offsetof(b.cl))
	var a cleanupEntry[[3]int64, int]
	check("array key", unsafe.Offsetof(a.e.Value), unsafe.Sizeof(a.e), unsafe.Sizeof(a.e.Value), unsafe.Offsetof(a.cl))

	// And registration reads it back from the entry a Map made.
	m := New[string, int](WithGCCleanup())
	v := new(int)
	m.Store("k", v)
	e, _ := m.t.Get("k")
	g := e.Value.registration()
	if g == nil || g.wp != e.Value.wp {
		t.Errorf("registration of a stored entry: %p, want the registration made for its value", g)
	}
	runtime.KeepAlive(v)
}
