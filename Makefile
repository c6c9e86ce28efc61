# The two set-up commands are `make run` and `make test`; see README.md.
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTRELLIS_WERROR=ON

.PHONY: run test build deps test-deps bench format lint clean kill-test package fuzz soak

run: deps build
	BUILD_DIR=$(BUILD_DIR) scripts/run-demo

test: test-deps build
	BUILD_DIR=$(BUILD_DIR) scripts/test

deps:
	scripts/install-deps

test-deps:
	scripts/install-deps --test

build:
	cmake -S . -B $(BUILD_DIR) $(CMAKE_FLAGS)
	cmake --build $(BUILD_DIR) -j $(JOBS)

bench: build
	scripts/install-deps --bench
	BUILD_DIR=$(BUILD_DIR) bench/store/run
	BUILD_DIR=$(BUILD_DIR) bench/http/run
	BUILD_DIR=$(BUILD_DIR) bench/lens/run
	BUILD_DIR=$(BUILD_DIR) bench/export/run

# The Debian package (CPack): build/trellis_VERSION_amd64.deb.
package: deps build
	scripts/install-deps --package
	cd $(BUILD_DIR) && cpack -G DEB

# The crash test at length: the server killed KILL_CYCLES times on each database.
KILL_CYCLES ?= 60
kill-test: test-deps build
	TRELLIS_KILL_CYCLES=$(KILL_CYCLES) scripts/pg-throwaway $(BUILD_DIR)/ops_test

# A mixed load for SOAK_SECONDS (default 30 minutes) on SQLite; SOAK_ARGS=--postgres for PostgreSQL.
SOAK_SECONDS ?= 1800
soak: deps build
	BUILD_DIR=$(BUILD_DIR) bench/soak/run --seconds $(SOAK_SECONDS) $(SOAK_ARGS)

# Every fuzz harness for FUZZ_SECONDS each (scripts/fuzz: --execs, one harness).
FUZZ_SECONDS ?= 600
fuzz:
	scripts/install-deps --fuzz
	scripts/fuzz --seconds $(FUZZ_SECONDS)

format:
	clang-format -i $$(git ls-files 'src/*.cpp' 'src/*.hpp' 'tests/*.cpp' 'tests/*.hpp' 'bench/*.cpp' 'fuzz/*.cpp' 'fuzz/*.hpp')

# clang-tidy reads the sources against libc++ 16: Debian 12's clang cannot parse
# libstdc++ 12's <expected> (the build itself stays on g++ and libstdc++).
lint: build
	scripts/install-deps --lint
	git ls-files 'src/*.cpp' | xargs -P $$(nproc) -n 4 clang-tidy-16 -p $(BUILD_DIR) --quiet \
	  --extra-arg=-stdlib=libc++ --extra-arg=-std=c++2b --extra-arg=-Wno-unknown-warning-option

clean:
	rm -rf $(BUILD_DIR)
