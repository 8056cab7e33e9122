package weakmap

// noCopy, as the first field of a map type, makes go vet's copylocks check
// report code that copies a map: a copy would share the original's shards
// and counters, and its GC cleanups would still find the original. It has
// size zero and, placed first, adds no padding, so it changes neither the
// layout nor the speed of the map.
//
// It is like package sync's noCopy, and likewise must not be embedded: its
// Lock and Unlock methods would become the map's.
type noCopy struct{}

// Lock is a no-op, for go vet's copylocks check.
func (*noCopy) Lock() {}

// Unlock is a no-op, for go vet's copylocks check.
func (*noCopy) Unlock() {}
