package report

import (
	"strings"
	"testing"
)

func TestStanding(t *testing.T) {
	r := build(readFixture(t, "small.txt"))
	got := map[string][]string{}
	for _, p := range r.Standing {
		got[p.Title] = p.Sentences
	}
	want := map[string][]string{
		// Three rounds per target cannot bound an interval.
		"Precision": {
			"Interval half-widths: 0 of 4 ratios (0.0 %) within ±5 %. The ratios are those of every target but weakstripe-twin against weakstripe, per workload and -cpu, in the group's unit, noisy rows included; a half-width is (hi - lo) / 2 / estimate of the ratio's 95 % interval, unbounded below 6 rounds.",
		},
		"Against xsync-weak": {
			"LoadHit: xsync-weak/weakstripe time 2.00x at -cpu 1 (weakstripe faster by a factor of 2.00), 0.83x at -cpu 2 (weakstripe slower by 20 %).",
			"Rate: xsync-weak/weakstripe ops/s 0.83x at -cpu 1 (weakstripe better by 20 %).",
		},
		"Against seed": {
			"Churn: seed/weakstripe time 2.00x at -cpu 1 (weakstripe faster by a factor of 2.00).",
		},
	}
	if len(got) != len(want) {
		t.Errorf("paragraphs %q, want %d (competitors never measured get none)", keys(got), len(want))
	}
	for title, sentences := range want {
		if strings.Join(got[title], "\n") != strings.Join(sentences, "\n") {
			t.Errorf("%s:\ngot:\n%s\nwant:\n%s", title, strings.Join(got[title], "\n"), strings.Join(sentences, "\n"))
		}
	}
}

func keys(m map[string][]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
