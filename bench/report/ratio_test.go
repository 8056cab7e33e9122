package report

import (
	"strings"
	"testing"
)

func TestRatioDirection(t *testing.T) {
	d := readFixture(t, "small.txt")
	tests := []struct {
		ours        seriesKey
		theirs      string
		value       float64
		wins, loses bool
		verdict     string
	}{
		// ns/op, lower is better: 11 against 22.
		{key("LoadHit", "keys=1Ki", ours, 1, "ns/op"), "xsync-weak", 0.5, true, false, "faster by a factor of 2.00"},
		// -cpu 2: 6 against 5.
		{key("LoadHit", "keys=1Ki", ours, 2, "ns/op"), "xsync-weak", 1.2, false, true, "slower by 20 %"},
		// ops/s, higher is better: 120 against 100 is a win.
		{key("Rate", "", ours, 1, "ops/s"), "xsync-weak", 1.2, true, false, "better by 20 %"},
		// p99.9-ns via its Unit line: 1000 against 4000.
		{key("Churn", "live=64Ki", ours, 1, "p99.9-ns"), "seed", 0.25, true, false, "faster by a factor of 4.00"},
		// raw/live has no Unit line in this file: the suite's default.
		{key("Churn", "live=64Ki", ours, 1, "raw/live"), "seed", 0.7, true, false, "better by 30 %"},
	}
	for _, tt := range tests {
		r, ok := d.Compare(tt.ours, tt.ours.With(tt.theirs))
		if !ok {
			t.Errorf("Compare(%+v, %s) missing", tt.ours, tt.theirs)
			continue
		}
		if diff := r.Value - tt.value; diff > 1e-3 || diff < -1e-3 {
			t.Errorf("%+v: ratio %v, want %v", tt.ours, r.Value, tt.value)
		}
		if r.Wins() != tt.wins || r.Loses() != tt.loses {
			t.Errorf("%+v: Wins %v Loses %v, want %v %v", tt.ours, r.Wins(), r.Loses(), tt.wins, tt.loses)
		}
		if got := r.Verdict(); got != tt.verdict {
			t.Errorf("%+v: Verdict() = %q, want %q", tt.ours, got, tt.verdict)
		}
	}
}

func TestVerdictFactor(t *testing.T) {
	r := ratio{Value: 3, Better: -1, Time: true}
	if got, want := r.Verdict(), "slower by a factor of 3.00"; got != want {
		t.Errorf("Verdict() = %q, want %q", got, want)
	}
	r = ratio{Value: 1 / 284.0, Better: -1, Time: true}
	if got, want := r.Verdict(), "faster by a factor of 284"; got != want {
		t.Errorf("Verdict() = %q, want %q (not \"faster by 100 %%\")", got, want)
	}
	r = ratio{Value: 1.5, Better: 0}
	if got := r.Verdict(); got != "direction unknown" {
		t.Errorf("Verdict() without a direction = %q", got)
	}
	r = ratio{Value: 1.004, Better: -1, Time: true}
	if got := r.Verdict(); got != "same" {
		t.Errorf("Verdict() of 1.004x = %q, want same (tables print 1.00x)", got)
	}
}

// A table of a higher-is-better unit says that above 1x is better.
func TestTableDirectionNote(t *testing.T) {
	r := build(readFixture(t, "small.txt"))
	notes := map[string]string{}
	for _, tb := range r.Tables {
		notes[tb.Title] = strings.Join(tb.Notes, " ")
	}
	for title, want := range map[string]string{
		"Rate: competitors against weakstripe (ops/s)":    "below 1x weakstripe is better",
		"LoadHit: competitors against weakstripe (ns/op)": "above 1x weakstripe is faster",
	} {
		if !strings.Contains(notes[title], want) {
			t.Errorf("table %q: notes %q lack %q", title, notes[title], want)
		}
	}
}

// Eight rounds bound the estimate of the per-round ratios at 95 %; five
// cannot, and the cell says so with ~ and no ±.
func TestSignificance(t *testing.T) {
	var b strings.Builder
	for i, v := range []string{"10", "11", "12", "10", "11", "12", "10", "11"} {
		b.WriteString("BenchmarkG/target=weakstripe 1 " + v + " ns/op\n")
		b.WriteString("BenchmarkG/target=seed 1 2" + v + " ns/op\n")
		if i < 5 {
			b.WriteString("BenchmarkH/target=weakstripe 1 " + v + " ns/op\n")
			b.WriteString("BenchmarkH/target=seed 1 2" + v + " ns/op\n")
		}
	}
	d, err := read(strings.NewReader(b.String()), "x")
	if err != nil {
		t.Fatal(err)
	}
	k := key("G", "", ours, 1, "ns/op")
	r, ok := d.Compare(k, k.With("seed"))
	if !ok || !r.Significant {
		t.Fatalf("8 rounds, 11 against 211: %+v, want significant", r)
	}
	if got, want := r.Cell(), "0.05x ±8%"; got != want {
		t.Errorf("Cell() = %q, want %q", got, want)
	}
	k.Group = "H"
	r, ok = d.Compare(k, k.With("seed"))
	if !ok || r.Significant {
		t.Fatalf("5 rounds: %+v, want not significant", r)
	}
	if got, want := r.Cell(), "0.05x ~"; got != want {
		t.Errorf("Cell() = %q, want %q", got, want)
	}
}
