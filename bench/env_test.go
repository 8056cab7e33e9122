package bench_test

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

// The suite's sizes that depend on the preset (scripts/bench.sh sets
// them): quick runs what fits in minutes, full adds the large sizes.
//
//	BENCH_CHURN_LIVE  live sets of Churn, comma-separated: 64Ki (default), 1Mi, ...
//	BENCH_LARGE=1     Len and Sweep also run at 1Mi entries, LoadHit,
//	                  LoadMiss, Store and Mix (reads 90 and 100) at 1Mi
//	                  keys with largeTargets only, and KeyMapLoad at 1Mi
//	BENCH_CHURN_OPS   Churn's operations per run in the round runner, in
//	                  multiples of its live set (2 by default)

// churnLiveSizes returns the live sets of Churn named by BENCH_CHURN_LIVE.
func churnLiveSizes(fatalf func(string, ...any)) []int {
	v := os.Getenv("BENCH_CHURN_LIVE")
	if v == "" {
		return []int{64 * ki}
	}
	var sizes []int
	for _, f := range strings.Split(v, ",") {
		n, err := parseSize(strings.TrimSpace(f))
		if err != nil {
			fatalf("BENCH_CHURN_LIVE: %v", err)
		}
		sizes = append(sizes, n)
	}
	return sizes
}

// withLarge returns sizes, and 1Mi after them if BENCH_LARGE is 1.
func withLarge(sizes ...int) []int {
	if os.Getenv("BENCH_LARGE") == "1" {
		return append(sizes, 1*mi)
	}
	return sizes
}

// largeKeys returns the key counts of the rows that run at BENCH_LARGE=1
// only, with largeTargets: 1Mi, or none.
func largeKeys() []int {
	if os.Getenv("BENCH_LARGE") == "1" {
		return []int{1 * mi}
	}
	return nil
}

// parseSize reads a size as sizeName writes it (1Ki, 64Ki, 1Mi) or as a
// plain number.
func parseSize(s string) (int, error) {
	mult := 1
	switch {
	case strings.HasSuffix(s, "Ki"):
		mult, s = ki, strings.TrimSuffix(s, "Ki")
	case strings.HasSuffix(s, "Mi"):
		mult, s = mi, strings.TrimSuffix(s, "Mi")
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("%q is not a size such as 64Ki, 1Mi or 1000", s)
	}
	return n * mult, nil
}

// churnBenchtime returns Churn's -benchtime in the round runner: a fixed
// number of operations, BENCH_CHURN_OPS times the live set, so that the
// garbage a map carries compares across runs. Under `go test -bench` the
// command line's -benchtime applies (scripts/gate.sh gives one).
func churnBenchtime(fatalf func(string, ...any), live int) string {
	ops := 2
	if v := os.Getenv("BENCH_CHURN_OPS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			fatalf("BENCH_CHURN_OPS=%q: not a positive whole number", v)
		}
		ops = n
	}
	return strconv.Itoa(ops*live) + "x"
}
