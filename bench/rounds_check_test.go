package bench_test

import (
	"bytes"
	"flag"
	"io"
	"math/rand/v2"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/weakstripe/weakstripe/bench/paired"
)

// The round runner must print, for each row, one line per target per
// round, each round's targets together, so that the k-th line of every
// target is round k (bench/paired pairs them so); a target the filter
// leaves out does not run, weakstripe and its twin always do; and each
// target's setup runs once, not once per round.
func TestRunRowRounds(t *testing.T) {
	defer setBenchtime(flag.Lookup("test.benchtime").Value.String())
	const rounds = 5
	var setups [4]atomic.Int32
	names := []string{"weakstripe", "weakstripe-twin", "seed", "goblog"}
	r := row{group: "Fake", config: "keys=1Ki"}
	for i, name := range names {
		made := false
		r.targets = append(r.targets, rowTarget{name, func(b *testing.B) {
			if !made {
				made = true
				setups[i].Add(1)
			}
			for range b.N {
				time.Sleep(time.Microsecond)
			}
		}})
	}
	s := roundSettings{
		rounds: rounds, time: time.Millisecond,
		rows: regexp.MustCompile(""), targets: regexp.MustCompile("/target=seed$"),
	}
	var out bytes.Buffer
	if _, err := runRow(&out, io.Discard, &r, 2, s, 0, rand.New(rand.NewPCG(1, 2))); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	ran := []string{"weakstripe", "weakstripe-twin", "seed"}
	if len(lines) != rounds*len(ran) {
		t.Fatalf("%d lines, want %d:\n%s", len(lines), rounds*len(ran), out.String())
	}
	for k := range rounds {
		seen := map[string]bool{}
		for _, l := range lines[k*len(ran) : (k+1)*len(ran)] {
			name := strings.Fields(l)[0]
			if !strings.HasPrefix(name, "BenchmarkFake/keys=1Ki/target=") || !strings.HasSuffix(name, "-2") {
				t.Errorf("line %q: name not Benchmark<Group>/<config>/target=<t>-<procs>", l)
			}
			seen[name] = true
			if !strings.Contains(l, "ns/op") || !strings.Contains(l, "allocs/op") {
				t.Errorf("line %q lacks ns/op or allocs/op", l)
			}
		}
		if len(seen) != len(ran) {
			t.Errorf("round %d ran %d distinct targets, want each of %q once:\n%s", k+1, len(seen), ran, out.String())
		}
	}
	for i, name := range names {
		want := int32(1)
		if name == "goblog" {
			want = 0
		}
		if n := setups[i].Load(); n != want {
			t.Errorf("%s set up %d times, want %d", name, n, want)
		}
	}
	// The core reads the output back round by round.
	f, err := paired.Read(&out, "rounds", nil)
	if err != nil {
		t.Fatal(err)
	}
	k := paired.Key{Group: "Fake", Config: "keys=1Ki", Target: "seed", Procs: 2, Unit: "ns/op"}
	if rs, unequal := f.Ratios(k, k.With("weakstripe")); len(rs) != rounds || unequal {
		t.Errorf("the core paired %d rounds (unequal %v), want %d", len(rs), unequal, rounds)
	}
}

// With a time share, a row runs its minimum of rounds however short the
// share, and no more than its maximum however long.
func TestRunRowShare(t *testing.T) {
	defer setBenchtime(flag.Lookup("test.benchtime").Value.String())
	r := row{group: "Fake"}
	for _, name := range []string{"weakstripe", "weakstripe-twin"} {
		r.targets = append(r.targets, rowTarget{name, func(b *testing.B) {
			for range b.N {
				time.Sleep(time.Microsecond)
			}
		}})
	}
	s := roundSettings{rounds: 6, minRounds: 2, time: time.Millisecond, rows: regexp.MustCompile(""), targets: regexp.MustCompile("^$")}
	for _, c := range []struct {
		share time.Duration
		lines int
	}{{time.Nanosecond, 2 * 2}, {time.Hour, 6 * 2}} {
		var out bytes.Buffer
		if _, err := runRow(&out, io.Discard, &r, 1, s, c.share, rand.New(rand.NewPCG(1, 2))); err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(out.String(), "\n"); n != c.lines {
			t.Errorf("share %v: %d lines, want %d", c.share, n, c.lines)
		}
	}
}

// Row costs recorded by one process are read back by the next, the last
// record of a row winning; a missing file has none.
func TestCostsFile(t *testing.T) {
	path := t.TempDir() + "/costs"
	if c := readCosts(path); len(c) != 0 {
		t.Fatalf("missing file: %v", c)
	}
	writeCost(path, costKey("LoadHit/keys=64Ki", 2), rowCost{1.5, 3})
	writeCost(path, costKey("Insert", 1), rowCost{0.25, 0.5})
	writeCost(path, costKey("LoadHit/keys=64Ki", 2), rowCost{2, 4})
	c := readCosts(path)
	if len(c) != 2 || c["LoadHit/keys=64Ki@2"] != (rowCost{2, 4}) || c["Insert@1"] != (rowCost{0.25, 0.5}) {
		t.Errorf("costs = %v, want LoadHit/keys=64Ki@2 {2 4} and Insert@1 {0.25 0.5}", c)
	}
}
