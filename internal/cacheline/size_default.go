//go:build !arm64 && !ppc64 && !ppc64le && !s390x

package cacheline

// 64 bytes on x86-64 and most other targets. (Intel's adjacent-line
// prefetcher pairs lines, but 64 is what Go's own runtime uses there.)
const size = 64
