package bench_test

import (
	"encoding/binary"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"unsafe"
)

// payload is a value of 48 bytes with a pointer, so that it never lands in
// a tiny-object block (which frees its objects only all together).
type payload struct {
	name string
	_    [4]int // padding: 48 bytes in all
}

// The sizes the workloads name.
const (
	ki = 1 << 10
	mi = 1 << 20
)

// sizeName spells a size the way benchmark names do: 1Ki, 64Ki, 1Mi.
func sizeName(n int) string {
	switch {
	case n >= mi && n%mi == 0:
		return strconv.Itoa(n/mi) + "Mi"
	case n >= ki && n%ki == 0:
		return strconv.Itoa(n/ki) + "Ki"
	}
	return strconv.Itoa(n)
}

// namedKeys is a list of string keys, a prefix and a number, each its own
// allocation like the keys of a real program. A workload on n keys uses the
// first n; the list grows on demand and is shared by all targets.
type namedKeys struct {
	prefix string
	mu     sync.Mutex
	list   []string
}

var (
	storedKeys = namedKeys{prefix: "key/"}
	// missKeys are never stored, for LoadMiss.
	missKeys = namedKeys{prefix: "miss/"}
)

// keyList returns n distinct keys, the first n of the stored ones.
func keyList(n int) []string { return storedKeys.first(n) }

// missKeyList returns n distinct keys that no workload stores.
func missKeyList(n int) []string { return missKeys.first(n) }

// first returns the first n keys of the list. n must be a power of two,
// so that workloads can wrap an index with a mask.
func (k *namedKeys) first(n int) []string {
	if n <= 0 || n&(n-1) != 0 {
		panic(fmt.Sprintf("bench: key count %d is not a power of two", n))
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	for i := len(k.list); i < n; i++ {
		k.list = append(k.list, k.prefix+strconv.Itoa(i*7919))
	}
	return k.list[:n:n]
}

// newPayloads returns n fresh values. Each target gets its own, so that
// none inherits weak handles (which weak.Make creates once per object) or
// a memory layout from the target that ran before it; and they share no
// span with another target's values. The runtime keeps a span's special
// records (weak handles, cleanups) in one list, in address order, and
// weak.Make walks it up to the value's own record: the Go-blog cache adds
// a cleanup to a value on every Store, so its values' records pile up,
// and a map whose values shared their span would pay for walking them on
// every Store, more with every round (results/README.md, "Values that
// shared a span with the Go-blog cache's"). So the values come between
// two spans' worth of padding values, which live as long as they do and
// get no records: whatever span the values start or end in holds only
// padding besides.
func newPayloads(n int, name string) []*payload {
	all := make([]*payload, spanPayloads+n+spanPayloads)
	for i := range all {
		all[i] = &payload{name: name}
	}
	return all[spanPayloads : spanPayloads+n : spanPayloads+n]
}

// spanPayloads is how many payloads a span of their size class holds:
// 170 of 48 bytes in an 8 KiB span on 64-bit targets
// (runtime/sizeclasses.go).
const spanPayloads = 8192 / int(unsafe.Sizeof(payload{}))

// fill stores vals[i] under keys[i] in a new map of the target.
func fill(tg targetSpec, keys []string, vals []*payload) target {
	m := tg.new()
	for i, k := range keys {
		m.Store(k, vals[i])
	}
	return m
}

// keySpace supplies fresh keys to workloads that store a new key on every
// operation (Insert, Churn). Its keys are 8-byte windows of one string,
// made before the timer starts: b.N keys cost 8*b.N bytes and one
// allocation, and taking a key (a substring) allocates nothing. Goroutines
// claim keys in chunks, one atomic add per keyChunk keys.
type keySpace struct {
	data     string
	reserved int          // keys below this index are never claimed
	next     atomic.Int64 // next chunk to claim
}

// keyChunk is how many keys a goroutine claims at a time.
const keyChunk = 1024

// newKeySpace returns keys for reserved keys taken by index (0 to
// reserved-1, rounded up to a chunk) and for ops more claimed by up to
// procs goroutines: each goroutine may leave one chunk partly used.
func newKeySpace(reserved, ops, procs int) *keySpace {
	first := (reserved + keyChunk - 1) / keyChunk
	chunks := first + (ops+keyChunk-1)/keyChunk + procs
	buf := make([]byte, 8*keyChunk*chunks)
	for i := 0; i < keyChunk*chunks; i++ {
		// An odd multiplier is a bijection on 64-bit words: the keys
		// are distinct and spread over the whole word.
		binary.LittleEndian.PutUint64(buf[8*i:], uint64(i)*0x9e3779b97f4a7c15)
	}
	s := &keySpace{data: string(buf), reserved: first * keyChunk}
	s.next.Store(int64(first))
	return s
}

// len returns the number of keys in the space.
func (s *keySpace) len() int { return len(s.data) / 8 }

// key returns key i.
func (s *keySpace) key(i int) string { return s.data[8*i : 8*i+8] }

// claim returns the index of the first of keyChunk keys that no one else
// will be given.
func (s *keySpace) claim() int {
	i := int(s.next.Add(1)-1) * keyChunk
	if i+keyChunk > s.len() {
		panic("bench: key space exhausted")
	}
	return i
}
