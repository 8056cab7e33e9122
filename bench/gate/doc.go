// Package gate decides whether a benchmark run is a performance regression
// of another: the library behind the benchgate command (bench/cmd/benchgate)
// and scripts/gate.sh.
//
// It reads two files of `go test -bench` output, OLD and NEW, with the
// suite's one reader (bench/paired, over benchfmt), and compares every
// benchmark and unit measured in both. Benchmarks are
// matched by package and full name (with its -N GOMAXPROCS suffix); the
// other configuration lines (cpu, goos, commit, ...) are ignored, so that a
// run on a renamed or different processor still compares.
//
// Each comparison gets one verdict:
//
//   - For a unit measured with noise (sec/op, B/s, custom metrics), NEW
//     fails when its median is worse than OLD's by more than the threshold
//     (in percent) AND the Mann-Whitney U test gives p < alpha. Both are
//     needed: the test alone flags tiny but real shifts on a quiet
//     machine, the threshold alone flags noise.
//   - For an exact unit (assume=exact), NEW fails when its median is worse
//     than OLD's by any amount; threshold and alpha do not apply, because
//     repeating an exact measurement adds no confidence. allocs/op is
//     exact unless a Unit line says assume=nothing: the testing package
//     reports it as a whole number per op, which does not vary for code
//     whose allocations do not. B/op is noisy unless a Unit line says
//     assume=exact, because one-off allocations in the timed loop make it
//     vary with b.N (see paired.Assumption, the rule the report follows
//     too). benchfmt itself assumes nothing about either.
//   - "Worse" follows the unit's direction: lower is better for sec/op,
//     B/op and allocs/op, higher for B/s, and for other units whatever a
//     `Unit <unit> better=higher|lower` line in either file says. A unit
//     with no known direction is skipped.
//
// A comparison with fewer samples than the minimum on either side cannot
// be judged and makes the input bad. The exit status of the command, from
// Run, is 0 when nothing failed, 1 when something failed, and 2 when the
// input is bad (unreadable file, no benchmark and unit in common, a unit
// asked for that is not in common, too few samples, bad flags); 2 wins
// over 1, because a comparison that could not be made as asked is not a
// pass even if another one failed.
package gate
