# The two commands of the README: `make run` and `make test`.
SWIFT ?= swift
BIN := .build/debug/dockerlings

.PHONY: run test build release deps test-deps engine base-images bench fuzz clean

run: deps build
	@scripts/base-images.sh --check
	@$(BIN) $(ARGS)

test: test-deps engine base-images
	scripts/check-imports.sh
	scripts/fuzz.sh check
	$(SWIFT) build --build-tests
	SWIFT=$(SWIFT) scripts/run-tests.sh

build:
	$(SWIFT) build --product dockerlings

# A release binary for CI or your PATH, with Swift's runtime linked in.
release: deps
	@echo "$$(scripts/release-build.sh dockerlings)/dockerlings"

deps:
	@scripts/install-deps.sh run

test-deps:
	@scripts/install-deps.sh test

engine:
	@scripts/start-engine.sh

# Stand-ins for the exercises' base images (python:3.12-slim, python:3.12, busybox) when the
# engine has none and cannot pull them; real images are kept.
base-images:
	@scripts/base-images.sh

# Release-build benchmarks, side by side with the peers (see README).
bench: deps
	@for b in scripts/bench-*.sh; do echo "== $$b"; $$b; done

fuzz:
	scripts/fuzz.sh $(or $(FUZZ_TARGET),parser) $(FUZZ_SECONDS)

clean:
	rm -rf .build
