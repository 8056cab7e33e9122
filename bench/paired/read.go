package paired

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchproc"
)

// ErrNoBenchmarks is returned by Read for input that holds no benchmark
// result line at all.
var ErrNoBenchmarks = errors.New("no benchmark result lines")

// A Result is one result line of a file.
type Result struct {
	// Pkg is the "pkg:" configuration line in force, "" if none.
	Pkg string
	// FullName is the name without "Benchmark", -N suffix included.
	FullName string
	// Name is FullName split per the suite's scheme; Suite reports
	// whether it follows it.
	Name  Name
	Suite bool
	// Values are the line's measurements, in its order.
	Values []benchfmt.Value
}

// Key identifies one sample of a suite benchmark: every line of one
// benchmark (group, config, target, GOMAXPROCS) in one unit.
type Key struct {
	Group, Config, Target string
	Procs                 int
	// Unit is the unit as written in the file ("ns/op", "p99.9-ns"), not
	// benchfmt's tidied one ("sec/op"): tables show what the suite
	// reported.
	Unit string
}

// With returns k for another target: the same workload measured on a
// competitor or variant.
func (k Key) With(target string) Key {
	k.Target = target
	return k
}

// WithUnit returns k for another unit of the same benchmark.
func (k Key) WithUnit(unit string) Key {
	k.Unit = unit
	return k
}

// File is a benchmark file as read: its result lines in order, its
// configuration and unit metadata, and the samples of its suite
// benchmarks by Key, each in file order (round order, see the package
// documentation).
type File struct {
	// Name is the name the file was read under, for messages.
	Name string
	// Results are the result lines the filter kept, in file order.
	Results []Result
	// Config holds the file configuration lines ("commit: 1a2b3c4"):
	// for each key, its distinct values in order of appearance.
	Config map[string][]string
	// Meta is the unit metadata (Unit lines) of the file.
	Meta benchfmt.UnitMetadataMap
	// Warnings are lines that looked like results but did not parse.
	Warnings []string
	// Skipped lists, once each, result names that do not follow the
	// suite's naming scheme.
	Skipped []string

	samples map[Key][]float64
	order   []Key
	names   map[Key]Name
}

// ReadFile reads the file at path. See Read.
func ReadFile(path string, filter *benchproc.Filter) (*File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Read(f, path, filter)
}

// Read reads `go test -bench` output with benchfmt, honouring Unit lines.
// filter, if not nil, keeps only the results and measurements it matches.
// It returns ErrNoBenchmarks (wrapped) if no result line is left.
func Read(r io.Reader, name string, filter *benchproc.Filter) (*File, error) {
	f := &File{
		Name:    name,
		Config:  map[string][]string{},
		samples: map[Key][]float64{},
		names:   map[Key]Name{},
	}
	skipped := map[string]bool{}
	rd := benchfmt.NewReader(r, name)
	for rd.Scan() {
		switch rec := rd.Result().(type) {
		case *benchfmt.SyntaxError:
			f.Warnings = append(f.Warnings, rec.Error())
		case *benchfmt.Result:
			if filter != nil {
				if ok, _ := filter.Apply(rec); !ok {
					continue
				}
			}
			full := string(rec.Name.Full())
			res := Result{Pkg: rec.GetConfig("pkg"), FullName: full, Values: slices.Clone(rec.Values)}
			n, err := ParseName("Benchmark" + full)
			if err == nil {
				res.Name, res.Suite = n, true
				f.index(n, res.Values)
			} else if !skipped[full] {
				skipped[full] = true
				f.Skipped = append(f.Skipped, "Benchmark"+full)
			}
			f.Results = append(f.Results, res)
			for _, c := range rec.Config {
				if v := string(c.Value); c.File && !slices.Contains(f.Config[c.Key], v) {
					f.Config[c.Key] = append(f.Config[c.Key], v)
				}
			}
		}
	}
	if err := rd.Err(); err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	f.Meta = rd.Units()
	if len(f.Results) == 0 {
		return nil, fmt.Errorf("%s: %w", name, ErrNoBenchmarks)
	}
	return f, nil
}

// index adds a suite result's values to the samples, in the units the
// file wrote.
func (f *File) index(n Name, values []benchfmt.Value) {
	for _, v := range values {
		unit, value := v.Unit, v.Value
		if v.OrigUnit != "" {
			unit, value = v.OrigUnit, v.OrigValue
		}
		k := Key{n.Group, n.Config(), n.Target, n.Procs, unit}
		if _, ok := f.samples[k]; !ok {
			f.order = append(f.order, k)
			f.names[k] = n
		}
		f.samples[k] = append(f.samples[k], value)
	}
}

// Keys returns the keys of the suite's samples in order of first
// appearance.
func (f *File) Keys() []Key { return f.order }

// Samples returns k's values in file order, nil if k was not measured.
// The slice belongs to the file.
func (f *File) Samples(k Key) []float64 { return f.samples[k] }

// NameOf returns the parsed name behind k.
func (f *File) NameOf(k Key) Name { return f.names[k] }
