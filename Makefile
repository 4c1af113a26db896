# itudoc: make run converts the bundled fixture, make test checks everything.
GO      ?= go
FIXTURE := fixtures/pp14-149-e.md
OUT     := out

.PHONY: all build run test deps vet fmt-check bench profile golden clean

all: build

build:
	$(GO) build -o itudoc ./cmd/itudoc

# The main job on the bundled fixture: outline, then DOCX and PDF in out/.
run: build
	./itudoc inspect $(FIXTURE)
	./itudoc convert -o $(OUT) \
		--conference "Plenipotentiary Conference (PP-14)" \
		--place "Busan, 20 October - 7 November 2014" \
		$(FIXTURE)
	@ls -l $(OUT)

# Installs the checking tools (pandoc, LibreOffice, poppler, qpdf, xmllint)
# when missing and run as root; see scripts/install-deps.
deps:
	scripts/install-deps

test: deps vet fmt-check
	$(GO) test ./...

vet:
	$(GO) vet ./...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

# Go benchmarks of the stages on the seed, benchstat-friendly.
bench:
	$(GO) test -run '^$$' -bench . -benchmem -count 5 ./... | tee bench.txt

# CPU and allocation profiles of one real conversion of the fixture, and
# the top of each; explore further with go tool pprof -http : itudoc FILE.
profile: build
	./itudoc --cpuprofile $(OUT)/cpu.pprof --memprofile $(OUT)/mem.pprof convert -q -o $(OUT) $(FIXTURE)
	$(GO) tool pprof -top -cum -nodecount 25 itudoc $(OUT)/cpu.pprof
	$(GO) tool pprof -top -sample_index=alloc_space -nodecount 15 itudoc $(OUT)/mem.pprof

# Regenerates the golden files; review the diff like code.
golden:
	$(GO) test ./... -update

clean:
	rm -rf $(OUT) itudoc bench.txt
