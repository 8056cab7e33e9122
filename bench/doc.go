// Package bench holds the benchmark suite of weakstripe. It uses the
// public API of weakmap only, and writes competitors from their own public
// APIs, so that every number compares what a user would write.
//
// Benchmarks are meant to be read as ratios of targets measured together
// (see results/README.md): this machine is shared and noisy, and only
// numbers taken a second or so apart compare.
//
// # The suite
//
// scripts/bench.sh [quick|full|large] [OUT] (make bench, make bench-full,
// make bench-large) runs it in paired, interleaved rounds: the test binary
// is built once and run
// as several fresh processes with BENCH_RUNNER=rounds, which makes TestMain
// run the round runner (rounds_test.go) instead of the tests. Each
// process measures every selected row (a group at one configuration, such
// as LoadHit/keys=1Ki) at each GOMAXPROCS: after a warm-up that makes each
// target's map (per process and GOMAXPROCS, in a random order), every
// target of the row once per round, in a shuffled order, for an iteration
// count that fills BENCH_TIME, for as many rounds as the row's share of
// the run's time budget allows (BENCH_MIN_ROUNDS to BENCH_ROUNDS). The
// rounds of a batch, a quarter second or more of targets' time, are timed
// within one testing.Benchmark call, so that testing's collections before
// each call, which walk every map of the row, run once per batch of
// rounds rather than once per target, and take at most a fifth of the
// call (batchRounds), and the collector is off for the rest of the batch
// (BENCH_GC_BETWEEN=batch, the default), so that no target pays for a
// collection of another's garbage; Insert, Churn and
// Sweep, which set up or report metrics in every call, take one call per
// target (rounds_call_test.go). Between batches, the rows timed so make
// their maps anew, in an unrecorded round, whenever that costs at most
// BENCH_REMAKE (a tenth) of the row's time: a map's speed is set by where
// its entries, handles and values land when it is made, so a row's
// rounds should see several instances of each map. The output, after a header
// (scripts/bench-header.sh), is ordinary `go test -bench` output, one line
// per target per round, so benchstat and benchgate read it;
// bench/paired pairs the k-th line of each target of a row as round k and
// summarises the per-round ratios (bench/report, benchreport -ratios,
// scripts/ratios.sh, scripts/reproducibility.sh).
//
// The Benchmark functions run the same rows under plain `go test -bench`
// (one sub-benchmark per target, -count runs back to back), for benchstat
// users and the gate (scripts/gate.sh). Every benchmark is named
// Benchmark<Group>/<key>=<value>/.../target=<t>, target last; the testing
// package and the round runner append -N for GOMAXPROCS N > 1.
//
// Every workload runs against the interface target (target_test.go), over
// string keys and 48-byte values with a pointer (payload), with the
// targets:
//
//   - weakstripe: Map with its defaults; weakstripe-twin: the same map
//     again, every row's A/A control (a row whose twin's ratio interval
//     leaves [0.95, 1.05] is noisy, bench/paired); weakstripe-T64 ...
//     -Toff (sweep threshold), -S1 ... -S256 (shards), -B16 ... -Bwhole
//     (sweep budget), -cleanup (WithGCCleanup), -stats (WithCacheStats),
//     -retain (WithRetain of the row's key count: LoadHit only); strongmap:
//     StrongMap, the control.
//   - xsync-weak: xsync.MapOf[string, weak.Pointer[V]], no cleanup
//     (competitor_xsync_test.go).
//   - goblog: the Go blog's cache, sync.Map + weak.Pointer +
//     runtime.AddCleanup (competitor_goblog_test.go).
//   - seed: the Rust weak-map crate's design, one RWMutex over a map and one
//     operation counter with a full sweep every 1000 (competitor_seed_test.go).
//   - xsync-strong: xsync.MapOf[string, *V], the speed limit
//     (competitor_xsync_test.go).
//
// competitor_test.go checks that each target is the map it claims to be.
//
// Groups, one file each. Keys, values and operation streams are made before
// the timer starts; only Insert, Churn and Cache allocate in the timed
// loop, the fresh value being their workload.
//
//   - workload_load_test.go: LoadHit and LoadMiss (1Ki and 64Ki live keys),
//     from every RunParallel goroutine.
//   - workload_userload_test.go: UserLoad, LoadHit as a user first writes
//     it: keys, values and map made on each call, in one loop, and loads
//     timed right after, with the setup's collection work still to do.
//   - workload_store_test.go: Store (a new live value under one of 64Ki
//     existing keys) and Insert (a fresh key and a fresh value into a map
//     that starts empty).
//   - workload_mix_test.go: Mix, Loads and Stores at 100, 99, 90 and 75 %
//     reads, keys uniform or Zipf (stream_test.go), 1Ki and 64Ki keys
//     (its rows for the round runner: rows_mix_test.go).
//   - workload_churn_test.go: Churn, a steady live set with a fresh key and
//     value per operation, reporting raw/live, retained-B/live (heap_test.go)
//     and latency percentiles p50-ns, p99-ns, p99.9-ns (latency_test.go,
//     where the clock's own cost, about 55-60 ns per sample here, is
//     described).
//   - workload_len_test.go: Len and RawLen at 1Ki and 64Ki entries (and 1Mi).
//   - workload_iterate_test.go: All with a break after 10 entries, and
//     Snapshot, at 1Ki and 64Ki entries.
//   - workload_sweep_test.go: one full Sweep of a map whose values all died,
//     per entry (ns/entry), at 1Ki and 64Ki entries (and 1Mi).
//   - workload_cache_test.go: Cache, each target used as a cache of values
//     that take microseconds to make: Zipf keys over 8n keys, values in
//     use by the workload for a while, a background allocator that makes
//     the collector run at least every 250 ms (BENCH_CACHE_GC). Its targets
//     (competitor_cache_test.go) are Map through LoadOrCompute without
//     and with WithRetain(n), the Go blog's cache, and two strong caches
//     of n entries, github.com/maypok86/otter/v2 and
//     github.com/hashicorp/golang-lru/v2; it reports hits/op, creates/op,
//     dup-creates (values made again while the workload held the
//     previous one), gc/s and heap-B.
//
// Sizes that depend on the preset come from the environment (env_test.go):
// BENCH_CHURN_LIVE (Churn's live sets, 64Ki by default), BENCH_CHURN_OPS
// (Churn's operations per run in rounds, in multiples of the live set)
// and BENCH_LARGE=1 (1Mi sizes for Len and Sweep, and rows of 1Mi keys of
// LoadHit, LoadMiss, Store and Mix at 90 and 100 per cent reads with the
// engine's targets only, largeTargets, and of KeyMapLoad with its own
// three; the large preset runs just those).
//
// # Other benchmarks
//
//   - compare_test.go: Map.Load and Map.Store against
//     xsync.MapOf[string, weak.Pointer[V]] followed by Value, for plain
//     `go test -bench` (make bench-compare measures the same workloads as
//     the suite's LoadHit and Store rows at 64Ki, in rounds).
//   - keymap_test.go: KeyMap.Load against xsync.MapOf[uintptr, V] at 1Ki
//     and 64Ki keys, as rows (KeyMapLoad) that the round runner also runs.
//   - bytes_test.go: live heap per live entry (B/entry) of Map, StrongMap
//     and the two xsync targets at 1Ki, 64Ki and 1Mi keys.
//   - cleanup_test.go: Store with WithGCCleanup against Store without it
//     and against the Go blog's sync.Map + runtime.AddCleanup cache.
package bench
