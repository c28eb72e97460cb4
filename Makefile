# The two commands a new user runs (see README): `make demo` and `make test`.
.PHONY: demo test setup sample build bench

setup:
	./scripts/setup.sh

# Annotate the bundled sample reviews, build the extension, serve the demo pages.
demo: setup
	./scripts/demo.sh

# Everything: native tests, wasm build, browser tests, extension build, end-to-end tests.
test: setup
	./scripts/test.sh

sample:
	cargo run --quiet --locked --release -- annotate data/sample_reviews.jsonl

build: setup
	./scripts/build-extension.sh

# Engine throughput (criterion) and the CLI end to end against jq (BENCHMARKS.md).
bench:
	cargo bench --locked --bench annotate
	./scripts/bench-cli.sh
