#!/usr/bin/env bash
# Prints, for each Compare benchmark and -cpu value in a raw benchmark file,
# the ratio of weakmap's ns/op to xsync-weak's. A file from
# scripts/compare.sh holds several processes ("process: N" lines); each
# process gives one ratio, of the two targets' medians in that process, and
# the table shows the median ratio, the lowest and highest, how many
# processes were at or under the 1.15x target, and each target's median
# ns/op over all its runs. A file without process lines is one process.
set -euo pipefail
f=${1:?usage: ratios.sh FILE}
printf '%-22s %4s %6s %8s %8s %8s %10s %10s %11s\n' benchmark cpu procs median min max '<=1.15x' weakmap xsync-weak
awk '
/^process:/ { proc = $2 }
/^BenchmarkCompare/ {
	name = $1; cpu = "1"
	if (match(name, /-[0-9]+$/)) { cpu = substr(name, RSTART + 1); name = substr(name, 1, RSTART - 1) }
	n = split(name, part, "/"); group = part[1]; target = part[2]
	g = group SUBSEP cpu
	vals[g SUBSEP proc SUBSEP target] = vals[g SUBSEP proc SUBSEP target] " " $3
	all[g SUBSEP target] = all[g SUBSEP target] " " $3
	procs[g SUBSEP proc] = 1
}
function median(s,   a, n, i, j, t) {
	n = split(s, a, " ")
	for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
END {
	for (gp in procs) {
		split(gp, p, SUBSEP); g = p[1] SUBSEP p[2]
		w = vals[gp SUBSEP "weakmap"]; x = vals[gp SUBSEP "xsync-weak"]
		if (w == "" || x == "") continue
		r = median(w) / median(x)
		ratios[g] = ratios[g] " " r; nr[g]++
		if (r <= 1.15) ok[g]++
		if (!(g in lo) || r < lo[g]) lo[g] = r
		if (!(g in hi) || r > hi[g]) hi[g] = r
	}
	for (g in ratios) {
		split(g, p, SUBSEP)
		mw = median(all[g SUBSEP "weakmap"]); mx = median(all[g SUBSEP "xsync-weak"])
		sub(/^Benchmark/, "", p[1])
		printf "%-22s %4s %6d %7.2fx %7.2fx %7.2fx %7d/%d %7.1f ns %8.1f ns\n", p[1], p[2], nr[g], median(ratios[g]), lo[g], hi[g], ok[g] + 0, nr[g], mw, mx
	}
}' "$f" | sort
