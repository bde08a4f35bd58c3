# The two commands of the README: `make run` and `make test`.
SWIFT ?= swift
BIN := .build/debug/dockerlings

.PHONY: run test build deps test-deps engine bench fuzz clean

run: deps build
	@$(BIN) $(ARGS)

test: test-deps engine
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

build:
	$(SWIFT) build --product dockerlings

deps:
	@scripts/install-deps.sh run

test-deps:
	@scripts/install-deps.sh test

engine:
	@scripts/start-engine.sh

# Release-build benchmarks, side by side with the peers (see README).
bench: deps
	@for b in scripts/bench-*.sh; do echo "== $$b"; $$b; done

fuzz:
	scripts/fuzz-parser.sh $(FUZZ_SECONDS)

clean:
	rm -rf .build
