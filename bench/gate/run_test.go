package gate

import (
	"bytes"
	"strings"
	"testing"
)

// Each fixture pair in testdata, with the flags a user would give, must
// give its exit status and print the verdict lines that explain it.
func TestRunExitCodes(t *testing.T) {
	cases := []struct {
		name   string
		args   []string
		code   int
		stdout []string // substrings that must appear
		stderr string   // substring that must appear, if set
		absent []string // substrings that must not appear in stdout
	}{
		{
			name:   "same numbers on another cpu",
			args:   []string{"testdata/base.txt", "testdata/othercpu.txt"},
			code:   0,
			stdout: []string{"ok       CompareLoad/weakmap   sec/op", "no regression in 6 comparisons"},
			absent: []string{"not compared", "FAIL"},
		},
		{
			name:   "Load 20 % slower",
			args:   []string{"testdata/base.txt", "testdata/load+20.txt"},
			code:   1,
			stdout: []string{"FAIL     CompareLoad/weakmap   sec/op", "+20.0%", "ok       CompareStore/weakmap  sec/op", "1 of 6 comparisons regressed"},
		},
		{
			name:   "Load 3 % slower, significant, under a 10 % threshold",
			args:   []string{"-threshold", "10", "testdata/base.txt", "testdata/load+3.txt"},
			code:   0,
			stdout: []string{"+3.0%", "worse, significant, but within 10%"},
			absent: []string{"FAIL"},
		},
		{
			// The same files with a lower threshold: the threshold, not
			// the test, is what let the 3 % through.
			name:   "Load 3 % slower under a 2 % threshold",
			args:   []string{"-threshold", "2", "testdata/base.txt", "testdata/load+3.txt"},
			code:   1,
			stdout: []string{"FAIL     CompareLoad/weakmap   sec/op"},
		},
		{
			name:   "Load 3 % slower at an alpha no 8-sample test can reach",
			args:   []string{"-threshold", "2", "-alpha", "0.0001", "-min-n", "8", "testdata/base.txt", "testdata/load+3.txt"},
			code:   0,
			stdout: []string{"not significant"},
			absent: []string{"FAIL"},
		},
		{
			name:   "Store allocates once more",
			args:   []string{"testdata/base.txt", "testdata/store-alloc.txt"},
			code:   1,
			stdout: []string{"FAIL     CompareStore/weakmap  allocs/op  0.000   1.000   +Inf%   exact", "FAIL     CompareStore/weakmap  B/op", "2 of 6 comparisons regressed"},
		},
		{
			name:   "only exact units, as in CI",
			args:   []string{"-units", "allocs/op,B/op", "testdata/base.txt", "testdata/load+20.txt"},
			code:   0,
			stdout: []string{"no regression in 4 comparisons"},
			absent: []string{"sec/op"},
		},
		{
			name:   "ns/op is sec/op",
			args:   []string{"-units", "ns/op", "testdata/base.txt", "testdata/load+20.txt"},
			code:   1,
			stdout: []string{"1 of 2 comparisons regressed"},
		},
		{
			name:   "too few samples",
			args:   []string{"testdata/base.txt", "testdata/few.txt"},
			code:   2,
			stdout: []string{"SKIP     CompareLoad/weakmap   sec/op", "too few samples (8+3, need 4 a side)", "BAD INPUT"},
		},
		{
			name:   "too few samples for an explicit minimum",
			args:   []string{"-min-n", "9", "testdata/base.txt", "testdata/othercpu.txt"},
			code:   2,
			stdout: []string{"need 9 a side"},
		},
		{
			name:   "missing file",
			args:   []string{"testdata/base.txt", "testdata/no-such-file.txt"},
			code:   2,
			stderr: "no-such-file.txt",
		},
		{
			name:   "filter leaves out the slow benchmark",
			args:   []string{"-filter", "-.name:CompareLoad", "testdata/base.txt", "testdata/load+20.txt"},
			code:   0,
			stdout: []string{"no regression in 3 comparisons"},
			absent: []string{"CompareLoad"},
		},
		{
			name:   "filter keeps the slow benchmark",
			args:   []string{"-filter", ".fullname:/^CompareLoad/", "testdata/base.txt", "testdata/load+20.txt"},
			code:   1,
			absent: []string{"CompareStore"},
		},
		{
			name:   "bad filter",
			args:   []string{"-filter", "(", "testdata/base.txt", "testdata/base.txt"},
			code:   2,
			stderr: "-filter",
		},
		{
			name:   "filter matches nothing",
			args:   []string{"-filter", ".name:NoSuchBenchmark", "testdata/base.txt", "testdata/base.txt"},
			code:   2,
			stdout: []string{"no benchmark and unit measured in both"},
		},
		{
			// The Unit line is in OLD only: it holds for both sides.
			name:   "custom unit, higher is better, drops",
			args:   []string{"testdata/custom-old.txt", "testdata/custom-drop.txt"},
			code:   1,
			stdout: []string{"FAIL     Cache/size=1Ki  hit-ratio", "-30.0%"},
		},
		{
			name:   "custom unit, higher is better, rises",
			args:   []string{"testdata/custom-drop.txt", "testdata/custom-old.txt"},
			code:   0,
			stdout: []string{"ok       Cache/size=1Ki  hit-ratio", "+42.9%"},
		},
		{
			name:   "custom unit with no direction",
			args:   []string{"testdata/nodir-old.txt", "testdata/custom-drop.txt"},
			code:   0,
			stdout: []string{"SKIP     Cache/size=1Ki  hit-ratio", "direction unknown"},
		},
		{
			name:   "Unit lines disagree",
			args:   []string{"testdata/custom-old.txt", "testdata/custom-lower.txt"},
			code:   2,
			stderr: "conflicting Unit lines",
		},
		{
			name:   "a unit asked for is not measured",
			args:   []string{"-units", "sec/op,allocs/op", "testdata/custom-old.txt", "testdata/custom-drop.txt"},
			code:   2,
			stdout: []string{"unit allocs/op is not measured"},
		},
		{name: "one file", args: []string{"testdata/base.txt"}, code: 2, stderr: "usage"},
		{name: "alpha out of range", args: []string{"-alpha", "1.5", "testdata/base.txt", "testdata/base.txt"}, code: 2, stderr: "alpha"},
		{name: "negative threshold", args: []string{"-threshold", "-1", "testdata/base.txt", "testdata/base.txt"}, code: 2, stderr: "threshold"},
		{name: "unknown flag", args: []string{"-bogus", "testdata/base.txt", "testdata/base.txt"}, code: 2, stderr: "bogus"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := Run(c.args, &stdout, &stderr)
			if code != c.code {
				t.Fatalf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", code, c.code, stdout.String(), stderr.String())
			}
			for _, s := range c.stdout {
				if !strings.Contains(stdout.String(), s) {
					t.Errorf("stdout lacks %q:\n%s", s, stdout.String())
				}
			}
			for _, s := range c.absent {
				if strings.Contains(stdout.String(), s) {
					t.Errorf("stdout has %q:\n%s", s, stdout.String())
				}
			}
			if c.stderr != "" && !strings.Contains(stderr.String(), c.stderr) {
				t.Errorf("stderr lacks %q: %q", c.stderr, stderr.String())
			}
		})
	}
}
