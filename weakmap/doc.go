// Package weakmap provides concurrent maps that do not keep their contents
// alive.
//
// [Map] holds its values weakly: an entry lives while something outside the
// map keeps its value reachable, and reads treat it as absent once the
// garbage collector has freed the value. Typical uses are canonicalization
// tables, caches of parsed or compiled objects keyed by name, and side
// tables of per-session state, where another part of the program owns the
// values. [StrongMap] has the same API and holds its values strongly.
//
// [KeyMap] holds its keys weakly, by identity, and [Set] its members: an
// entry lives while its key is reachable from outside the map. They are for
// side tables of data about objects (metadata, listeners, per-request
// state) that must die with the object. [WithGCCleanup] removes entries as
// soon as the collector frees their weak side, and [WithEvictCallback]
// reports each such removal.
//
// All maps are lock-striped: a power-of-two number of shards, each with its
// own mutex taken by writers (but a Map's Store of a present key, which
// swaps the value in by compare-and-swap). Readers never wait for a lock, and a read
// that finds a live entry writes no shared memory, so loads scale with the
// number of cores. (A read that finds a collected entry counts it, and
// runs a sweep step only if the shard's lock is free at once; with
// [WithRetain], a read of a value not used lately marks it.)
//
// # Patterns
//
// Cache. A [Map] with [Map.LoadOrCompute] caches objects that are
// expensive to make (parsed templates, compiled expressions) without ever
// keeping one that nobody uses: while any part of the program holds a
// value, every lookup returns that very value, and it is made once. On
// its own the map frees, at each collection, every value nobody holds at
// that moment, so a value used often but briefly (by short requests) is
// made again after each collection. [WithRetain](n) keeps the n values
// used last alive as well: the cache then holds what is in use plus about
// n hot values. Size n like the working set that should survive a
// collection, the values used more than once between two collections;
// the memory it costs is about n values. Retention gives way when the
// heap nears its memory limit. [WithCacheStats] counts hits and misses,
// to check the hit rate a given n achieves.
//
// Canonicalization table. A [Map] from a key to the one canonical object
// for it (interning, as in the example of Map.LoadOrCompute): equal keys
// share one *V while anybody uses it, so such values compare by pointer.
// Do not retain: a canonical object nobody holds can be made again
// without anyone noticing, as nobody can compare the new one with the
// old. (For comparable values, the standard unique package does this.)
//
// Side table. A [KeyMap] attaches data to objects that another part of
// the program owns (per-connection statistics, metadata of a request),
// keyed by the object's identity: the entry dies with the object, which
// needs no field for it and no unregistering. [WithGCCleanup] removes the
// entry as soon as the object is freed, and [WithEvictCallback] reports
// it. A [Set] is the same without data: a set of listeners that does not
// keep them alive. Neither takes WithRetain: an entry whose key nobody
// holds can never be looked up again.
//
// As with the maps of package sync, a map must not be copied after first
// use (go vet's copylocks check reports copies), and each map type states
// which of its operations synchronize with which, in the terminology of the
// Go memory model: a write operation "synchronizes before" any read
// operation that observes its effect (see [Map], [StrongMap], [KeyMap] and
// [Set] for what counts as which).
//
// # Raw length and live length
//
// A collected value leaves its entry behind until a sweep removes it (Go
// clears a weak pointer but cannot tell the map). So a map has two lengths:
// [Map.RawLen], the entries stored, dead or alive, in O(shards); and
// [Map.Len], the live entries, which must resolve every weak pointer: O(n),
// with a cache miss or more per entry once the map outgrows the caches.
// Use RawLen for metrics and capacity decisions, Len when the exact live
// count matters.
//
// # Sweeping
//
// Dead entries are removed by incremental sweep steps. Every operation that
// changes the map (Swap, a Store that inserts, a LoadOrStore, LoadOrCompute
// or LoadOrTryCompute that stores, a Compute that stores or deletes, a
// successful CompareAndSwap or CompareAndDelete, a Delete or LoadAndDelete
// that removes an entry), and every read that finds a collected entry,
// counts once on its shard's counter. A Map's Store of a present key does
// not count (in a map made WithGCCleanup, every Store counts): it adds no
// entry, so it leaves no garbage behind, and it takes no lock, so that
// Stores on many cores write nothing but their keys' entries. (One that
// races with the removal or the insertion of its key takes the lock, and
// counts.) Every T-th counted
// operation on a shard (the sweep threshold) runs one step on that shard,
// which examines at most B slots (the sweep budget) from where the previous
// step stopped and removes the dead entries among them. Liveness is checked
// without the shard lock; the lock is taken only to remove.
//
// Bound: an entry whose value is already collected is removed within
// T*ceil(C/B) counted operations on its shard, where C is the shard's number
// of slots ([Stats] and the shard count tell how large shards are: about
// 2*RawLen/Shards slots each). With B = 0 (the whole shard) the bound is T.
// A read's step never waits: if a writer holds the lock, the read hands
// the step back, its slots unexamined, and the next counted operation runs
// it; so each such hand-back adds one operation to the bound.
// A shard that grows also drops its dead entries instead of copying them,
// so under steady churn of fresh keys garbage stays within a small multiple
// of the live set even between steps. It looks for them only if a garbage
// collection has completed since its last growth that looked (values die
// only in collections): looking reads every entry's weak handle. A value
// freed in the collection that the map notices late may leave its entry
// to a later growth or to a sweep step.
//
// The defaults, T = 256 and B = 64, examine a quarter of a slot per counted
// operation. Examining a slot of a large map costs one to a few cache
// misses (the entry, the weak handle, the value's span), so the defaults
// spread that work thinly over the operations: a short step often, where a
// whole-shard step ([WithSweepBudget](0)) would stop one operation in T for
// a pass over its whole shard. [WithSweepThreshold](0) turns counter
// sweeps off; then only the Delete family, [Map.Clear],
// [Map.Sweep] and, with [WithGCCleanup], the GC cleanups remove entries,
// and Len, RawLen and iteration never do.
//
// # Tiny objects
//
// Go allocates objects smaller than 16 bytes that contain no pointers in
// shared 16-byte blocks, and frees a block only when all its objects are
// unreachable. Such a value (an *int64, a small struct of numbers) may
// therefore stay alive long after its last use, and its entry with it.
// Values of zero size never die at all (they share one address), so New
// refuses them. Give weakly held values a size of at least 16 bytes or a
// pointer field when prompt collection matters.
//
// # Go versions
//
// The package needs Go 1.26 or later, the releases the Go team supports
// (1.26 and 1.27); Go 1.25 is not tested. On Go 1.24 a weak pointer to a
// global variable aborts the process (golang/go#71726), and the runtime
// allocates a small pointer-free object's weak handle in the object's own
// tiny block, so such objects, once stored, never die.
//
// # No ephemerons
//
// Go has no ephemerons: a map cannot tell the collector that a value
// matters only while its key does. A [KeyMap] holds its values strongly, so
// a value that references its own key (directly, or through anything it
// reaches) keeps the key reachable, and the entry never dies. Racket and
// JavaScript solve this with ephemerons; in Go, the workaround is to make
// such a reference weak: give the value a weak.Pointer to the key instead
// of the key itself, or keep in the value only the data it needs from the
// key. For a [Map], the same holds the other way round: a key (say, an
// interface holding a pointer) that reaches its own value keeps it alive.
//
// # Iteration
//
// [Map.All], [Map.Keys] and [Map.Values] are lazy: they hold no lock while
// the loop body runs (the body may call any method of the map), skip
// collected entries, stop all work when the loop breaks, and yield each key
// that is live and untouched for the whole loop exactly once. Entries
// stored, deleted or collected during the loop may or may not be seen.
// [Map.Snapshot] copies the live entries into a plain map of strong
// pointers.
package weakmap
