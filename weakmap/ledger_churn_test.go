package weakmap

import (
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"
)

// ledgerLen counts the regs linked in l, every shard locked in turn.
func ledgerLen[K comparable, E, T any](c *core[K, E], l *ledger[T]) (n int) {
	for i := range l.heads {
		s := c.t.LockShard(i)
		h := &l.heads[i].reg
		for r := h.next; r != h; r = r.next {
			n++
		}
		s.Unlock()
	}
	return n
}

// The ledger invariant under churn: once every object the maps were given
// is dead and its cleanups have run, no reg is linked (each was unlinked by
// a replacement, a deletion, Clear or its cleanup) and no entry is left.
func TestLedgerEmptiesUnderChurn(t *testing.T) {
	m := New[int, churnObj](WithGCCleanup(), WithShards(4), WithSweepThreshold(8), WithSweepBudget(4))
	km := NewKeyMap[churnObj, int](WithGCCleanup(), WithShards(4), WithSweepThreshold(8), WithSweepBudget(4))
	stop := time.Now().Add(2 * time.Second)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var keep []*churnObj
			for i := 0; time.Now().Before(stop); i++ {
				o := &churnObj{name: strconv.Itoa(i)}
				k := (i*7 + g) % 64
				switch i % 9 {
				case 0:
					m.Delete(k)
				case 1:
					m.LoadOrStore(k, o)
				case 2:
					m.CompareAndSwap(k, o, o)
				case 3:
					km.LoadOrStore(o, i)
				case 4:
					if len(keep) > 0 {
						km.Delete(keep[len(keep)-1])
					}
				case 5:
					if i%900 == 5 {
						m.Clear()
						km.Clear()
					}
				default:
					m.Store(k, o)
					km.Store(o, i)
					if len(keep) > 0 {
						km.Swap(keep[0], i)
					}
				}
				keep = append(keep, o)
				if len(keep) > 16 {
					keep = keep[1:]
				}
				if i%64 == 0 {
					runtime.GC()
				}
			}
		}()
	}
	wg.Wait()
	deadline := time.Now().Add(20 * time.Second)
	for {
		runtime.GC()
		lm, lk := ledgerLen(&m.core, m.regs), ledgerLen(&km.core, km.regs)
		if lm == 0 && lk == 0 && m.RawLen() == 0 && km.RawLen() == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("20 s after every object died: Map ledger %d regs, RawLen %d; KeyMap ledger %d regs, RawLen %d",
				lm, m.RawLen(), lk, km.RawLen())
		}
		time.Sleep(time.Millisecond)
	}
}

type churnObj struct {
	name string
	_    [4]int
}
