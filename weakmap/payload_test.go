package weakmap_test

// payload is the value type of most tests: 48 bytes with a pointer, so that
// it never shares a tiny-object block and dies when it should.
type payload struct {
	name string
	_    [4]int // padding: 48 bytes in all
}
