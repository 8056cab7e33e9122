package report

import (
	"bytes"
	"fmt"
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
	// than hold values; they align left, the rest right.
	Labels int
	Header []string
	Rows   [][]string
}

// writeMarkdown writes the table as a Markdown section: a level-3
// heading, the notes as a paragraph, and a pipe table whose cells are
// padded so that its columns line up on a terminal too.
func (t *table) writeMarkdown(b *bytes.Buffer) {
	fmt.Fprintf(b, "### %s\n\n", t.Title)
	if len(t.Notes) > 0 {
		b.WriteString(strings.Join(t.Notes, " ") + "\n\n")
	}
	esc := func(c string) string { return strings.ReplaceAll(c, "|", `\|`) }
	rows := append([][]string{t.Header, nil}, t.Rows...) // nil: the alignment row
	widths := make([]int, len(t.Header))
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], utf8.RuneCountInString(esc(c)), 3)
		}
	}
	for _, r := range rows {
		b.WriteString("|")
		for i, w := range widths {
			var c string
			switch {
			case r == nil && i < t.Labels:
				c = strings.Repeat("-", w)
			case r == nil:
				c = strings.Repeat("-", w-1) + ":"
			case i < t.Labels:
				c = esc(r[i]) + strings.Repeat(" ", w-utf8.RuneCountInString(esc(r[i])))
			default:
				c = strings.Repeat(" ", w-utf8.RuneCountInString(esc(r[i]))) + esc(r[i])
			}
			b.WriteString(" " + c + " |")
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")
}
