# weakstripe: tests, lint and benchmarks. `make test` is what CI runs.

GO          ?= go
# Go 1.24 is the oldest Go the module supports (the first with package weak);
# its toolchain comes through the module proxy via GOTOOLCHAIN.
GO_OLDEST   ?= go1.24.6
STATICCHECK_VERSION ?= v0.8.2
TOOLS       := $(CURDIR)/.tools
STATICCHECK := $(TOOLS)/staticcheck

# Benchmark settings for `make bench`.
BENCH_CPU   ?= 1,2
BENCH_COUNT ?= 5
BENCH_OUT   ?= results/latest.txt

.PHONY: test fmt-check vet lint race test-oldest arm64 bench tools clean

test: fmt-check vet lint race test-oldest arm64

fmt-check:
	@out="$$(gofmt -l .)"; if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

$(STATICCHECK):
	GOBIN=$(TOOLS) $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

tools: $(STATICCHECK)

lint: $(STATICCHECK)
	$(STATICCHECK) ./...

race:
	$(GO) test -race -count=1 ./...

# The same tests on the oldest supported Go.
test-oldest:
	GOTOOLCHAIN=$(GO_OLDEST) $(GO) version
	GOTOOLCHAIN=$(GO_OLDEST) $(GO) test -race -count=1 ./...

# arm64 has 128-byte cache lines and a weaker memory model: everything must
# at least vet and compile there.
arm64:
	GOARCH=arm64 $(GO) vet ./...
	@d="$$(mktemp -d)"; GOARCH=arm64 $(GO) test -c -o "$$d/" ./... && ls "$$d" && rm -rf "$$d"

# Load and Store of 64Ki live string keys: Map against
# xsync.MapOf[string, weak.Pointer[V]], side by side in one process.
bench:
	@mkdir -p results
	@BENCH_CPU=$(BENCH_CPU) scripts/bench-header.sh > $(BENCH_OUT)
	$(GO) test -run '^$$' -bench 'Compare' -cpu $(BENCH_CPU) -count $(BENCH_COUNT) ./bench | tee -a $(BENCH_OUT)
	@scripts/ratios.sh $(BENCH_OUT)

clean:
	rm -rf $(TOOLS)

print-oldest:
	@echo $(GO_OLDEST)
