package weakmap_test

import (
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/weakstripe/weakstripe/weakmap"
)

// Each goroutine owns some keys and must always read back what it wrote,
// while all of them insert and delete other keys, so that shards grow and
// are rebuilt under the readers. It caught a rebuild that published its new
// array before copying the entries into it.
func TestStrongMapReadOwnWritesWhileShardsGrow(t *testing.T) {
	m := weakmap.NewStrong[int, payload](weakmap.WithShards(4))
	const workers, per = 6, 64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w), 2))
			vals := make([]*payload, per)
			for i := range vals {
				vals[i] = &payload{}
				m.Store(w*per+i, vals[i])
			}
			tmp := 1 << 20 * (w + 1)
			for {
				select {
				case <-stop:
					return
				default:
				}
				i := rng.IntN(per)
				k := w*per + i
				switch rng.IntN(4) {
				case 0:
					if v, ok := m.Load(k); !ok || v != vals[i] {
						t.Errorf("key %d lost", k)
						return
					}
				case 1:
					tmp++
					m.Store(tmp, vals[0])
				case 2:
					m.Delete(tmp - rng.IntN(50))
				case 3:
					if v, ok := m.LoadAndDelete(k); !ok || v != vals[i] {
						t.Errorf("key %d: LoadAndDelete lost it", k)
						return
					}
					m.Store(k, vals[i])
				}
			}
		}()
	}
	d := time.Second
	if testing.Short() {
		d = 200 * time.Millisecond
	}
	time.Sleep(d)
	close(stop)
	wg.Wait()
}
