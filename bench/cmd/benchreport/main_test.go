package main

import (
	"errors"
	"os/exec"
	"path/filepath"
	"testing"
)

// The built command must exit with the status report.Run returns, and
// print the report: main is its only wiring.
func TestExitStatus(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "benchreport")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	data := "../../report/testdata/"
	cases := []struct {
		args []string
		code int
	}{
		{[]string{data + "small.txt"}, 0},
		{[]string{data + "nobench.txt"}, 2},
		{[]string{"-no-such-flag", data + "small.txt"}, 2},
	}
	for _, c := range cases {
		out, err := exec.Command(bin, c.args...).Output()
		code := 0
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			code = exit.ExitCode()
		} else if err != nil {
			t.Fatalf("running benchreport: %v", err)
		}
		if code != c.code {
			t.Errorf("benchreport %v: exit status %d, want %d", c.args, code, c.code)
		}
		if (code == 0) != (len(out) > 0) {
			t.Errorf("benchreport %v: exit status %d with %d bytes of output", c.args, code, len(out))
		}
	}
}
