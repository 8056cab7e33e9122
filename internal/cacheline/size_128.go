//go:build arm64 || ppc64 || ppc64le

package cacheline

// 128 bytes: Apple's arm64 cores and POWER use 128-byte lines, and Go's
// runtime pads with 128 on all arm64 for that reason.
const size = 128
