# weakstripe: tests, lint and benchmarks. `make test` is what CI runs.

SHELL       := /bin/bash
GO          ?= go
# Go 1.26 is the oldest Go the module supports (see "Go versions" in
# README.md); the race tests also run on the newest Go, whose toolchain
# comes through the module proxy via GOTOOLCHAIN.
GO_NEWEST   ?= go1.27.3
STATICCHECK_VERSION ?= v0.8.2
TOOLS       := $(CURDIR)/.tools
STATICCHECK := $(TOOLS)/staticcheck
# The benchmark suite, its report and gate are a module of their own
# (bench/go.mod), so that importing the library pulls in none of their
# dependencies. Each Go step runs in both modules.
MODULES     := . bench

# The report's input for `make plots`: the committed full run.
REPORT_IN   ?= results/full.txt
# `make gate` compares the working tree with BASE (default: the merge base
# with main, else HEAD~1).
BASE        ?=
# `make stress`: how long the long GC stress runs.
STRESS_TIME ?= 2m
FUZZ_TIME   ?= 30s

.PHONY: test fmt-check vet lint check-deps race test-newest arm64 check-broken fuzz \
	bench bench-full bench-large bench-compare reproducibility plots report gate gate-calibrate stress tools clean

test: fmt-check vet lint check-deps race test-newest arm64 check-broken fuzz

# A step that needs a system package (qemu-user for arm64, a C compiler for
# -race) installs it with apt-get when it can (root or passwordless sudo),
# else is skipped with a notice (scripts/need.sh); under CI=true nothing is
# skipped. The notices are repeated here, after every step has run.
ifeq ($(SKIP_LOG)$(filter-out test,$(or $(MAKECMDGOALS),test)),)
SKIP_LOG := $(or $(TMPDIR),/tmp)/weakstripe-skipped.$(shell date +%s%N)
endif
export SKIP_LOG
test:
	@if [ -s "$(SKIP_LOG)" ]; then \
		echo; echo "make test: passed, but some steps were skipped:"; sed 's/^/  /' "$(SKIP_LOG)"; \
		rm -f "$(SKIP_LOG)"; \
	fi

fmt-check:
	@out="$$(gofmt -l .)"; if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	for m in $(MODULES); do (cd $$m && $(GO) vet ./...) || exit 1; done

$(STATICCHECK):
	GOBIN=$(TOOLS) $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

tools: $(STATICCHECK)

lint: $(STATICCHECK)
	for m in $(MODULES); do (cd $$m && $(STATICCHECK) ./...) || exit 1; done

race:
	for m in $(MODULES); do (cd $$m && GO=$(GO) $(CURDIR)/scripts/race-test.sh ./...) || exit 1; done

# The same race tests on the newest supported Go.
test-newest:
	GOTOOLCHAIN=$(GO_NEWEST) $(GO) version
	GOTOOLCHAIN=$(GO_NEWEST) GO=$(GO) scripts/race-test.sh ./...

# arm64 has 128-byte cache lines and a weaker memory model: vet there, then
# run every package's tests as arm64 binaries under qemu-aarch64 (all tests,
# without -race, which cross-compiled binaries under emulation lack). The
# script installs qemu-user when it can, else skips with a notice.
arm64:
	GOARCH=arm64 $(GO) vet ./...
	GO=$(GO) scripts/arm64-test.sh

# Importing weakmap must pull none of the suite's modules into a user's
# module graph.
check-deps:
	GO=$(GO) scripts/check-deps.sh

# The checkers must be able to fail: with -tags weakstripe_broken, sweeps
# drop live entries now and then, and the linearizability tests and fuzz
# targets must catch it.
check-broken:
	GO=$(GO) scripts/check-broken.sh

# Each fuzz target for FUZZ_TIME, from the committed corpus.
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzMap$$' -fuzztime $(FUZZ_TIME) ./weakmap
	$(GO) test -run '^$$' -fuzz '^FuzzKeyMap$$' -fuzztime $(FUZZ_TIME) ./weakmap

# The benchmark suite (bench/doc.go), quick preset: under 10 minutes on 2
# cores, in paired, interleaved rounds over several fresh processes.
# BENCH_PROCS, BENCH_ROUNDS, BENCH_TIME, BENCH_ROWS and the other
# variables of scripts/bench.sh pass through from the environment.
bench:
	scripts/bench.sh quick results/latest.txt
	cd bench && $(GO) run ./cmd/benchreport -plots ../results/latest-plots ../results/latest.txt
	@echo "raw results: results/latest.txt; plots: results/latest-plots/"

# The full preset (every row and target at 1Ki and 64Ki), under an hour,
# then the committed tables and plots regenerated from it.
bench-full:
	scripts/bench.sh full results/full.txt
	$(MAKE) plots

# The rows of 1Mi keys (BENCH_LARGE=1), which full leaves out: about 30
# minutes.
bench-large:
	scripts/bench.sh large results/large.txt

# The tables of results/README.md (between its benchreport markers), the
# Results table of README.md (between its benchreport:results markers) and
# the SVG plots of results/plots, from REPORT_IN.
plots:
	cd bench && $(GO) run ./cmd/benchreport -md ../results/README.md -readme ../README.md -plots ../results/plots $(abspath $(REPORT_IN))

# Do two runs agree? The share of ratios (each target against weakstripe)
# of NEW within 10 % of OLD's: `make reproducibility OLD=a.txt NEW=b.txt`.
reproducibility:
	scripts/reproducibility.sh $(OLD) $(NEW)

# The tables of the latest quick run, on stdout.
report:
	cd bench && $(GO) run ./cmd/benchreport ../results/latest.txt

# Load and Store of 64Ki live string keys: Map against
# xsync.MapOf[string, weak.Pointer[V]], in paired rounds over several
# fresh processes. Settings: COMPARE_* (see scripts/compare.sh).
bench-compare:
	scripts/compare.sh

# Performance gate: is the working tree a regression of BASE? Exit 1 on a
# regression, 2 on bad input. Settings: GATE_* (see scripts/gate.sh).
gate:
	scripts/gate.sh $(BASE)

# False alarms and catches of injected regressions on this machine (about
# 40 minutes); writes results/gate-calibration.md.
gate-calibrate:
	scripts/gate-calibrate.sh 20 10

# The long forms of the reliability checks: STRESS_TIME of GC stress under
# -race, 20 times the linearizability histories, STRESS_FUZZ_TIME of
# fuzzing per target. The figures (operations, GCs, histories, fuzz
# executions) are appended to results/reliability.txt.
STRESS_FUZZ_TIME ?= 5m
stress:
	@mkdir -p results
	@echo "# make stress at $$(git rev-parse --short HEAD), $$($(GO) env GOVERSION), $$(date -u +%Y-%m-%dT%H:%M:%SZ)" >> results/reliability.txt
	WEAKSTRIPE_STRESS=1 WEAKSTRIPE_STRESS_TIME=$(STRESS_TIME) WEAKSTRIPE_STRESS_REPORT=$(CURDIR)/results/reliability.txt \
		$(GO) test -race -count=1 -timeout 0 -run '^TestGCStress$$' -v ./weakmap
	set -o pipefail; WEAKSTRIPE_STRESS=1 $(GO) test -race -count=1 -timeout 60m -run '^TestLin' -v ./weakmap | \
		grep -E 'linearizability:' | sed 's/^ *//' | tee -a results/reliability.txt
	set -o pipefail; for t in FuzzMap FuzzKeyMap; do \
		$(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(STRESS_FUZZ_TIME) ./weakmap 2>&1 | tail -3 | \
		sed "s/^/$$t: /" | tee -a results/reliability.txt || exit 1; done

clean:
	rm -rf $(TOOLS)

print-newest:
	@echo $(GO_NEWEST)
