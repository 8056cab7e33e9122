package paired

import (
	"fmt"
	"strconv"
	"strings"
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
// naming scheme. Names of other shapes (no target= at the end, a part
// without "=") are errors: they are not suite benchmarks.
func ParseName(full string) (Name, error) {
	rest, ok := strings.CutPrefix(full, "Benchmark")
	if !ok {
		return Name{}, fmt.Errorf("%q: does not begin with Benchmark", full)
	}
	rest, procs, err := cutProcs(rest)
	if err != nil {
		return Name{}, fmt.Errorf("%q: %v", full, err)
	}
	parts := strings.Split(rest, "/")
	if len(parts) < 2 || parts[0] == "" {
		return Name{}, fmt.Errorf("%q: want Benchmark<Group>/.../target=<t>", full)
	}
	n := Name{Group: parts[0], Procs: procs}
	last := parts[len(parts)-1]
	target, ok := strings.CutPrefix(last, "target=")
	if !ok || target == "" {
		return Name{}, fmt.Errorf("%q: last part %q is not target=<t>", full, last)
	}
	n.Target = target
	for _, p := range parts[1 : len(parts)-1] {
		k, v, ok := strings.Cut(p, "=")
		if !ok || k == "" || v == "" {
			return Name{}, fmt.Errorf("%q: part %q is not key=value", full, p)
		}
		if k == "target" {
			return Name{}, fmt.Errorf("%q: target= must be the last part", full)
		}
		n.Params = append(n.Params, Param{k, v})
	}
	return n, nil
}

// cutProcs removes a trailing -N (decimal digits after the last '-') and
// returns N, or 1 if the name has no such suffix: the testing package
// leaves it out when GOMAXPROCS is 1. A target such as weakstripe-T64
// ends in digits too, but they follow a letter, not '-'.
func cutProcs(s string) (string, int, error) {
	i := strings.LastIndexByte(s, '-')
	if i < 0 || i == len(s)-1 {
		return s, 1, nil
	}
	digits := s[i+1:]
	for _, c := range digits {
		if c < '0' || c > '9' {
			return s, 1, nil
		}
	}
	n, err := strconv.Atoi(digits)
	if err != nil || n < 1 {
		return s, 1, fmt.Errorf("bad GOMAXPROCS suffix -%s", digits)
	}
	return s[:i], n, nil
}
