package paired

import (
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/perf/benchfmt"
)

// Name is a suite benchmark name split per the naming scheme
// Benchmark<Group>/<key=value>/.../target=<t>, with the GOMAXPROCS suffix
// that the testing package appends when it is not 1.
type Name struct {
	// Group is the top-level benchmark without "Benchmark": "LoadHit".
	Group string
	// Params are the key=value parts between the group and the target,
	// in the order they appear in the name.
	Params []Param
	// Target is the value of the final target= part: "weakstripe".
	Target string
	// Procs is GOMAXPROCS: the -N suffix, or 1 when there is none.
	Procs int
}

// Param is one key=value part of a benchmark name.
type Param struct {
	Key, Value string
}

// Config returns the key=value parts joined by "/" ("keys=64Ki"), or ""
// for a group without parameters. Benchmarks of one group and config but
// different targets measure the same workload.
func (n Name) Config() string {
	parts := make([]string, len(n.Params))
	for i, p := range n.Params {
		parts[i] = p.Key + "=" + p.Value
	}
	return strings.Join(parts, "/")
}

// ParseName splits a full benchmark name, as printed by go test, per the
// naming scheme, with benchfmt's split into parts (which takes a final
// -N as GOMAXPROCS: a target such as weakstripe-T64 ends in digits too,
// but they follow a letter, not '-'). Names of other shapes (no target=
// at the end, a part without "=") are errors: they are not suite
// benchmarks.
func ParseName(full string) (Name, error) {
	rest, ok := strings.CutPrefix(full, "Benchmark")
	if !ok {
		return Name{}, fmt.Errorf("%q: does not begin with Benchmark", full)
	}
	base, parts := benchfmt.Name(rest).Parts()
	n := Name{Group: string(base), Procs: 1}
	if k := len(parts) - 1; k >= 0 && parts[k][0] == '-' {
		procs, err := strconv.Atoi(string(parts[k][1:]))
		if err != nil || procs < 1 {
			return Name{}, fmt.Errorf("%q: bad GOMAXPROCS suffix %s", full, parts[k])
		}
		n.Procs, parts = procs, parts[:k]
	}
	if len(parts) == 0 || n.Group == "" {
		return Name{}, fmt.Errorf("%q: want Benchmark<Group>/.../target=<t>", full)
	}
	last := string(parts[len(parts)-1][1:])
	target, ok := strings.CutPrefix(last, "target=")
	if !ok || target == "" {
		return Name{}, fmt.Errorf("%q: last part %q is not target=<t>", full, last)
	}
	n.Target = target
	for _, part := range parts[:len(parts)-1] {
		k, v, ok := strings.Cut(string(part[1:]), "=")
		if !ok || k == "" || v == "" {
			return Name{}, fmt.Errorf("%q: part %q is not key=value", full, part[1:])
		}
		if k == "target" {
			return Name{}, fmt.Errorf("%q: target= must be the last part", full)
		}
		n.Params = append(n.Params, Param{k, v})
	}
	return n, nil
}
