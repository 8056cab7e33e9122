package paired

import (
	"reflect"
	"testing"
)

func TestParseName(t *testing.T) {
	tests := []struct {
		in   string
		want Name
	}{
		{"BenchmarkLoadHit/keys=64Ki/target=weakstripe", Name{"LoadHit", []Param{{"keys", "64Ki"}}, "weakstripe", 1}},
		{"BenchmarkLoadHit/keys=64Ki/target=weakstripe-2", Name{"LoadHit", []Param{{"keys", "64Ki"}}, "weakstripe", 2}},
		{"BenchmarkInsert/target=xsync-strong-16", Name{"Insert", nil, "xsync-strong", 16}},
		// A variant ends in digits after a letter: no GOMAXPROCS suffix.
		{"BenchmarkMix/reads=90/dist=zipf/keys=1Ki/target=weakstripe-T64",
			Name{"Mix", []Param{{"reads", "90"}, {"dist", "zipf"}, {"keys", "1Ki"}}, "weakstripe-T64", 1}},
		{"BenchmarkStore/keys=64Ki/target=weakstripe-S1-2", Name{"Store", []Param{{"keys", "64Ki"}}, "weakstripe-S1", 2}},
		{"BenchmarkChurn/live=1Mi/target=weakstripe-Toff-4", Name{"Churn", []Param{{"live", "1Mi"}}, "weakstripe-Toff", 4}},
	}
	for _, tt := range tests {
		got, err := ParseName(tt.in)
		if err != nil {
			t.Errorf("ParseName(%q): %v", tt.in, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseName(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func TestParseNameRejects(t *testing.T) {
	for _, in := range []string{
		"LoadHit/keys=64Ki/target=weakstripe",           // no Benchmark
		"BenchmarkCompareLoad/weakmap",                  // no target=
		"BenchmarkCompareLoad/weakmap-2",                // no target=, with -N
		"BenchmarkLoadHit",                              // no parts
		"BenchmarkLoadHit/target=",                      // empty target
		"BenchmarkLoadHit/keys/target=weakstripe",       // part without =
		"BenchmarkLoadHit/target=a/keys=1Ki",            // target not last
		"BenchmarkLoadHit/target=a/target=b",            // two targets
		"Benchmark/keys=1Ki/target=weakstripe",          // no group
		"BenchmarkLoadHit/keys=1Ki/target=weakstripe-0", // GOMAXPROCS 0
	} {
		if n, err := ParseName(in); err == nil {
			t.Errorf("ParseName(%q) = %+v, want an error", in, n)
		}
	}
}

func TestNameConfig(t *testing.T) {
	n, err := ParseName("BenchmarkMix/reads=90/dist=zipf/keys=1Ki/target=seed-2")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := n.Config(), "reads=90/dist=zipf/keys=1Ki"; got != want {
		t.Errorf("Config() = %q, want %q", got, want)
	}
	n, err = ParseName("BenchmarkInsert/target=seed")
	if err != nil {
		t.Fatal(err)
	}
	if got := n.Config(); got != "" {
		t.Errorf("Config() of a group without parameters = %q, want \"\"", got)
	}
}
