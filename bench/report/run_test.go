package report

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

const run1 = `commit: abc1234
go-version: go1.24.6
Unit p99.9-ns better=lower
BenchmarkLoadHit/keys=1Ki/target=weakstripe 1000 11 ns/op
BenchmarkLoadHit/keys=1Ki/target=xsync-weak 1000 22 ns/op
BenchmarkChurn/live=64Ki/target=weakstripe 1000 400 ns/op 1000 p99.9-ns
BenchmarkChurn/live=64Ki/target=seed 1000 800 ns/op 4000 p99.9-ns
`

func write(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestRunBadInput(t *testing.T) {
	dir := t.TempDir()
	for name, tt := range map[string]struct {
		args []string
		msg  string
	}{
		"no file":      {nil, "usage: benchreport"},
		"two files":    {[]string{"a", "b"}, "usage: benchreport"},
		"bad flag":     {[]string{"-nope", "a"}, "flag provided but not defined"},
		"missing file": {[]string{filepath.Join(dir, "absent.txt")}, "no such file"},
		"empty file":   {[]string{write(t, dir, "empty.txt", "")}, "no benchmark results"},
		"no benchmark": {[]string{write(t, dir, "text.txt", "goos: linux\nPASS\n")}, "no benchmark results"},
		"other names":  {[]string{write(t, dir, "old.txt", "BenchmarkCompareLoad/weakmap 1 30 ns/op\n")}, "no benchmark results"},
	} {
		var stdout, stderr bytes.Buffer
		if code := Run(tt.args, &stdout, &stderr); code != 2 {
			t.Errorf("%s: exit %d, want 2", name, code)
		}
		if !strings.Contains(stderr.String(), tt.msg) {
			t.Errorf("%s: stderr %q lacks %q", name, stderr.String(), tt.msg)
		}
		if stdout.Len() != 0 {
			t.Errorf("%s: stdout %q, want nothing", name, stdout.String())
		}
	}
}

func TestRunPrintsTables(t *testing.T) {
	file := write(t, t.TempDir(), "run.txt", run1)
	var stdout, stderr bytes.Buffer
	if code := Run([]string{file}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d, stderr %s", code, stderr.String())
	}
	for _, want := range []string{
		"commit `abc1234`",
		"LoadHit: competitors against weakstripe (ns/op)",
		"LoadHit: xsync-weak/weakstripe time 2.00x at -cpu 1 (weakstripe faster by a factor of 2.00).",
		"Churn: the suite's own metrics",
	} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout.String())
		}
	}
}

func TestRunMarkdownAndPlots(t *testing.T) {
	dir := t.TempDir()
	file := write(t, dir, "run.txt", run1)
	md := write(t, dir, "README.md", "# Results\n\n## Suite results\n\n<!-- benchreport:begin -->\n<!-- benchreport:end -->\n\nAfter.\n")
	plots := filepath.Join(dir, "plots")
	var stdout, stderr bytes.Buffer
	if code := Run([]string{"-md", md, "-plots", plots, file}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d, stderr %s", code, stderr.String())
	}
	got, err := os.ReadFile(md)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"commit `abc1234`", "### LoadHit: competitors against weakstripe (ns/op)", "![throughput](plots/throughput.svg)", "\nAfter.\n"} {
		if !strings.Contains(string(got), want) {
			t.Errorf("README lacks %q:\n%s", want, got)
		}
	}
	if _, err := os.Stat(filepath.Join(plots, "throughput.svg")); err != nil {
		t.Error(err)
	}

	bare := write(t, dir, "bare.md", "# Results\n")
	stderr.Reset()
	if code := Run([]string{"-md", bare, file}, &stdout, &stderr); code != 1 {
		t.Errorf("-md without markers: exit %d, want 1", code)
	}
	if !strings.Contains(stderr.String(), "<!-- benchreport:begin -->") {
		t.Errorf("-md without markers: stderr %q does not name the markers", stderr.String())
	}
}

// -ratios prints each ratio against weakstripe; -agree compares two runs.
func TestRunRatiosAndAgree(t *testing.T) {
	dir := t.TempDir()
	a := write(t, dir, "a.txt", run1)
	b := write(t, dir, "b.txt", strings.Replace(run1, " 22 ns/op", " 26 ns/op", 1))
	var stdout, stderr bytes.Buffer
	if code := Run([]string{"-ratios", a}, &stdout, &stderr); code != 0 {
		t.Fatalf("-ratios: exit %d, stderr %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "xsync-weak") || !strings.Contains(stdout.String(), "2.00x") {
		t.Errorf("-ratios output lacks the xsync-weak ratio 2.00x:\n%s", stdout.String())
	}
	stdout.Reset()
	if code := Run([]string{"-agree", a, b}, &stdout, &stderr); code != 0 {
		t.Fatalf("-agree: exit %d, stderr %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "agreeing within 10 %:") || !strings.Contains(stdout.String(), "furthest apart") {
		t.Errorf("-agree output:\n%s", stdout.String())
	}
}

// -readme fills the results markers and nothing else, also in a file
// that holds the report's markers too; without its markers it fails
// naming them.
func TestRunReadme(t *testing.T) {
	dir := t.TempDir()
	file := write(t, dir, "run.txt", run1)
	doc := "# W\n\n## Results\n\n<!-- benchreport:results:begin -->\nold\n<!-- benchreport:results:end -->\n\n<!-- benchreport:begin -->\nkept\n<!-- benchreport:end -->\n"
	readme := write(t, dir, "README.md", doc)
	var stdout, stderr bytes.Buffer
	if code := Run([]string{"-readme", readme, file}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d, stderr %s", code, stderr.String())
	}
	got, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	d, err := readFile(file)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(doc, "old\n", string(resultsMarkdown(d))+"\n", 1)
	if string(got) != want {
		t.Errorf("README:\n%s\nwant:\n%s", got, want)
	}
	if !regexp.MustCompile(`\| LoadHit/keys=1Ki +\| 1 +\| +11\.0 ns \| +2\.00x \|`).Match(got) {
		t.Errorf("README lacks the LoadHit row:\n%s", got)
	}

	bare := write(t, dir, "bare.md", "# W\n<!-- benchreport:begin -->\n<!-- benchreport:end -->\n")
	stderr.Reset()
	if code := Run([]string{"-readme", bare, file}, &stdout, &stderr); code != 1 {
		t.Errorf("-readme without its markers: exit %d, want 1", code)
	}
	if !strings.Contains(stderr.String(), "<!-- benchreport:results:begin -->") {
		t.Errorf("-readme without its markers: stderr %q does not name them", stderr.String())
	}
}
