// Package bench holds the benchmark suite of weakstripe. It uses the
// public API of weakmap only, and writes competitors from their own public
// APIs, so that every number compares what a user would write.
//
// Benchmarks run side by side in one process and are meant to be read as
// ratios (see results/README.md): this machine is shared and noisy, and
// only numbers taken together compare.
//
// # The suite
//
// scripts/bench.sh [quick|full] [OUT] runs it: one fresh process per group,
// raw `go test -bench` output after a header (scripts/bench-header.sh).
// Every benchmark is named Benchmark<Group>/<key>=<value>/.../target=<t>,
// target last; the testing package appends -N for GOMAXPROCS N > 1.
//
// Every workload runs against the interface target (target_test.go), over
// string keys and 48-byte values with a pointer (payload), with the
// targets:
//
//   - weakstripe: Map with its defaults; weakstripe-T64 ... -Toff (sweep
//     threshold), -S1 ... -S256 (shards), -B16 ... -Bwhole (sweep budget),
//     -cleanup (WithGCCleanup); strongmap: StrongMap, the control.
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
// the timer starts; only Insert and Churn allocate in the timed loop, the
// fresh value being their workload.
//
//   - workload_load_test.go: LoadHit (1Ki and 64Ki live keys) and LoadMiss
//     (64Ki), from every RunParallel goroutine.
//   - workload_store_test.go: Store (a new live value under one of 64Ki
//     existing keys) and Insert (a fresh key and a fresh value into a map
//     that starts empty).
//   - workload_mix_test.go: Mix, Loads and Stores at 100, 99, 90 and 75 %
//     reads, keys uniform or Zipf (stream_test.go), 1Ki and 64Ki keys.
//   - workload_churn_test.go: Churn, a steady live set with a fresh key and
//     value per operation, reporting raw/live, retained-B/live (heap_test.go)
//     and latency percentiles p50-ns, p99-ns, p99.9-ns (latency_test.go,
//     where the clock's own cost, about 55-60 ns per sample here, is
//     described).
//   - workload_len_test.go: Len and RawLen at 1Ki and 64Ki entries (and 1Mi).
//   - workload_iterate_test.go: All with a break after 10 entries, and
//     Snapshot, at 64Ki entries.
//   - workload_sweep_test.go: one full Sweep of a map whose values all died,
//     per entry (ns/entry), at 64Ki entries (and 1Mi).
//
// Sizes that depend on the preset come from the environment (env_test.go):
// BENCH_CHURN_LIVE (Churn's live set, 64Ki by default) and BENCH_LARGE=1
// (1Mi sizes for Len and Sweep).
//
// # Other benchmarks
//
//   - compare_test.go: Map.Load and Map.Store against
//     xsync.MapOf[string, weak.Pointer[V]] followed by Value (make bench's
//     first measurement, CompareLoad and CompareStore).
//   - keymap_test.go: KeyMap.Load against xsync.MapOf[uintptr, V].
//   - cleanup_test.go: Store with WithGCCleanup against Store without it
//     and against the Go blog's sync.Map + runtime.AddCleanup cache.
package bench
