package weakmap

import (
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unsafe"
)

// The doc of each map type says it must not be copied after first use:
// go vet's copylocks check must report every copy of a Map, StrongMap,
// KeyMap or Set (through its KeyMap), and nothing else, in
// testdata/copylock.
func TestVetReportsCopiedMaps(t *testing.T) {
	const dir = "testdata/copylock"
	src, err := os.ReadFile(dir + "/copylock.go")
	if err != nil {
		t.Fatal(err)
	}
	want := map[int]bool{}
	for i, line := range strings.Split(string(src), "\n") {
		if strings.HasSuffix(line, "// want") {
			want[i+1] = true
		}
	}
	if len(want) != 5 {
		t.Fatalf("%s has %d lines marked want, expected 5", dir, len(want))
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("this test runs go vet, but no go command is on PATH: %v", err)
	}
	out, err := exec.Command(goCmd, "vet", "-copylocks", "./"+dir).CombinedOutput()
	if err == nil {
		t.Fatalf("go vet -copylocks found nothing in %s; each map type must hold a noCopy field\n%s", dir, out)
	}
	report := regexp.MustCompile(`copylock\.go:(\d+):\d+: .*(copies lock value|passes lock by value).*weakmap\.noCopy`)
	got := map[int]bool{}
	for _, line := range strings.Split(string(out), "\n") {
		if m := report.FindStringSubmatch(line); m != nil {
			n, _ := strconv.Atoi(m[1])
			got[n] = true
		} else if strings.Contains(line, "copylock.go:") {
			t.Errorf("unexpected go vet report: %s", line)
		}
	}
	for n := range want {
		if !got[n] {
			t.Errorf("go vet did not report the copy on line %d of %s", n, dir)
		}
	}
	for n := range got {
		if !want[n] {
			t.Errorf("go vet reported line %d of %s, which is not marked want", n, dir)
		}
	}
	if t.Failed() {
		t.Logf("go vet output:\n%s", out)
	}
}

// noCopy must cost nothing: it has size zero and sits at offset 0 with
// the core, so the map's layout (the table's offset, which Load reaches
// through, and the size) is what it would be without it. A zero-size
// field last would add padding instead.
func TestNoCopyAddsNothing(t *testing.T) {
	if s := unsafe.Sizeof(noCopy{}); s != 0 {
		t.Fatalf("noCopy has size %d, want 0", s)
	}
	var m Map[int, int]
	var s StrongMap[int, int]
	var k KeyMap[int, int]
	for _, c := range []struct {
		name         string
		noCopy, core uintptr
	}{
		{"Map", unsafe.Offsetof(m.noCopy), unsafe.Offsetof(m.core)},
		{"StrongMap", unsafe.Offsetof(s.noCopy), unsafe.Offsetof(s.core)},
		{"KeyMap", unsafe.Offsetof(k.noCopy), unsafe.Offsetof(k.core)},
	} {
		if c.noCopy != 0 || c.core != 0 {
			t.Errorf("%s: noCopy at offset %d and core at %d, want both at 0", c.name, c.noCopy, c.core)
		}
	}
}
