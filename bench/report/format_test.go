package report

import (
	"math"
	"testing"
)

func TestFormatValue(t *testing.T) {
	for _, tt := range []struct {
		v    float64
		unit string
		want string
	}{
		{17.87, "ns/op", "17.9 ns"},
		{9.996, "ns/op", "10.0 ns"},
		{999.7, "ns/op", "1.00 µs"},
		{1234, "ns/op", "1.23 µs"},
		{248000, "p99.9-ns", "248 µs"},
		{3.2e9, "ns/op", "3.20 s"},
		{75.6, "ns/entry", "75.6 ns"},
		{83.8, "retained-B/live", "83.8 B"},
		{2048, "retained-B/live", "2.00 KiB"},
		{1.05, "raw/live", "1.05"},
		{0.01234, "raw/live", "0.0123"},
		{12345, "raw/live", "12345"},
		{0, "allocs/op", "0"},
		{math.NaN(), "ns/op", "-"},
	} {
		if got := formatValue(tt.v, tt.unit); got != tt.want {
			t.Errorf("formatValue(%v, %q) = %q, want %q", tt.v, tt.unit, got, tt.want)
		}
	}
}

func TestFormatRatio(t *testing.T) {
	for v, want := range map[float64]string{
		0.9712:      "0.97x",
		1.0:         "1.00x",
		14.62:       "14.6x",
		146437.53:   "146438x",
		math.Inf(1): "-",
	} {
		if got := formatRatio(v); got != want {
			t.Errorf("formatRatio(%v) = %q, want %q", v, got, want)
		}
	}
}

func TestFormatSummaryInterval(t *testing.T) {
	s := interval{Center: 100, Lo: 98, Hi: 103}
	if got, want := formatSummary(s, "ns/op"), "100 ns ±3%"; got != want {
		t.Errorf("formatSummary = %q, want %q", got, want)
	}
	s = interval{Center: 100, Lo: math.Inf(-1), Hi: math.Inf(1)}
	if got, want := formatSummary(s, "ns/op"), "100 ns"; got != want {
		t.Errorf("formatSummary with an unbounded interval = %q, want %q", got, want)
	}
}

func TestTrimZeros(t *testing.T) {
	for in, want := range map[string]string{"10.0 µs": "10 µs", "1.00 ms": "1 ms", "100 ns": "100 ns", "2.50 s": "2.5 s", "1.05": "1.05"} {
		if got := trimZeros(in); got != want {
			t.Errorf("trimZeros(%q) = %q, want %q", in, got, want)
		}
	}
}
