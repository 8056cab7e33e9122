#!/usr/bin/env bash
# Prints, for each Compare benchmark and -cpu value in a raw benchmark file,
# the median ns/op of weakmap and of xsync-weak and their ratio.
set -euo pipefail
f=${1:?usage: ratios.sh FILE}
printf '%-28s %4s %12s %12s %8s\n' benchmark cpu weakmap xsync-weak ratio
awk '
/^BenchmarkCompare/ {
	name = $1; cpu = "1"
	if (match(name, /-[0-9]+$/)) { cpu = substr(name, RSTART + 1); name = substr(name, 1, RSTART - 1) }
	n = split(name, part, "/"); group = part[1]; target = part[2]
	key = group SUBSEP cpu SUBSEP target
	vals[key] = vals[key] " " $3; groups[group SUBSEP cpu] = 1
}
function median(s,   a, n, i, j, t) {
	n = split(s, a, " ")
	for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
END {
	for (g in groups) {
		split(g, p, SUBSEP)
		w = vals[p[1] SUBSEP p[2] SUBSEP "weakmap"]; x = vals[p[1] SUBSEP p[2] SUBSEP "xsync-weak"]
		if (w == "" || x == "") continue
		mw = median(w); mx = median(x)
		printf "%-28s %4s %9.2f ns %9.2f ns %7.2fx\n", p[1], p[2], mw, mx, mw / mx
	}
}' "$f" | sort
