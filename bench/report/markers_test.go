package report

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const doc = `# Results

Hand-written text before.

## Suite results

<!-- benchreport:begin -->
old generated text
that goes away
<!-- benchreport:end -->

Hand-written text after.
`

func TestReplaceSection(t *testing.T) {
	got, err := replaceSection([]byte(doc), reportMarkers, []byte("\nnew table\n\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(doc, "old generated text\nthat goes away\n", "new table\n", 1)
	if string(got) != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	again, err := replaceSection(got, reportMarkers, []byte("new table"))
	if err != nil {
		t.Fatal(err)
	}
	if string(again) != want {
		t.Errorf("replacing twice changed the document:\n%s", again)
	}
	empty, err := replaceSection([]byte(doc), reportMarkers, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(empty), reportMarkers.begin+"\n"+reportMarkers.end) {
		t.Errorf("empty section: %s", empty)
	}
}

func TestReplaceSectionNeedsMarkers(t *testing.T) {
	for name, d := range map[string]string{
		"none":       "# Results\n\ntext\n",
		"begin only": "# Results\n" + reportMarkers.begin + "\n",
		"end only":   "# Results\n" + reportMarkers.end + "\n",
		"reversed":   reportMarkers.end + "\nx\n" + reportMarkers.begin + "\n",
		"twice":      reportMarkers.begin + "\n" + reportMarkers.end + "\n" + reportMarkers.begin + "\n" + reportMarkers.end + "\n",
	} {
		if out, err := replaceSection([]byte(d), reportMarkers, []byte("x")); !errors.Is(err, errNoMarkers) {
			t.Errorf("%s: got %q, %v; want ErrNoMarkers", name, out, err)
		}
	}
}

func TestUpdateFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "README.md")
	if err := os.WriteFile(path, []byte(doc), 0o640); err != nil {
		t.Fatal(err)
	}
	section := build(readFixture(t, "small.txt")).Markdown(nil)
	if err := updateFile(path, reportMarkers, section); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := string(got)
	if !strings.HasPrefix(s, "# Results\n\nHand-written text before.\n\n## Suite results\n\n"+reportMarkers.begin+"\n") ||
		!strings.HasSuffix(s, "\n"+reportMarkers.end+"\n\nHand-written text after.\n") {
		t.Errorf("text outside the markers changed:\n%s", s)
	}
	if strings.Contains(s, "old generated text") || !strings.Contains(s, "commit `abc1234`") {
		t.Errorf("section not replaced:\n%s", s)
	}
	if info, err := os.Stat(path); err != nil || info.Mode().Perm() != 0o640 {
		t.Errorf("mode after update: %v, %v; want 0640", info.Mode(), err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}

	bare := filepath.Join(dir, "bare.md")
	if err := os.WriteFile(bare, []byte("# Results\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	err = updateFile(bare, reportMarkers, section)
	if !errors.Is(err, errNoMarkers) || !strings.Contains(err.Error(), bare) {
		t.Errorf("UpdateFile without markers: %v, want ErrNoMarkers naming the file", err)
	}
	if got, _ := os.ReadFile(bare); string(got) != "# Results\n" {
		t.Errorf("a file without markers was changed: %q", got)
	}
}
