package gate

import (
	"errors"
	"io"
	"os"

	"github.com/weakstripe/weakstripe/bench/paired"
	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchproc"
)

// A benchmark identifies one benchmark across files: its package (the
// "pkg:" configuration line, empty if none) and its full name without the
// "Benchmark" prefix, GOMAXPROCS suffix included. Every other configuration
// line is left out on purpose, so that a different cpu line (a renamed or
// another processor) does not make a different benchmark.
type benchmark struct {
	Pkg  string
	Name string
}

// A set is one side of a comparison: every measurement of every
// benchmark, by unit, in the order the file gives them.
type set struct {
	// File is the name the set was read under, for messages.
	File string

	// Benchmarks lists the benchmarks in order of first appearance.
	Benchmarks []benchmark

	// Samples holds the measurements: benchmark, then tidied unit
	// (sec/op for ns/op, B/s for MB/s), then one value per result line.
	Samples map[benchmark]map[string][]float64

	// UnitOrder lists each benchmark's units in order of first
	// appearance.
	UnitOrder map[benchmark][]string

	// Units is the unit metadata (Unit lines) of the file.
	Units benchfmt.UnitMetadataMap

	// Warnings are lines that looked like results but did not parse.
	Warnings []string
}

// readFile reads a file of benchmark results. filter, if not nil, keeps
// only the results and measurements it matches.
func readFile(path string, filter *benchproc.Filter) (*set, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return read(f, path, filter)
}

// read reads benchmark results from r, naming them file in messages.
// filter, if not nil, keeps only the results and measurements it matches.
// The reading is the measurement core's (bench/paired), the suite's one
// reader of benchmark files.
func read(r io.Reader, file string, filter *benchproc.Filter) (*set, error) {
	s := &set{
		File:      file,
		Samples:   make(map[benchmark]map[string][]float64),
		UnitOrder: make(map[benchmark][]string),
	}
	f, err := paired.Read(r, file, filter)
	if errors.Is(err, paired.ErrNoBenchmarks) {
		return s, nil // nothing in common with the other side: compare says so
	}
	if err != nil {
		return nil, err
	}
	s.Units, s.Warnings = f.Meta, f.Warnings
	for _, res := range f.Results {
		s.add(res)
	}
	return s, nil
}

// add records the measurements of one result line.
func (s *set) add(res paired.Result) {
	b := benchmark{Pkg: res.Pkg, Name: res.FullName}
	byUnit, ok := s.Samples[b]
	if !ok {
		byUnit = make(map[string][]float64)
		s.Samples[b] = byUnit
		s.Benchmarks = append(s.Benchmarks, b)
	}
	for _, v := range res.Values {
		if _, seen := byUnit[v.Unit]; !seen {
			s.UnitOrder[b] = append(s.UnitOrder[b], v.Unit)
		}
		byUnit[v.Unit] = append(byUnit[v.Unit], v.Value)
	}
}
