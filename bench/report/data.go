package report

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/weakstripe/weakstripe/bench/paired"
)

// errNoBenchmarks is returned by read for input that holds no benchmark
// result named per the suite's scheme: an empty file, a file of other
// text, or only benchmarks of other shapes.
var errNoBenchmarks = errors.New("no benchmark results named Benchmark<Group>/.../target=<t>")

// seriesKey identifies one sample: every run of one benchmark (group, config,
// target, GOMAXPROCS) in one unit.
type seriesKey = paired.Key

// dataset is a benchmark file as the measurement core (bench/paired) reads
// it: every sample of the suite's benchmarks, in round order, with the
// file's configuration lines and unit metadata.
type dataset struct{ *paired.File }

// readFile reads the benchmark file at path. See read.
func readFile(path string) (*dataset, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return read(f, path)
}

// read parses Go benchmark output with the measurement core, honouring
// Unit metadata lines ("Unit p99.9-ns better=lower"). It returns
// errNoBenchmarks, after the file's name, if the input holds no result
// named per the suite's scheme.
func read(r io.Reader, name string) (*dataset, error) {
	f, err := paired.Read(r, name, nil)
	if errors.Is(err, paired.ErrNoBenchmarks) || err == nil && len(f.Keys()) == 0 {
		return nil, fmt.Errorf("%s: %w", name, errNoBenchmarks)
	}
	if err != nil {
		return nil, err
	}
	return &dataset{f}, nil
}

// interval is the benchmath summary of one sample (paired.File.Summary):
// its median and the confidence interval of the median.
type interval = paired.Interval

// Groups returns the groups in order of first appearance.
func (d *dataset) Groups() []string {
	return distinct(d, func(k seriesKey) (string, bool) { return k.Group, true })
}

// Configs returns the configs of group in order of first appearance.
func (d *dataset) Configs(group string) []string {
	return distinct(d, func(k seriesKey) (string, bool) { return k.Config, k.Group == group })
}

// Targets returns the targets measured in group, in order of first
// appearance.
func (d *dataset) Targets(group string) []string {
	return distinct(d, func(k seriesKey) (string, bool) { return k.Target, k.Group == group })
}

// Units returns the units reported by group, in order of first
// appearance.
func (d *dataset) Units(group string) []string {
	return distinct(d, func(k seriesKey) (string, bool) { return k.Unit, k.Group == group })
}

// Procs returns the GOMAXPROCS values of the run, ascending.
func (d *dataset) Procs() []int {
	ps := distinct(d, func(k seriesKey) (int, bool) { return k.Procs, true })
	slices.Sort(ps)
	return ps
}

// param returns the value of key in the config of group ("" if it has
// none): "64Ki" for size in Len's "op=Len/size=64Ki".
func (d *dataset) param(group, config, key string) string {
	for _, k := range d.Keys() {
		if k.Group == group && k.Config == config {
			for _, p := range d.NameOf(k).Params {
				if p.Key == key {
					return p.Value
				}
			}
			break
		}
	}
	return ""
}

// Counts returns the smallest and largest number of runs of any sample.
func (d *dataset) Counts() (lo, hi int) {
	for _, k := range d.Keys() {
		n := len(d.Samples(k))
		if lo == 0 || n < lo {
			lo = n
		}
		hi = max(hi, n)
	}
	return lo, hi
}

// ConfigValue returns the values of a file configuration key joined by
// ", ", or "" if the file has none.
func (d *dataset) ConfigValue(key string) string {
	return strings.Join(d.Config[key], ", ")
}

// distinct returns the values f gives the keys it accepts, once each, in
// order of first appearance.
func distinct[T comparable](d *dataset, f func(seriesKey) (T, bool)) []T {
	var out []T
	for _, k := range d.Keys() {
		if v, ok := f(k); ok && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// rows returns the key of weakstripe's sample in unit for each row of
// group's tables: one per config and -cpu, configs in file order, -cpu
// ascending. A row's key exists whether or not it was measured.
func (d *dataset) rows(group, unit string) []seriesKey {
	var out []seriesKey
	for _, c := range d.Configs(group) {
		for _, p := range d.Procs() {
			out = append(out, key(group, c, ours, p, unit))
		}
	}
	return out
}

// primaryRows returns the rows of every group, in its primary unit.
func (d *dataset) primaryRows() []seriesKey {
	var out []seriesKey
	for _, g := range d.Groups() {
		out = append(out, d.rows(g, primaryUnit(d, g))...)
	}
	return out
}

// key returns the seriesKey of a sample: a function, since vet asks for keyed
// fields in literals of a type from another package.
func key(group, config, target string, procs int, unit string) seriesKey {
	return seriesKey{Group: group, Config: config, Target: target, Procs: procs, Unit: unit}
}
