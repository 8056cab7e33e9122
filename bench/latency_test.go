package bench_test

import (
	"math"
	"slices"
	"testing"
	"time"
)

// latencies holds the duration of every operation of a round, in a buffer
// made before the timer starts, for the percentiles that Churn reports.
// Operations are timed back to back, one clock read each: a sample runs
// from one operation's clock read to the next, so it includes one clock
// read, about 55-60 ns on the reference machine (time.Now on a KVM
// guest), and the loop's bookkeeping.
type latencies struct {
	ns []uint32
}

// unrecorded marks a slot that no operation filled.
const unrecorded = math.MaxUint32

// newLatencies returns a buffer of n samples.
func newLatencies(n int) *latencies {
	l := &latencies{ns: make([]uint32, n)}
	for i := range l.ns {
		l.ns[i] = unrecorded
	}
	return l
}

// record stores sample i. Durations of 4.29 s or more are recorded as the
// largest sample.
func (l *latencies) record(i int, d time.Duration) {
	l.ns[i] = uint32(min(max(d, 0), unrecorded-1))
}

// report reports the 50th, 99th and 99.9th percentiles of the recorded
// samples as p50-ns, p99-ns and p99.9-ns. It sorts the buffer in place.
func (l *latencies) report(b *testing.B) {
	s := slices.DeleteFunc(l.ns, func(ns uint32) bool { return ns == unrecorded })
	if len(s) == 0 {
		b.Error("no latency recorded")
		return
	}
	slices.Sort(s)
	b.ReportMetric(float64(percentile(s, 50)), "p50-ns")
	b.ReportMetric(float64(percentile(s, 99)), "p99-ns")
	b.ReportMetric(float64(percentile(s, 99.9)), "p99.9-ns")
}

// percentile returns the nearest-rank p-th percentile of sorted samples.
func percentile(sorted []uint32, p float64) uint32 {
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	return sorted[max(rank, 1)-1]
}
