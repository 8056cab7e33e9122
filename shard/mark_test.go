package shard

import (
	"strconv"
	"sync"
	"testing"
)

// marksSet returns how many marks are set in s's array.
func marksSet[K comparable, V any](s *Shard[K, V]) int {
	n := 0
	bs := *s.buckets.Load()
	for i := range bs {
		for m := bs[i].meta.Load() >> markShift; m != 0; m &= m - 1 {
			n++
		}
	}
	return n
}

// TestMarkLifecycle: GetMarked reports a slot's mark and Set sets it; the
// mark stays while the key's entry is replaced in place; TakeMarks clears
// it and reports it once; a delete clears it, and a Mark taken before the
// delete then sets nothing. With every mark set, lookups and inserts work
// as before. Enough keys that many are found by the full probe.
func TestMarkLifecycle(t *testing.T) {
	var tb Table[string, int]
	tb.Init(Config[string, int]{Shards: 1})
	s := &tb.shards[0].Shard
	const n = 3000
	key := func(i int) string { return "k" + strconv.Itoa(i) }
	for i := range n {
		put(&tb, key(i), i)
	}
	for i := range n {
		e, h, marked := tb.GetMarked(key(i))
		if e == nil || e.Value != i || h != tb.Hash(key(i)) {
			t.Fatalf("GetMarked(%q) = %v, %#x", key(i), e, h)
		}
		mk := tb.MarkOf(h, key(i))
		if marked || mk.w == nil {
			t.Fatalf("GetMarked(%q) of a fresh entry: marked %v, Mark %+v; want unmarked with its Mark", key(i), marked, mk)
		}
		mk.Set()
		if e, _, marked := tb.GetMarked(key(i)); e == nil || !marked {
			t.Fatalf("GetMarked(%q) after Set: %v, marked %v; want marked", key(i), e, marked)
		}
	}
	if got := marksSet(s); got != n {
		t.Fatalf("%d marks set, want %d", got, n)
	}
	// Every mark set: the probes still find exactly what is there.
	for i := range n {
		if v, ok := get(&tb, key(i)); !ok || v != i {
			t.Fatalf("Get(%q) with marks set = %d, %v", key(i), v, ok)
		}
		if e := findLocked(&tb, key(i)); e == nil || e.Value != i {
			t.Fatalf("Find(%q) with marks set = %v", key(i), e)
		}
		if _, ok := get(&tb, "absent"+strconv.Itoa(i)); ok {
			t.Fatalf("Get of an absent key found an entry with marks set")
		}
		if e, _, _ := tb.GetMarked("absent" + strconv.Itoa(i)); e != nil {
			t.Fatalf("GetMarked of an absent key found an entry with marks set")
		}
	}
	// Replacing in place keeps the mark.
	for i := range n {
		if put(&tb, key(i), -i) {
			t.Fatalf("put(%q) inserted", key(i))
		}
		if e, _, marked := tb.GetMarked(key(i)); e == nil || e.Value != -i || !marked {
			t.Fatalf("GetMarked(%q) after a replace: %v, marked %v; want the new entry, still marked", key(i), e, marked)
		}
	}
	// TakeMarks reports a set mark once and clears it.
	for i := range n {
		h := tb.Hash(key(i))
		_, _, marked := tb.GetMarked(key(i))
		if got := tb.TakeMarks(h); got != marked {
			t.Fatalf("TakeMarks(%q) = %v; GetMarked said marked %v", key(i), got, marked)
		}
		if _, _, marked := tb.GetMarked(key(i)); marked {
			t.Fatalf("GetMarked(%q) after TakeMarks: still marked", key(i))
		}
		if tb.TakeMarks(h) {
			t.Fatalf("TakeMarks(%q) reported a mark twice", key(i))
		}
	}
	if got := marksSet(s); got != 0 {
		t.Fatalf("%d marks left after TakeMarks of every key", got)
	}
	// A delete clears the mark; a Mark from before it sets nothing.
	for i := 0; i < n; i += 2 {
		mk := tb.MarkOf(tb.Hash(key(i)), key(i))
		mk.Set()
		stale := tb.MarkOf(tb.Hash(key(i+1)), key(i+1))
		del(&tb, key(i+1))
		stale.Set()
		del(&tb, key(i))
		mk.Set()
	}
	if got := marksSet(s); got != 0 {
		t.Fatalf("%d marks set after deletes and stale Sets; want 0", got)
	}
	for i := range n {
		put(&tb, key(i), i)
		if _, _, marked := tb.GetMarked(key(i)); marked {
			t.Fatalf("GetMarked(%q) of a key deleted and stored again: marked", key(i))
		}
	}
}

// TestMarksConcurrent runs readers that set marks, a CLOCK that takes
// them and writers that replace, delete and insert, together (meant for
// -race): every reader must still find the writers' stable keys with
// their values, and no mark may leak into the probe's view of the slots.
func TestMarksConcurrent(t *testing.T) {
	var tb Table[int, int]
	tb.Init(Config[int, int]{Shards: 2})
	const stable, churn = 500, 2000
	for k := range stable {
		put(&tb, k, k)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	done := make(chan struct{})
	wg.Add(1)
	go func() { // writer
		defer wg.Done()
		defer close(done)
		for round := range 30 {
			for k := range stable {
				put(&tb, k, k)
			}
			for k := stable; k < stable+churn; k++ {
				if (k+round)%3 == 0 {
					del(&tb, k)
				} else {
					put(&tb, k, k)
				}
			}
		}
	}()
	for r := range 2 {
		wg.Add(1)
		go func() { // reader
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-done:
					return
				default:
				}
				k := (i*7 + r) % stable
				e, h, marked := tb.GetMarked(k)
				if e == nil || e.Value != k {
					errs <- "GetMarked(" + strconv.Itoa(k) + ") lost a stable key"
					return
				}
				if !marked {
					tb.MarkOf(h, k).Set()
				}
				c := stable + i%churn
				if e, h, _ := tb.GetMarked(c); e != nil {
					if e.Value != e.Key {
						errs <- "GetMarked returned a wrong value"
						return
					}
					tb.MarkOf(h, c).Set()
				}
			}
		}()
	}
	wg.Add(1)
	go func() { // CLOCK
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-done:
				return
			default:
			}
			tb.TakeMarks(tb.Hash(i % (stable + churn)))
		}
	}()
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Fatal(e)
	}
	for k := range stable {
		if v, ok := get(&tb, k); !ok || v != k {
			t.Fatalf("Get(%d) = %d, %v after the run", k, v, ok)
		}
	}
	want := stable
	for k := stable; k < stable+churn; k++ {
		if (k+29)%3 != 0 { // the last round stored it
			want++
		}
	}
	if got := tb.Len(); got != want {
		t.Fatalf("Len = %d after the run, want %d", got, want)
	}
}
