// Package report turns a raw benchmark file of the weakstripe suite into
// tables, a Markdown section and SVG plots.
//
// Reading, naming, units and statistics are the measurement core's
// (bench/paired, the one reader of the suite, the gate and the scripts):
// names follow the suite's scheme,
// Benchmark<Group>/<key=value>/.../target=<t>[-N]; a sample is summarised
// by benchmath (the median and its confidence interval, as benchstat
// does); two targets are compared by the ratio of their values round by
// round, because on a shared, noisy machine only numbers taken side by
// side compare; which way a unit is better comes from the file's Unit
// lines. What is left here is which ratios to show, the sentences and
// the plots. A group's own metrics (units other than the testing
// package's) get a table whatever the group, so a new group needs no code
// here.
//
// Run is the benchreport command (bench/cmd/benchreport); it is the
// package's only export. Inside, the tables and sentences are computed
// apart from any output medium, then written as Markdown, which is
// printed with its table columns padded to line up and spliced between
// markers in an existing document, or drawn as SVG plots.
package report
