package report

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strings"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchmath"
)

// ErrNoBenchmarks is returned by Read for input that holds no benchmark
// result named per the suite's scheme: an empty file, a file of other
// text, or only benchmarks of other shapes.
var ErrNoBenchmarks = errors.New("no benchmark results named Benchmark<Group>/.../target=<t>")

// Key identifies one sample: every run of one benchmark (group, config,
// target, GOMAXPROCS) in one unit.
type Key struct {
	Group, Config, Target string
	Procs                 int
	// Unit is the unit as written in the file ("ns/op", "p99.9-ns"), not
	// the tidied one of benchfmt ("sec/op"): tables show what the suite
	// reported.
	Unit string
}

// With returns k for another target, for looking up the same workload
// measured on a competitor or variant.
func (k Key) With(target string) Key {
	k.Target = target
	return k
}

// WithUnit returns k for another unit of the same benchmark.
func (k Key) WithUnit(unit string) Key {
	k.Unit = unit
	return k
}

// Data holds every sample of a benchmark file, grouped by Key, with the
// file's configuration lines and unit metadata.
type Data struct {
	// Config holds the file configuration lines ("commit: 1a2b3c4"): for
	// each key, its distinct values in order of appearance. A file that
	// concatenates runs can carry several.
	Config map[string][]string
	// Skipped lists, once each, benchmark names that do not follow the
	// naming scheme and were left out.
	Skipped []string
	// Warnings lists syntax errors the reader reported; they do not stop
	// the report.
	Warnings []string

	units   benchfmt.UnitMetadataMap
	samples map[Key][]float64
	order   []Key // first appearance, for stable listing
	names   map[Key]Name
}

// ReadFile reads the benchmark file at path. See Read.
func ReadFile(path string) (*Data, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	d, err := Read(f, path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return d, nil
}

// Read parses Go benchmark output with benchfmt, honouring Unit metadata
// lines ("Unit p99.9-ns better=lower"). It returns ErrNoBenchmarks if the
// input holds no result named per the suite's scheme.
func Read(r io.Reader, fileName string) (*Data, error) {
	d := &Data{
		Config:  map[string][]string{},
		samples: map[Key][]float64{},
		names:   map[Key]Name{},
	}
	skipped := map[string]bool{}
	br := benchfmt.NewReader(r, fileName)
	for br.Scan() {
		switch rec := br.Result().(type) {
		case *benchfmt.SyntaxError:
			d.Warnings = append(d.Warnings, rec.Error())
		case *benchfmt.Result:
			full := string(rec.Name.Full())
			name, err := ParseName("Benchmark" + full)
			if err != nil {
				if !skipped[full] {
					skipped[full] = true
					d.Skipped = append(d.Skipped, "Benchmark"+full)
				}
				continue
			}
			d.addConfig(rec)
			d.add(name, rec)
		}
	}
	if err := br.Err(); err != nil {
		return nil, err
	}
	d.units = br.Units()
	if len(d.samples) == 0 {
		return nil, ErrNoBenchmarks
	}
	return d, nil
}

func (d *Data) addConfig(rec *benchfmt.Result) {
	for _, c := range rec.Config {
		if !c.File {
			continue
		}
		v := string(c.Value)
		if !slices.Contains(d.Config[c.Key], v) {
			d.Config[c.Key] = append(d.Config[c.Key], v)
		}
	}
}

func (d *Data) add(name Name, rec *benchfmt.Result) {
	for _, v := range rec.Values {
		unit, value := v.Unit, v.Value
		if v.OrigUnit != "" {
			unit, value = v.OrigUnit, v.OrigValue
		}
		k := Key{name.Group, name.Config(), name.Target, name.Procs, unit}
		if _, ok := d.samples[k]; !ok {
			d.order = append(d.order, k)
			d.names[k] = name
		}
		d.samples[k] = append(d.samples[k], value)
	}
}

// Summary is the benchmath summary of one sample: its median and the
// confidence interval of the median.
type Summary struct {
	Center, Lo, Hi float64
	// N is the number of runs.
	N int
	// Confidence is the interval's actual confidence level.
	Confidence float64
	sample     *benchmath.Sample
	assume     benchmath.Assumption
}

// confidence is the level asked of benchmath, benchstat's default.
const confidence = 0.95

// Summary returns the summary of k's runs, and false if k was not
// measured.
func (d *Data) Summary(k Key) (Summary, bool) {
	vals, ok := d.samples[k]
	if !ok || len(vals) == 0 {
		return Summary{}, false
	}
	assume := d.units.GetAssumption(k.Unit)
	s := benchmath.NewSample(slices.Clone(vals), &benchmath.DefaultThresholds)
	sum := assume.Summary(s, confidence)
	return Summary{
		Center: sum.Center, Lo: sum.Lo, Hi: sum.Hi, N: len(vals),
		Confidence: sum.Confidence, sample: s, assume: assume,
	}, true
}

// Differs reports whether the test that benchmath picks for the unit
// (Mann-Whitney U unless the unit is exact) tells a and b apart at
// benchstat's level, alpha = 0.05. With fewer than 4 runs on each side
// the U-test never can.
func Differs(a, b Summary) bool {
	if a.sample == nil || b.sample == nil {
		return false
	}
	c := a.assume.Compare(a.sample, b.sample)
	return c.P <= c.Alpha
}

// suiteBetter is the direction of the suite's own metrics, for files
// without the Unit lines that scripts/bench-header.sh writes (a run
// pasted from a terminal, say).
var suiteBetter = map[string]int{
	"raw/live": -1, "retained-B/live": -1, "ns/entry": -1,
	"p50-ns": -1, "p99-ns": -1, "p99.9-ns": -1,
}

// Better returns +1 if higher values of unit are better, -1 if lower
// are, 0 if unknown: the file's "Unit ... better=" line, else the suite's
// own metrics' direction, else benchfmt's defaults (ns/op lower, MB/s
// higher).
func (d *Data) Better(unit string) int {
	if d.units.Get(unit, "better") == nil {
		if b, ok := suiteBetter[unit]; ok {
			return b
		}
	}
	return d.units.GetBetter(unit)
}

// Groups returns the groups in order of first appearance.
func (d *Data) Groups() []string {
	return d.distinct(func(k Key) (string, bool) { return k.Group, true })
}

// Configs returns the configs of group in order of first appearance.
func (d *Data) Configs(group string) []string {
	return d.distinct(func(k Key) (string, bool) { return k.Config, k.Group == group })
}

// Targets returns the targets measured in group, in order of first
// appearance.
func (d *Data) Targets(group string) []string {
	return d.distinct(func(k Key) (string, bool) { return k.Target, k.Group == group })
}

// Units returns the units reported by group, in order of first
// appearance.
func (d *Data) Units(group string) []string {
	return d.distinct(func(k Key) (string, bool) { return k.Unit, k.Group == group })
}

// Procs returns the GOMAXPROCS values of the run, ascending.
func (d *Data) Procs() []int {
	var ps []int
	for _, k := range d.order {
		if !slices.Contains(ps, k.Procs) {
			ps = append(ps, k.Procs)
		}
	}
	sort.Ints(ps)
	return ps
}

// Name returns the parsed name behind the config of group: its Params
// give the config's key=value parts one by one.
func (d *Data) Name(group, config string) (Name, bool) {
	for _, k := range d.order {
		if k.Group == group && k.Config == config {
			return d.names[k], true
		}
	}
	return Name{}, false
}

// Has reports whether any unit of the benchmark was measured.
func (d *Data) Has(group, config, target string, procs int) bool {
	for _, k := range d.order {
		if k.Group == group && k.Config == config && k.Target == target && k.Procs == procs {
			return true
		}
	}
	return false
}

// Counts returns the smallest and largest number of runs of any sample.
func (d *Data) Counts() (lo, hi int) {
	for _, k := range d.order {
		n := len(d.samples[k])
		if lo == 0 || n < lo {
			lo = n
		}
		hi = max(hi, n)
	}
	return lo, hi
}

// ConfigValue returns the values of a file configuration key joined by
// ", ", or "" if the file has none.
func (d *Data) ConfigValue(key string) string {
	return strings.Join(d.Config[key], ", ")
}

func (d *Data) distinct(f func(Key) (string, bool)) []string {
	var out []string
	seen := map[string]bool{}
	for _, k := range d.order {
		if v, ok := f(k); ok && !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}
