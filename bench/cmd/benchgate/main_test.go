package main

import (
	"errors"
	"os/exec"
	"path/filepath"
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the run if a test leaves a goroutine behind.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// The built command must exit with the status gate.Run returns: `go run`
// would turn every failure into 1, so the binary itself is run.
func TestExitStatus(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "benchgate")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	data := "../../gate/testdata/"
	cases := []struct {
		args []string
		code int
	}{
		{[]string{data + "base.txt", data + "othercpu.txt"}, 0},
		{[]string{data + "base.txt", data + "load+20.txt"}, 1},
		{[]string{data + "base.txt", data + "no-such-file.txt"}, 2},
	}
	for _, c := range cases {
		err := exec.Command(bin, c.args...).Run()
		code := 0
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			code = exit.ExitCode()
		} else if err != nil {
			t.Fatalf("running benchgate: %v", err)
		}
		if code != c.code {
			t.Errorf("benchgate %v: exit status %d, want %d", c.args, code, c.code)
		}
	}
}
