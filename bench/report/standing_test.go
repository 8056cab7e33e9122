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
			"Where we lose to xsync-weak, worst first: LoadHit/keys=1Ki at -cpu 2: 0.83x, weakstripe slower by 20 %.",
		},
		"Against seed": {
			"Churn: seed/weakstripe time 2.00x at -cpu 1 (weakstripe faster by a factor of 2.00).",
			"Where we lose: nowhere; no workload measured against seed favours it at two decimals.",
		},
		"Under churn": {
			"Churn/live=64Ki at -cpu 1: entries held per live entry: weakstripe 1.05, seed 1.50; p99.9 latency 1.00 µs against the seed's 4.00 µs (seed/weakstripe 4.00x, weakstripe faster by a factor of 4.00).",
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

// More losses than maxLosses are counted, worst first.
func TestLossSentenceLimit(t *testing.T) {
	var losses []loss
	for i, v := range []float64{1.1, 1.5, 1.2, 1.3, 1.05, 1.4, 1.25} {
		losses = append(losses, loss{string(rune('a' + i)), ratio{Value: v, Better: -1, Time: true}})
	}
	got := lossSentence("seed", losses)
	want := "Where we lose to seed, worst first: b: 0.67x, weakstripe slower by 50 %; f: 0.71x, weakstripe slower by 40 %; d: 0.77x, weakstripe slower by 30 %; g: 0.80x, weakstripe slower by 25 %; c: 0.83x, weakstripe slower by 20 %; and 2 more."
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
