package bench_test

import (
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkCache uses each target as a cache of values that are costly to
// make: from every RunParallel goroutine, each operation gets the value of
// a key drawn from a Zipf distribution (stream_test.go, s = 1.1) over
// cacheKeys keys, 8 times the capacity n of the strong caches
// (cacheCapacity), and on a miss makes it (newCacheValue: a few
// microseconds of hashing and a value of about 300 bytes in two
// allocations). The workload holds the values it got last strongly, as
// requests in flight would (cacheHeld of them, split among the
// goroutines, each held for as many operations), so some values are in
// use elsewhere when the cache is asked for them again. A background
// allocator (gcPacer) makes the collector run at least every
// cacheGCPeriod (or BENCH_CACHE_GC), as a program's other work would.
//
// Each run makes a fresh cache and warms it up with cacheWarmOps
// operations before the timer starts, so that runs compare whatever ran
// before them. Besides ns/op (ops/s = 1e9 / ns/op) it reports
// (b.ReportMetric):
//
//   - hits/op: the share of gets that did not call create.
//   - creates/op: 1 - hits/op.
//   - dup-creates: creates, in the whole run, of a key whose previous
//     value the workload still held: values made twice while in use,
//     which a weak map never does (a value it handed out stays in it
//     while it is reachable) and a strong cache of n entries may.
//   - gc/s: collections per second of the timed loop
//     (/gc/cycles/total:gc-cycles).
//   - heap-B: live heap after collections at the end of the run, with the
//     cache and the workload's held values alive, less the same measure
//     taken before the cache was made: the cache's own memory, the values
//     only it holds, and the held values (about cacheHeld of them, some
//     300 bytes each, shared with the cache).
//
// A run must last several collection periods, or it measures a cache that
// the collector never visits: run it with -benchtime of seconds (the round
// runner uses cacheBenchtime). A faster target makes more operations
// between two collections, as it would in a program.
func BenchmarkCache(b *testing.B) { runRows(b, cacheRows()) }

const (
	cacheCapacity = 4 * ki            // n: the strong caches' capacity and the retention of weakstripe-retain
	cacheKeys     = 8 * cacheCapacity // the key space
	cacheHeld     = 256               // values the workload holds at once: requests in flight
	cacheWarmOps  = 64 * ki           // operations before the timer starts
	// cacheGCPeriod is the longest time without a collection that the
	// background allocator allows, unless BENCH_CACHE_GC sets another
	// (a duration such as 10ms).
	cacheGCPeriod = 250 * time.Millisecond
	// cacheBenchtime is the row's -benchtime in the round runner: about
	// eight collection periods.
	cacheBenchtime = "2s"
	// The value newCacheValue makes: its bytes, and the hashing rounds
	// over them that make it cost a few microseconds.
	cacheValueBytes  = 256
	cacheValueRounds = 4
)

func cacheRows() []row {
	r := row{
		group:     "Cache",
		config:    "cap=" + sizeName(cacheCapacity) + "/keys=" + sizeName(cacheKeys),
		benchtime: cacheBenchtime,
		// A round runs each target for cacheBenchtime, some 20 s for
		// the row at each -cpu: one per process, so that six
		// processes give six rounds of hit rates without taking a
		// fifth of the full preset's hour.
		maxRounds: 1,
	}
	for _, spec := range cacheTargets {
		r.targets = append(r.targets, rowTarget{name: spec.name, bench: func(b *testing.B) { cacheRun(b, spec) }})
	}
	return []row{r}
}

// newCacheValue makes the value of key: key followed by cacheValueBytes
// bytes that hash it, cacheValueRounds times over.
func newCacheValue(key string) *payload {
	var buf [cacheValueBytes]byte
	h := uint64(14695981039346656037)
	for round := range cacheValueRounds {
		for i := range buf {
			h ^= uint64(key[i%len(key)]) + uint64(round)
			h *= 1099511628211
			buf[i] ^= byte(h >> 56)
		}
	}
	var name strings.Builder
	name.Grow(len(key) + len(buf))
	name.WriteString(key)
	name.Write(buf[:])
	return &payload{name: name.String()}
}

// cacheState is one run of the workload: the key indices' hold counts and
// the goroutines' workers.
type cacheState struct {
	names []string
	// held[i] counts the values of key i that the workers hold.
	held    []atomic.Int32
	workers []*cacheWorker
}

// A cacheWorker is one goroutine of the workload: its stream of keys, the
// ring of the values it holds, and its counts.
type cacheWorker struct {
	st      *cacheState
	stream  []op
	keys    []string
	pos     int // next op of the stream
	ring    []heldValue
	ringPos int
	cr      *creator
	cur     int // key index of the get in progress
	// The counts, reset when the timer starts.
	ops, creates, dups int
}

type heldValue struct {
	key int
	v   *payload
}

// newCacheState returns the state of a run of procs workers over keys
// keys, holding held values in all; streams are the workers' keys.
func newCacheState(procs, keys, held int, streams *opStreams) *cacheState {
	st := &cacheState{names: keyList(keys), held: make([]atomic.Int32, keys)}
	for g := range procs {
		w := &cacheWorker{st: st, stream: streams.list[g], keys: streams.keys[g]}
		n := held / procs
		if g < held%procs {
			n++
		}
		w.ring = make([]heldValue, max(n, 1))
		w.cr = newCreator(w.create)
		st.workers = append(st.workers, w)
	}
	return st
}

// create makes the value of the key of the get in progress, and counts
// it, as a duplicate if a value of the key is still held.
func (w *cacheWorker) create(key string) *payload {
	w.creates++
	if w.st.held[w.cur].Load() > 0 {
		w.dups++
	}
	return newCacheValue(key)
}

// step gets the next key of the stream from c and holds its value in
// place of the oldest one held. It reports false if c returned a value
// that is not the key's.
func (w *cacheWorker) step(c cacheTarget) bool {
	o := w.stream[w.pos]
	key := w.keys[w.pos]
	if w.pos++; w.pos == len(w.stream) {
		w.pos = 0
	}
	w.ops++
	w.cur = int(o & opIndex)
	v := c.get(key, w.cr)
	if v == nil || !strings.HasPrefix(v.name, key) || len(v.name) != len(key)+cacheValueBytes {
		return false
	}
	// Count the new value held before the old one is let go, and let it
	// go only after its count is down: a key's count is never 0 while
	// one of its values is held.
	w.st.held[w.cur].Add(1)
	old := &w.ring[w.ringPos]
	if old.v != nil {
		w.st.held[old.key].Add(-1)
	}
	*old = heldValue{w.cur, v}
	if w.ringPos++; w.ringPos == len(w.ring) {
		w.ringPos = 0
	}
	return true
}

func (st *cacheState) resetCounts() {
	for _, w := range st.workers {
		w.ops, w.creates, w.dups = 0, 0, 0
	}
}

// counts returns the workers' total counts.
func (st *cacheState) counts() (ops, creates, dups int) {
	for _, w := range st.workers {
		ops += w.ops
		creates += w.creates
		dups += w.dups
	}
	return
}

// cacheStreams are the workers' key streams, made once per GOMAXPROCS and
// shared by the targets (they never change).
var cacheStreams struct {
	mu sync.Mutex
	by map[int]*opStreams
}

func cacheStreamsFor(procs int) *opStreams {
	cacheStreams.mu.Lock()
	defer cacheStreams.mu.Unlock()
	if cacheStreams.by == nil {
		cacheStreams.by = map[int]*opStreams{}
	}
	s, ok := cacheStreams.by[procs]
	if !ok {
		s = newOpStreams(procs, cacheKeys, 100, true)
		cacheStreams.by[procs] = s
	}
	return s
}

// BenchmarkCacheCreate measures the Cache workload's create alone.
func BenchmarkCacheCreate(b *testing.B) {
	key := keyList(1)[0]
	for range b.N {
		newCacheValue(key)
	}
}

func cacheRun(b *testing.B, spec cacheSpec) {
	period := cacheGCPeriod
	if v := os.Getenv("BENCH_CACHE_GC"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			b.Fatalf("BENCH_CACHE_GC=%q: not a duration such as 250ms", v)
		}
		period = d
	}
	procs := runtime.GOMAXPROCS(0)
	st := newCacheState(procs, cacheKeys, cacheHeld, cacheStreamsFor(procs))
	base := quietHeapLive(b)
	c := spec.new(cacheCapacity)
	for _, w := range st.workers {
		for range cacheWarmOps / procs {
			if !w.step(c) {
				b.Fatalf("%s returned a value that is not the key's", spec.name)
			}
		}
	}
	st.resetCounts()
	settle()
	pacer := startGCPacer(period)
	gcBefore := gcCycles()
	start := time.Now()
	var next atomic.Int64
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		g := int(next.Add(1) - 1)
		if g >= len(st.workers) {
			b.Errorf("RunParallel started more than %d goroutines", len(st.workers))
			return
		}
		w := st.workers[g]
		for pb.Next() {
			if !w.step(c) {
				b.Errorf("%s returned a value that is not the key's", spec.name)
				return
			}
		}
	})
	b.StopTimer()
	elapsed := time.Since(start)
	gcs := gcCycles() - gcBefore
	pacer.stop()
	ops, creates, dups := st.counts()
	if ops != b.N {
		b.Errorf("the workers counted %d operations, want b.N = %d", ops, b.N)
	}
	heap := int64(quietHeapLive(b)) - int64(base)
	b.ReportMetric(1-float64(creates)/float64(ops), "hits/op")
	b.ReportMetric(float64(creates)/float64(ops), "creates/op")
	b.ReportMetric(float64(dups), "dup-creates")
	b.ReportMetric(float64(gcs)/elapsed.Seconds(), "gc/s")
	b.ReportMetric(float64(heap), "heap-B")
	runtime.KeepAlive(c)
	runtime.KeepAlive(st)
}

// quietHeapLive collects garbage three times, each time waiting for the
// cleanups the collection queued (the Go blog's cache removes its dead
// entries in them, and those are freed by the next collection), and
// returns the live heap. Unlike settledHeapLive it does not wait for a
// collection that queues no cleanup: a Map with retention queues one at
// every collection.
func quietHeapLive(tb testing.TB) uint64 {
	deadline := time.Now().Add(heapSettleTimeout)
	names := []string{cleanupsQueuedMetric, cleanupsExecutedMetric}
	for range 3 {
		runtime.GC()
		for {
			c, ok := readMetrics(names...)
			if !ok || c[1] >= c[0] {
				break
			}
			if time.Now().After(deadline) {
				tb.Errorf("%d cleanups still queued after %v", c[0]-c[1], heapSettleTimeout)
				return heapLive()
			}
			time.Sleep(time.Millisecond)
		}
	}
	return heapLive()
}

const gcCyclesMetric = "/gc/cycles/total:gc-cycles"

// gcCycles returns the number of completed collections.
func gcCycles() uint64 {
	v, ok := readMetrics(gcCyclesMetric)
	if !ok {
		panic("bench: the runtime has no " + gcCyclesMetric)
	}
	return v[0]
}

// A gcPacer is a background allocator: whenever no collection has
// completed for its period, it allocates garbage until one does.
type gcPacer struct {
	done chan struct{}
	wg   sync.WaitGroup
}

// gcPacerSink keeps the pacer's last chunk reachable, so that allocating
// it cannot be optimized away.
var gcPacerSink atomic.Pointer[[]byte]

func startGCPacer(period time.Duration) *gcPacer {
	p := &gcPacer{done: make(chan struct{})}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		last, lastAt := gcCycles(), time.Now()
		tick := time.NewTicker(period / 16)
		defer tick.Stop()
		for {
			select {
			case <-p.done:
				return
			case <-tick.C:
			}
			if n := gcCycles(); n != last {
				last, lastAt = n, time.Now()
				continue
			}
			if time.Since(lastAt) < period {
				continue
			}
			for gcCycles() == last {
				select {
				case <-p.done:
					return
				default:
				}
				chunk := make([]byte, 64<<10)
				gcPacerSink.Store(&chunk)
			}
			last, lastAt = gcCycles(), time.Now()
		}
	}()
	return p
}

// stop stops the pacer and waits for its goroutine to end.
func (p *gcPacer) stop() {
	close(p.done)
	p.wg.Wait()
	gcPacerSink.Store(nil)
}
