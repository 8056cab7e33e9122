// Package paired is the measurement core of the weakstripe benchmark
// suite: one reader of `go test -bench` output (benchfmt) for the report
// (bench/report), the gate (bench/gate) and the compare scripts, and the
// statistics of paired rounds.
//
// # Rounds
//
// The suite's round runner (bench/rounds_test.go) measures, within each
// workload row (a group and its configuration, at one GOMAXPROCS), every
// target of the row once per round, in a shuffled order, for a short
// time, and prints each round's lines only once every target of the round
// has run. So in a file, the k-th result line of a target within a row
// belongs to round k, for every target of the row: a file that
// concatenates several processes' output is still aligned, round by
// round. Read keeps the lines of each benchmark in file order, and Ratios
// pairs the k-th value of one target with the k-th of another.
//
// # Ratios
//
// A ratio of two targets is computed per round, from two measurements
// taken in the same round, a fraction of a second apart at most, so that
// the machine's slow spells fall on both sides of it as often as they
// can: on a shared host they come and go several times a second, and last
// minutes too. Ratio summarises the per-round ratios by their
// Hodges-Lehmann estimate on the log scale (the median of the pairwise
// means of their logarithms) with the exact distribution-free 95 %
// interval of the Wilcoxon signed-rank test: it ignores a few wild rounds
// as a median does, needs about a third fewer rounds for the same
// precision, and assumes only that log-ratios scatter symmetrically.
//
// # Units
//
// Which way a unit improves, and whether its values are exact, is read
// from the file's `Unit <unit> better=... assume=...` lines
// (scripts/bench-header.sh writes them for the suite's own metrics), over
// benchfmt's defaults: Better and Assumption are the one table of the
// report and the gate. Summaries are benchmath's (Summarize).
//
// # A/A controls
//
// Every row of the suite also runs a twin of the default map (same
// options, target name Twin(Default)). The twin's ratio to the default
// measures only noise: a row whose twin ratio's interval does not lie
// within [NoisyLo, NoisyHi] is noisy (Noisy), and reports leave it out of
// their summaries.
package paired
