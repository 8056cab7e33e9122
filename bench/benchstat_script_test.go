package bench_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// scripts/benchstat.sh must exit 2, with a message, on inputs that
// benchstat itself would accept with status 0, and pass good inputs on.
func TestBenchstatScriptExitCodes(t *testing.T) {
	cases := []struct {
		name     string
		args     []string
		env      []string
		code     int
		stdout   []string // substrings that must appear
		stderr   string
		notInOut string
	}{
		{
			name: "two runs on different cpus compare in one table",
			args: []string{"testdata/old.txt", "testdata/new.txt"},
			code: 0,
			// Headers differ in cpu, commit and date: still one table,
			// not one per header value.
			stdout:   []string{"CompareLoad/weakmap", "-9.09%", "vs base"},
			notInOut: "EPYC",
		},
		{name: "missing file", args: []string{"testdata/old.txt", "testdata/no-such-file.txt"}, code: 2, stderr: "no such file"},
		{name: "empty file", args: []string{"testdata/empty.txt", "testdata/new.txt"}, code: 2, stderr: "no benchmark result lines"},
		{name: "file without benchmark lines", args: []string{"testdata/old.txt", "testdata/nobench.txt"}, code: 2, stderr: "no benchmark result lines"},
		{name: "one argument", args: []string{"testdata/old.txt"}, code: 2, stderr: "usage"},
		{
			// One short round of one benchmark, at HEAD and in the
			// working tree, built and run by the script itself.
			name:   "--rev HEAD",
			args:   []string{"--rev", "HEAD"},
			env:    []string{"BENCH=CompareLoad/weakmap$", "BENCH_ROUNDS=1", "BENCH_TIME=1000x"},
			code:   0,
			stdout: []string{"CompareLoad/weakmap", "sec/op"},
		},
		{name: "--rev of no revision", args: []string{"--rev", "no-such-revision"}, code: 2, stderr: "not a revision"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cmd := exec.Command("bash", append([]string{"../scripts/benchstat.sh"}, c.args...)...)
			cmd.Env = append(os.Environ(), c.env...)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			code := 0
			var exit *exec.ExitError
			if errors.As(err, &exit) {
				code = exit.ExitCode()
			} else if err != nil {
				t.Fatalf("running the script: %v", err)
			}
			if code != c.code {
				t.Fatalf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", code, c.code, stdout.String(), stderr.String())
			}
			for _, s := range c.stdout {
				if !strings.Contains(stdout.String(), s) {
					t.Errorf("stdout lacks %q:\n%s", s, stdout.String())
				}
			}
			if c.notInOut != "" && strings.Contains(stdout.String(), c.notInOut) {
				t.Errorf("stdout mentions %q, so the cpu line split the tables:\n%s", c.notInOut, stdout.String())
			}
			if c.stderr != "" && !strings.Contains(stderr.String(), c.stderr) {
				t.Errorf("stderr lacks %q: %q", c.stderr, stderr.String())
			}
		})
	}
}
