package report

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// table is one table of the report, independent of the output medium.
type table struct {
	Title string
	// Notes are sentences printed under the title: units, which
	// direction is better, what marks mean.
	Notes []string
	// Labels is the number of leading columns that name rows rather
	// than hold values; text output aligns them left, the rest right.
	Labels int
	Header []string
	Rows   [][]string
}

// WriteText prints the table for a terminal: title, notes, and columns
// padded to line up.
func (t *table) WriteText(w io.Writer) error {
	var b strings.Builder
	b.WriteString(t.Title + "\n")
	for _, n := range t.Notes {
		b.WriteString("  " + n + "\n")
	}
	widths := make([]int, len(t.Header))
	for _, row := range append([][]string{t.Header}, t.Rows...) {
		for i, c := range row {
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	line := func(row []string) {
		cells := make([]string, len(row))
		for i, c := range row {
			pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c))
			if i < t.Labels {
				cells[i] = c + pad
			} else {
				cells[i] = pad + c
			}
		}
		b.WriteString(strings.TrimRight("  "+strings.Join(cells, "  "), " ") + "\n")
	}
	line(t.Header)
	rule := make([]string, len(widths))
	for i, n := range widths {
		rule[i] = strings.Repeat("-", n)
	}
	line(rule)
	for _, row := range t.Rows {
		line(row)
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteMarkdown writes the table as a Markdown section: a level-3
// heading, the notes as a paragraph, and a pipe table with value columns
// aligned right.
func (t *table) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "### %s\n\n", t.Title)
	if len(t.Notes) > 0 {
		b.WriteString(strings.Join(t.Notes, " ") + "\n\n")
	}
	row := func(cells []string) {
		esc := make([]string, len(cells))
		for i, c := range cells {
			esc[i] = strings.ReplaceAll(c, "|", `\|`)
		}
		b.WriteString("| " + strings.Join(esc, " | ") + " |\n")
	}
	row(t.Header)
	align := make([]string, len(t.Header))
	for i := range align {
		align[i] = "---:"
		if i < t.Labels {
			align[i] = "---"
		}
	}
	row(align)
	for _, r := range t.Rows {
		row(r)
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}
