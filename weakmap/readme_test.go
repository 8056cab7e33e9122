package weakmap_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestReadmeSnippets keeps the README's Go snippets compiling: each
// paragraph of each ```go block (lines between blank lines) must appear,
// line by line and ignoring indentation, in one of the package's example
// files, where the compiler and the examples' output checks hold it.
func TestReadmeSnippets(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob("example*_test.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("no example files: %v", err)
	}
	var examples [][]string
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		examples = append(examples, trimmedLines(string(src)))
	}
	blocks := regexp.MustCompile("(?s)```go\n(.*?)```").FindAllStringSubmatch(string(readme), -1)
	if len(blocks) == 0 {
		t.Fatal("README.md has no ```go block")
	}
	for _, b := range blocks {
		for _, para := range strings.Split(b[1], "\n\n") {
			want := trimmedLines(para)
			if len(want) == 0 {
				continue
			}
			found := false
			for _, ex := range examples {
				if containsRun(ex, want) {
					found = true
					break
				}
			}
			if !found {
				t.Errorf("README snippet is in no example file (weakmap/example*_test.go):\n%s", para)
			}
		}
	}
}

func trimmedLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// containsRun reports whether want occurs in lines as consecutive lines.
func containsRun(lines, want []string) bool {
	for i := 0; i+len(want) <= len(lines); i++ {
		match := true
		for j, w := range want {
			if lines[i+j] != w {
				match = false
				break
			}
		}
		if match {
			return true
		}
	}
	return false
}

// TestEveryTypeHasExample: every exported type of the package, and
// WithGCCleanup, has an Example function (ExampleT or ExampleT_suffix).
func TestEveryTypeHasExample(t *testing.T) {
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	want := map[string]bool{"WithGCCleanup": true, "": true} // "": the package's Example
	examples := map[string]bool{}
	for _, name := range names {
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		isTest := strings.HasSuffix(name, "_test.go")
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.GenDecl:
				if isTest || d.Tok != token.TYPE {
					continue
				}
				for _, s := range d.Specs {
					if ts := s.(*ast.TypeSpec); ts.Name.IsExported() {
						want[ts.Name.Name] = true
					}
				}
			case *ast.FuncDecl:
				if isTest && d.Recv == nil && strings.HasPrefix(d.Name.Name, "Example") {
					name := strings.TrimPrefix(d.Name.Name, "Example")
					name, _, _ = strings.Cut(name, "_")
					examples[name] = true
				}
			}
		}
	}
	if len(want) < 8 {
		t.Fatalf("found only %d exported types and functions to check: %v", len(want), want)
	}
	for name := range want {
		if !examples[name] {
			t.Errorf("no Example for %q (write Example%s)", name, name)
		}
	}
}
