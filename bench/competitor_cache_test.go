package bench_test

import (
	"context"

	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/maypok86/otter/v2"

	"github.com/weakstripe/weakstripe/weakmap"
)

// A cacheTarget is what the Cache workload runs against: get returns the
// value cached under key, or makes it with the creator's create, caches
// it and returns it. Each target does so the way a user of its API would: with its own
// load-or-create call where it has one (Map.LoadOrCompute, otter's Get
// with a loader, both of which call create once for concurrent misses of
// a key), otherwise with a lookup followed, on a miss, by create and a
// store.
type cacheTarget interface {
	get(key string, c *creator) *payload
}

// A creator makes the values of one goroutine's misses. Its create and
// its loader are made once, so that a get allocates nothing for them;
// cur is the key of the get in progress.
type creator struct {
	cur    string
	create func() *payload
	loader otter.Loader[string, *payload]
}

func newCreator(create func(key string) *payload) *creator {
	c := new(creator)
	c.create = func() *payload { return create(c.cur) }
	c.loader = otter.LoaderFunc[string, *payload](func(context.Context, string) (*payload, error) {
		return create(c.cur), nil
	})
	return c
}

// cacheSpec names a cache target and makes one of capacity n (targets
// without a capacity ignore it).
type cacheSpec struct {
	name string
	new  func(n int) cacheTarget
}

// cacheTargets lists the targets of the Cache workload: weakstripe's Map
// without and with retention of n values, the Go blog's weak cache, and
// two strong caches of capacity n that users pick today.
var cacheTargets = []cacheSpec{
	{"weakstripe", func(int) cacheTarget { return weakCache{weakmap.New[string, payload]()} }},
	{"weakstripe-retain", func(n int) cacheTarget {
		return weakCache{weakmap.New[string, payload](weakmap.WithRetain(n))}
	}},
	{"goblog", func(int) cacheTarget { return goBlogCache{new(goBlog)} }},
	{"otter", newOtterCache},
	{"lru", newLRUCache},
}

// weakCache is a weakstripe Map used as a cache through LoadOrCompute.
type weakCache struct{ m *weakmap.Map[string, payload] }

func (c weakCache) get(key string, cr *creator) *payload {
	cr.cur = key
	v, _ := c.m.LoadOrCompute(key, cr.create)
	return v
}

// goBlogCache is the Go blog's cache used as its article uses it: Load,
// and on a miss, create and Store. Concurrent misses of a key each create.
type goBlogCache struct{ c *goBlog }

func (c goBlogCache) get(key string, cr *creator) *payload {
	if v, ok := c.c.Load(key); ok {
		return v
	}
	cr.cur = key
	v := cr.create()
	c.c.Store(key, v)
	return v
}

// otterCache is github.com/maypok86/otter/v2 bounded to n entries, read
// through Get with a loader.
type otterCache struct {
	c *otter.Cache[string, *payload]
}

func newOtterCache(n int) cacheTarget {
	return otterCache{otter.Must(&otter.Options[string, *payload]{MaximumSize: n})}
}

func (c otterCache) get(key string, cr *creator) *payload {
	cr.cur = key
	v, err := c.c.Get(context.Background(), key, cr.loader)
	if err != nil {
		panic("bench: otter: " + err.Error())
	}
	return v
}

// lruCache is github.com/hashicorp/golang-lru/v2's LRU of n entries: Get,
// and on a miss, create and Add.
type lruCache struct{ c *lru.Cache[string, *payload] }

func newLRUCache(n int) cacheTarget {
	c, err := lru.New[string, *payload](n)
	if err != nil {
		panic("bench: golang-lru: " + err.Error())
	}
	return lruCache{c}
}

func (c lruCache) get(key string, cr *creator) *payload {
	if v, ok := c.c.Get(key); ok {
		return v
	}
	cr.cur = key
	v := cr.create()
	c.c.Add(key, v)
	return v
}
