package report

import (
	"fmt"
	"slices"
	"strconv"
)

// report is everything the suite's results say, as tables and sentences,
// ready to be written as Markdown.
type report struct {
	// Header identifies the run: commit, Go version, cpu, date, count.
	Header []field
	// Legend explains the marks used in cells.
	Legend []string
	Tables []table
	// Standing holds, per competitor and for churn, sentences computed
	// from the data that say where weakstripe wins and loses.
	Standing []paragraph
	// Skipped lists benchmarks left out because their names do not
	// follow the naming scheme.
	Skipped []string
}

// field is one line of the header.
type field struct {
	Name, Value string
}

// paragraph is a titled group of sentences.
type paragraph struct {
	Title     string
	Sentences []string
}

// headerKeys are the configuration lines written by
// scripts/bench-header.sh and go test, how the header names them, and
// whether the header shows them as missing ("-") or leaves them out when
// the file lacks them.
var headerKeys = []struct {
	key, name string
	optional  bool
}{
	{"commit", "commit", false},
	{"go-version", "Go", false},
	{"cpu-model", "cpu", false},
	{"cores", "cores", true},
	{"gomaxprocs", "-cpu", true},
	{"goos", "goos", true},
	{"goarch", "goarch", true},
	{"date", "date", false},
	{"bench-preset", "preset", true},
	{"bench-procs", "processes", true},
	{"bench-budget", "budget", true},
	{"bench-rounds", "rounds per process", true},
	{"bench-count", "count", false},
	{"bench-time", "benchtime", true},
	{"bench-churn-live", "churn live set", true},
	{"bench-gc-between", "collections between targets", true},
	{"bench-remake", "share of time remaking maps", true},
}

// build computes every table and sentence of the report from d.
func build(d *dataset) *report {
	r := &report{Skipped: d.Skipped}
	r.Header = header(d)
	r.Legend = legend(d)
	r.Tables = append(r.Tables, competitorTables(d)...)
	r.Tables = append(r.Tables, variantTables(d, thresholdFamily)...)
	r.Tables = append(r.Tables, variantTables(d, shardsFamily)...)
	r.Tables = append(r.Tables, variantTables(d, budgetFamily)...)
	r.Tables = append(r.Tables, lenTables(d)...)
	r.Tables = append(r.Tables, metricTables(d)...)
	r.Standing = standing(d)
	return r
}

func header(d *dataset) []field {
	var out []field
	for _, h := range headerKeys {
		v := d.ConfigValue(h.key)
		switch h.key {
		case "cpu-model":
			if v == "" {
				v = d.ConfigValue("cpu") // go test's own line
			}
		case "bench-count":
			v = countField(d, v)
		}
		if v == "" && h.optional {
			continue
		}
		if v == "" {
			v = missing
		}
		out = append(out, field{h.name, v})
	}
	return out
}

// countField says how many runs (rounds, for the round runner) each
// benchmark had: the count the file names, and the runs found when they
// differ from it or when the file names none.
func countField(d *dataset, configured string) string {
	lo, hi := d.Counts()
	runs := strconv.Itoa(lo)
	if hi != lo {
		runs = fmt.Sprintf("%d to %d", lo, hi)
	}
	switch {
	case configured == "":
		return runs
	case runs == configured:
		return configured
	}
	return fmt.Sprintf("%s (runs per benchmark: %s)", configured, runs)
}

func legend(d *dataset) []string {
	l := []string{
		"Values are medians of the runs. A ratio X/Y is taken round by round (both targets measured in the same round, a fraction of a second apart at most) and summarised by the Hodges-Lehmann estimate of the per-round ratios (the median of the pairwise means of their logarithms), ± the larger distance of its 95 % confidence interval's ends from it (Wilcoxon signed-rank, distribution-free).",
		"Every ratio column is that target's value over " + ours + "'s (" + ours + " = 1x).",
		"~ after a ratio: its interval holds 1x, so the two do not differ at 95 %; a median of fewer than 6 rounds has no bounded interval.",
		missing + ": not measured in this run.",
	}
	if slices.ContainsFunc(d.Keys(), func(k seriesKey) bool { return k.Target == twin }) {
		l = append(l, aaNote)
	}
	lo, hi := d.Counts()
	if hi >= 6 {
		l = append(l, "± is the 95 % confidence interval of the median, as a percentage of it.")
	}
	if lo < 6 {
		l = append(l, fmt.Sprintf("Medians of benchmarks with fewer than 6 runs (this run has as few as %d) come without ±: benchmath cannot bound a median at 95 %% with fewer.", lo))
	}
	return l
}
