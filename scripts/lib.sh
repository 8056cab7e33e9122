# Shell functions shared by the scripts. Source it; it sets nothing else.

# build_bench SRC OUT [TAGS]: builds the benchmark suite's test binary of
# the source tree SRC (the repository root, or a worktree of an older
# revision) into OUT. The suite is its own module under bench/ (bench/go.mod)
# so that the library's users do not inherit its dependencies; revisions
# from before that split keep it as package ./bench of the root module, and
# the gate must still build them as a base.
build_bench() {
	local src=$1 out=$2 tags=${3:-}
	if [ -f "$src/bench/go.mod" ]; then
		(cd "$src/bench" && go test -c ${tags:+-tags "$tags"} -o "$out" .)
	else
		(cd "$src" && go test -c ${tags:+-tags "$tags"} -o "$out" ./bench)
	fi
}

# bench_go ARGS...: runs go ARGS in the suite's module (bench/), where its
# commands and the pinned benchstat (go tool benchstat) resolve.
bench_go() {
	(cd "$(dirname "${BASH_SOURCE[0]}")/../bench" && go "$@")
}
