package bench_test

import (
	"fmt"
	"iter"

	"github.com/weakstripe/weakstripe/weakmap"
)

// target is what every workload of the suite runs against: the operations
// that weakstripe's maps and the competitors have in common, over string
// keys and *payload values. Map and StrongMap implement it as they are;
// each competitor implements it on its own public API, the way a user of
// that API would.
type target interface {
	// Load returns the live value stored under key.
	Load(key string) (*payload, bool)
	// Store sets the value for key.
	Store(key string, value *payload)
	// Delete deletes key.
	Delete(key string)
	// Len counts the live entries.
	Len() int
	// RawLen counts the stored entries, dead or alive. A competitor with
	// no such count returns the size of its underlying map.
	RawLen() int
	// All yields the live entries; the loop body must not call the map.
	All() iter.Seq2[string, *payload]
	// Snapshot copies the live entries into a plain map.
	Snapshot() map[string]*payload
}

// sweeper is a target that can remove its dead entries on demand.
type sweeper interface {
	Sweep() (removed int)
}

// targetSpec names a target and makes empty maps of it.
type targetSpec struct {
	name string
	new  func() target
	// strong: the target holds its values strongly. Nothing in it dies,
	// so Churn deletes the entries it drops, as a user of it must.
	strong bool
	// cleanup: a GC cleanup removes each dead entry soon after its value
	// is freed, so a dead entry's presence in RawLen is transient.
	cleanup bool
}

// weakstripeTarget is a weakstripe Map made with opts.
func weakstripeTarget(name string, opts ...weakmap.Option) targetSpec {
	return targetSpec{name: name, new: func() target { return weakmap.New[string, payload](opts...) }}
}

// allTargets lists every target of the suite, in the order reports list
// them.
var allTargets = []targetSpec{
	weakstripeTarget("weakstripe"),
	// The A/A control: the same map under a second name, measured in
	// the same rounds; its ratio to weakstripe shows the noise of a row.
	weakstripeTarget("weakstripe-twin"),
	weakstripeTarget("weakstripe-T64", weakmap.WithSweepThreshold(64)),
	weakstripeTarget("weakstripe-T256", weakmap.WithSweepThreshold(256)),
	weakstripeTarget("weakstripe-T1000", weakmap.WithSweepThreshold(1000)),
	weakstripeTarget("weakstripe-T4096", weakmap.WithSweepThreshold(4096)),
	weakstripeTarget("weakstripe-Toff", weakmap.WithSweepThreshold(0)),
	weakstripeTarget("weakstripe-S1", weakmap.WithShards(1)),
	weakstripeTarget("weakstripe-S4", weakmap.WithShards(4)),
	weakstripeTarget("weakstripe-S16", weakmap.WithShards(16)),
	weakstripeTarget("weakstripe-S64", weakmap.WithShards(64)),
	weakstripeTarget("weakstripe-S256", weakmap.WithShards(256)),
	weakstripeTarget("weakstripe-B16", weakmap.WithSweepBudget(16)),
	weakstripeTarget("weakstripe-B64", weakmap.WithSweepBudget(64)),
	weakstripeTarget("weakstripe-B256", weakmap.WithSweepBudget(256)),
	weakstripeTarget("weakstripe-Bwhole", weakmap.WithSweepBudget(0)),
	weakstripeTarget("weakstripe-stats", weakmap.WithCacheStats()),
	{name: "weakstripe-cleanup", cleanup: true, new: func() target {
		return weakmap.New[string, payload](weakmap.WithGCCleanup())
	}},
	// String hashes given through WithHasher, for the Hash rows.
	weakstripeTarget("weakstripe-maphash", weakmap.WithHasher(maphashString)),
	weakstripeTarget("weakstripe-xxhash", weakmap.WithHasher(xxhashString)),
	weakstripeTarget("weakstripe-wyhash", weakmap.WithHasher(wyhashString)),
	{name: "strongmap", strong: true, new: func() target { return weakmap.NewStrong[string, payload]() }},
	{name: "xsync-weak", new: newXsyncWeak},
	{name: "goblog", cleanup: true, new: newGoBlog},
	{name: "seed", new: newSeed},
	{name: "xsync-strong", strong: true, new: newXsyncStrong},
}

// Target lists of the workloads. Every workload runs the base targets;
// the weakstripe variants run where their setting matters, to keep the
// suite's time within budget.
var (
	// baseTargets: weakstripe with its defaults, its twin (the A/A
	// control), its strong control and the four competitors.
	baseTargets = []string{"weakstripe", "weakstripe-twin", "strongmap", "xsync-weak", "goblog", "seed", "xsync-strong"}
	// largeTargets run in the rows of 1Mi keys (BENCH_LARGE=1): the
	// engine's targets of the speed issue and its A/A control. Every
	// target of a row keeps its map, and every round collects garbage,
	// which walks them all, so the other competitors and the variants
	// are left out there.
	largeTargets = []string{"weakstripe", "weakstripe-twin", "strongmap", "xsync-weak", "xsync-strong"}
	// thresholdVariants change how many counted operations trigger a
	// sweep step: they matter where entries die (Churn) and where writes
	// are frequent (Mix).
	thresholdVariants = []string{"weakstripe-T64", "weakstripe-T256", "weakstripe-T1000", "weakstripe-T4096", "weakstripe-Toff"}
	// shardVariants change the number of lock stripes: they matter to
	// concurrent writers and to the cache footprint of reads.
	shardVariants = []string{"weakstripe-S1", "weakstripe-S4", "weakstripe-S16", "weakstripe-S64", "weakstripe-S256"}
	// budgetVariants change how many slots a sweep step examines: they
	// matter where there is something to sweep (Churn).
	budgetVariants = []string{"weakstripe-B16", "weakstripe-B64", "weakstripe-B256", "weakstripe-Bwhole"}
)

// targets returns the specs of the named targets, from one or more lists,
// in order.
func targets(lists ...[]string) []targetSpec {
	var specs []targetSpec
	for _, list := range lists {
		for _, name := range list {
			specs = append(specs, targetNamed(name))
		}
	}
	return specs
}

// targetNamed returns the spec of the named target.
func targetNamed(name string) targetSpec {
	for _, tg := range allTargets {
		if tg.name == name {
			return tg
		}
	}
	panic(fmt.Sprintf("bench: no target named %q", name))
}
