// Package bench holds the benchmark suite of weakstripe. It uses the
// public API of weakmap only, and writes competitors from their own public
// APIs, so that every number compares what a user would write.
//
// Benchmarks run side by side in one process and are meant to be read as
// ratios (see results/README.md): this machine is shared and noisy, and
// only numbers taken together compare.
//
//   - compare_test.go: Map.Load and Map.Store against
//     xsync.MapOf[string, weak.Pointer[V]] followed by Value.
//   - keymap_test.go: KeyMap.Load against xsync.MapOf[uintptr, V].
//   - cleanup_test.go: Store with WithGCCleanup against Store without it
//     and against the Go blog's sync.Map + runtime.AddCleanup cache.
package bench
