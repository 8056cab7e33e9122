package bench_test

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"time"
)

// Every group's rows that the round runner times in one call per round
// (neither separate nor with their own benchtime) must run through it: a
// target that resets or stops its timer after its first call makes the
// runner panic, and a full run would stop at that group (UserLoad did).
// One round of each such row at 1Ki keys (or of the group's first row)
// finds it in a few seconds.
func TestEveryGroupRunsInRounds(t *testing.T) {
	defer setBenchtime(flag.Lookup("test.benchtime").Value.String())
	s := roundSettings{
		rounds: 1, minRounds: 1, time: time.Millisecond,
		rows: regexp.MustCompile(""), targets: regexp.MustCompile(""),
	}
	fail := func(format string, args ...any) { panic(fmt.Sprintf(format, args...)) }
	checked := 0
	for _, g := range roundGroups {
		rows := g.rows(fail)
		for i := range rows {
			r := &rows[i]
			if r.separate || r.benchtime != "" {
				continue
			}
			if i > 0 && !strings.Contains(r.config, "=1Ki") {
				continue
			}
			var out bytes.Buffer
			func() {
				defer func() {
					if p := recover(); p != nil {
						t.Errorf("%s: the round runner panicked: %v", r.name(), p)
					}
				}()
				if _, err := runRow(&out, io.Discard, r, 1, s, 0, rand.New(rand.NewPCG(1, 2))); err != nil {
					t.Errorf("%s: %v", r.name(), err)
				}
			}()
			if n := strings.Count(out.String(), "\n"); n != len(r.targets) {
				t.Errorf("%s: %d lines for one round of %d targets", r.name(), n, len(r.targets))
			}
			checked++
			rows[i] = row{} // let its maps die
		}
	}
	if checked < len(roundGroups)/2 {
		t.Fatalf("only %d rows checked: the selection above no longer finds the groups' rows", checked)
	}
}
