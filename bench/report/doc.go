// Package report turns a raw benchmark file of the weakstripe suite into
// tables, a Markdown section and SVG plots.
//
// Names follow the suite's scheme,
// Benchmark<Group>/<key=value>/.../target=<t>[-N], and each (benchmark,
// unit) is summarised with golang.org/x/perf/benchmath: the median and its
// confidence interval, as benchstat does. Targets measured in one run are
// compared as ratios of medians, because on a shared, noisy machine only
// numbers taken side by side compare.
//
// The layering follows golang.org/x/perf: Read parses a file into Data,
// Build turns Data into a Report (tables and sentences, no formatting
// decisions about the output medium), and the Report is written as text,
// as Markdown (ReplaceSection splices it between markers in an existing
// document) or drawn as plots (WritePlots). The command
// bench/cmd/benchreport only wires these together.
package report
