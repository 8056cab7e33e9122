package report

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// markers are a pair of lines between which replaceSection puts generated
// Markdown. Everything outside them is written by hand and kept as it is.
type markers struct{ begin, end string }

// The sections benchreport fills: the report in results/README.md (-md),
// and the Results table in the repository's README.md (-readme).
var (
	reportMarkers  = markers{"<!-- benchreport:begin -->", "<!-- benchreport:end -->"}
	resultsMarkers = markers{"<!-- benchreport:results:begin -->", "<!-- benchreport:results:end -->"}
)

// errNoMarkers is returned when a document lacks the markers, or has them
// out of order or more than once: the tool will not guess where results
// belong.
var errNoMarkers = errors.New("want exactly one begin marker line followed by one end marker line")

// replaceSection returns doc with what lies between the markers m replaced
// by section, on lines of its own. The markers and everything outside
// them are kept byte for byte.
func replaceSection(doc []byte, m markers, section []byte) ([]byte, error) {
	begin := []byte(m.begin)
	end := []byte(m.end)
	i := bytes.Index(doc, begin) + len(begin)
	j := bytes.Index(doc, end)
	if bytes.Count(doc, begin) != 1 || bytes.Count(doc, end) != 1 || j < i {
		return nil, fmt.Errorf("%w: %s then %s", errNoMarkers, m.begin, m.end)
	}
	var out bytes.Buffer
	out.Write(doc[:i])
	out.WriteString("\n")
	if s := bytes.TrimSpace(section); len(s) > 0 {
		out.Write(s)
		out.WriteString("\n")
	}
	out.Write(doc[j:])
	return out.Bytes(), nil
}

// updateFile replaces the section between the markers m of the Markdown
// file at path. The file is rewritten through a temporary file and a
// rename, so that a failure leaves the old one whole.
func updateFile(path string, m markers, section []byte) error {
	doc, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	out, err := replaceSection(doc, m, section)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".benchreport-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename, a no-op
	if _, err := tmp.Write(out); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(info.Mode().Perm()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
