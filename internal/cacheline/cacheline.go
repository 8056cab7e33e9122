// Package cacheline gives the size of a CPU cache line (more exactly, of the
// unit of false sharing) for the architecture being built, so that the hot
// per-shard structures of shard/ can be padded apart.
package cacheline

// Size is the distance in bytes that two independently written words must
// keep so that they never share a cache line.
const Size = size
