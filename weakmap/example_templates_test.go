package weakmap_test

import (
	"fmt"
	"runtime"
)

import "github.com/weakstripe/weakstripe/weakmap"

type Template struct {
	Name string
	// ... the parsed form
}

var templates = weakmap.New[string, Template]()

// Parse each template once while anybody uses it; let the GC free it after.
func lookup(name string) *Template {
	t, _ := templates.LoadOrCompute(name, func() *Template { return parse(name) })
	return t
}

// parses counts the calls of parse.
var parses int

// parse stands for the expensive work that the cache saves: reading and
// parsing the template's file.
func parse(name string) *Template {
	parses++
	return &Template{Name: name}
}

// A cache of parsed templates that does not keep them alive: while any
// part of the program holds a template, lookup returns that one without
// parsing again; once nobody does, the collector frees it and a later
// lookup parses it anew. This is the README's first example.
func Example() {
	home := lookup("home")
	again := lookup("home")
	fmt.Println(home == again, "parses:", parses)

	for name, t := range templates.All() {
		fmt.Println(name, t)
	}
	runtime.KeepAlive(home)
	// Output:
	// true parses: 1
	// home &{home}
}
