package report

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// run builds a file of rounds in which each target of a row takes
// ns(target, round) per op.
func run(t *testing.T, rows []string, targets []string, rounds int, ns func(row, target string, round int) float64) *dataset {
	t.Helper()
	var b strings.Builder
	for _, r := range rows {
		for k := range rounds {
			for _, tg := range targets {
				fmt.Fprintf(&b, "Benchmark%s/target=%s 1000 %g ns/op\n", r, tg, ns(r, tg, k))
			}
		}
	}
	d, err := read(strings.NewReader(b.String()), "run")
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestAgree(t *testing.T) {
	rows := []string{"LoadHit/keys=1Ki", "Store/keys=1Ki", "Mix/reads=90/keys=1Ki"}
	targets := []string{ours, twin, "seed", "goblog"}
	jitter := func(k int) float64 { return []float64{0, 1, -1, 2, -2, 0, 1, -1}[k%8] / 1000 }
	base := func(row, target string, k int) float64 {
		v := 100.0
		switch target {
		case "seed":
			v = 200
		case "goblog":
			v = 150
		}
		return v * (1 + jitter(k))
	}
	a := run(t, rows, targets, 8, base)
	b := run(t, rows, targets, 8, func(row, target string, k int) float64 {
		v := base(row, target, k)
		switch {
		case row == "Store/keys=1Ki" && target == "seed":
			v *= 1.15 // 15 % apart: disagrees
		case row == "LoadHit/keys=1Ki" && target == "goblog":
			v *= 1.09 // 9 % apart: agrees
		case row == "Mix/reads=90/keys=1Ki" && target == twin:
			v *= 1.2 // the A/A control fails in this row
		}
		return v
	})
	agreement := func(tolerance float64) string {
		var out bytes.Buffer
		if err := agree(&out, a, b, "a", "b", tolerance, 5); err != nil {
			t.Fatal(err)
		}
		return out.String()
	}
	got := agreement(0.10)
	for _, want := range []string{
		"in both runs (twin left out): 6\n",
		"agreeing within 10 %: 5 of 6 (83.3 %)\n",
		"rows noisy in either run left out: 3 of 4 (75.0 %)\n",
		"noisy by the A/A control: A 0 of 3, B 1 of 3\n",
		"furthest apart:\n  Store/keys=1Ki -cpu 1 seed: 2.00x against 2.30x (1.15x apart)\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("agreement lacks %q:\n%s", want, got)
		}
	}
	if strings.Count(got, " apart)") != 1 {
		t.Errorf("more than the Store seed ratio apart:\n%s", got)
	}
	if !strings.Contains(got, "B over A (geometric mean of 3 rows): 1.00x\n") || strings.Contains(got, "warning") {
		t.Errorf("runs at one speed: want 1.00x and no warning:\n%s", got)
	}
	// The same rows with B run 1.6 times slower throughout: every ratio
	// agrees, but the pair says the machine changed speed.
	slow := run(t, rows, targets, 8, func(row, target string, k int) float64 { return 1.6 * base(row, target, k) })
	var out bytes.Buffer
	if err := agree(&out, a, slow, "a", "slow", 0.10, 5); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); !strings.Contains(got, "B over A (geometric mean of 3 rows): 1.60x\n") || !strings.Contains(got, "warning: the machine ran B at another speed") {
		t.Errorf("B 1.6 times slower: want 1.60x and the warning:\n%s", got)
	}
	if got := agreement(0.20); !strings.Contains(got, "within 20 %: 6 of 6") {
		t.Errorf("at 20 %%, want all to agree:\n%s", got)
	}
}

// The report leaves noisy rows out of its sentences and says how many.
func TestNoisyRowsLeftOut(t *testing.T) {
	rows := []string{"LoadHit/keys=1Ki", "Store/keys=1Ki"}
	d := run(t, rows, []string{ours, twin, "seed"}, 8, func(row, target string, k int) float64 {
		switch {
		case target == "seed":
			return 50 // seed twice as fast: a loss in every row
		case target == twin && row == "Store/keys=1Ki":
			return 100 * (1 + float64(k%2)*0.3) // scattered twin: noisy
		}
		return 100
	})
	r := build(d)
	var text []string
	for _, p := range r.Standing {
		text = append(text, p.Title+": "+strings.Join(p.Sentences, " "))
	}
	all := strings.Join(text, "\n")
	if !strings.Contains(all, "1 of 2 rows failed their A/A control") || !strings.Contains(all, "Store/keys=1Ki at -cpu 1") {
		t.Errorf("no count of noisy rows:\n%s", all)
	}
	if !strings.Contains(all, "LoadHit: seed/weakstripe time 0.50x at -cpu 1") {
		t.Errorf("the quiet row is not summarised:\n%s", all)
	}
	for _, p := range r.Standing {
		if p.Title == "Against seed" && strings.Contains(strings.Join(p.Sentences, " "), "Store") {
			t.Errorf("a noisy row is in a summary sentence: %q", p.Sentences)
		}
	}
	store := findTable(t, r, "Store: competitors against weakstripe (ns/op)")
	if got := cell(t, store, twin, "Store/keys=1Ki (noisy)", "1"); !strings.HasSuffix(got, "noisy") {
		t.Errorf("twin cell of the noisy row = %q, want it marked noisy", got)
	}
}

// testdata/precision.txt has known rounds against weakstripe's 100 ns:
// six rounds make the Wilcoxon interval run from the smallest ratio to
// the largest. xsync-weak (1.00-1.05 around 1.02) and strongmap (1.00-1.09
// around 1.05) lie within ±5 %; goblog (1.00-1.20) and seed (1.00-1.11
// around 1.05) do not; the twin (0.97-1.03) would, but is left out; and
// Store's three rounds cannot bound an interval.
func TestPrecise(t *testing.T) {
	d := readFixture(t, "precision.txt")
	if within, judged := precise(d); within != 2 || judged != 5 {
		t.Errorf("precise = %d of %d, want 2 of 5", within, judged)
	}
	md := string(build(d).Markdown(nil))
	if want := "Interval half-widths: 2 of 5 ratios (40.0 %) within ±5 %."; !strings.Contains(md, want) {
		t.Errorf("report lacks %q:\n%s", want, md)
	}
}
