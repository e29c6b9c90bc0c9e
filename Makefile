# Thin wrapper over CMake.  `make demo` and `make test` install what they
# need (Debian packages) and build first.
PREFIX ?= /usr/local
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
SOURCES = $(wildcard include/*.h include/openinet/*.h src/*.c src/*.h src/wininet/*.c \
                     src/wininet/*.h cli/*.c cli/*.h examples/*.c examples/wininet/*.c tests/*.h \
                     tests/unit/*.c tests/integration/*.c tests/integration/*.h tests/wininet/*.c tests/wininet/*.h \
                     tests/fuzz/*.c tests/fuzz/*.h bench/*.c bench/*.h)
SCRIPTS = $(wildcard scripts/*.sh tests/*.sh tests/*/*.sh bench/*.sh) .ci/run

.PHONY: all build asan demo test unit bench fuzz install format format-check lint clean

all: build

build:
	@scripts/deps.sh build
	@cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build build -j $(JOBS)

asan:
	@scripts/deps.sh build
	@cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DOI_SANITIZE=ON >/dev/null
	@cmake --build build-asan -j $(JOBS)

demo: build
	@scripts/deps.sh test
	@scripts/demo.sh build

test:
	@scripts/deps.sh build test
	@$(MAKE) --no-print-directory build asan
	@$(MAKE) --no-print-directory format-check lint
	@scripts/docs.sh --check
	@tests/fuzz/run.sh --check
	@tests/run.sh build build-asan

unit: build
	@cd build && ctest -L unit --output-on-failure -j $(JOBS)

# FUZZ_SECONDS per target (default 60); docs/fuzzing.md.
fuzz:
	@scripts/deps.sh build test
	@tests/fuzz/run.sh

bench: build
	@scripts/deps.sh bench
	@bench/run.sh build

install:
	@scripts/deps.sh build
	@cmake -S . -B build -DCMAKE_INSTALL_PREFIX=$(PREFIX) >/dev/null
	@cmake --build build -j $(JOBS)
	@cmake --install build

format:
	@clang-format -i $(SOURCES)

format-check:
	@clang-format --dry-run --Werror $(SOURCES)

lint:
	@cppcheck --quiet --error-exitcode=1 --enable=warning,portability --inline-suppr \
	  --std=c11 -I include -I src --suppress=missingIncludeSystem src cli
	@shellcheck --severity=warning $(SCRIPTS)

clean:
	@rm -rf build build-asan build-fuzz
