# The README contract: make demo | make test | make bench. Thin over CMake.
JOBS ?= 2
# The tests wait (sockets, child processes, the AWS CLI's Python) more than
# they compute: 4 at a time on 2 cores (docs/performance.md).
TEST_JOBS ?= 4
# make test SANITIZE=address (ASan+UBSan) or SANITIZE=thread (TSan): the same
# suite in its own folder, build-asan or build-tsan (docs/reliability.md).
# SANITIZE_OPT: -g for usable stacks; CI passes -O1 -g0 to build faster.
SANITIZE ?=
SANITIZE_OPT ?= -O1 -g
ifeq ($(SANITIZE),)
BUILD ?= build
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG"
TEST_TIMEOUT ?= 300
else ifeq ($(SANITIZE),address)
BUILD ?= build-asan
TEST_TIMEOUT ?= 600
export ASAN_OPTIONS ?= detect_leaks=1:strict_string_checks=1
export UBSAN_OPTIONS ?= print_stacktrace=1:halt_on_error=1
else ifeq ($(SANITIZE),thread)
BUILD ?= build-tsan
TEST_TIMEOUT ?= 600
export TSAN_OPTIONS ?= halt_on_error=1:second_deadlock_stack=1
else
$(error SANITIZE must be empty, address or thread)
endif
ifneq ($(SANITIZE),)
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="$(SANITIZE_OPT)" -DARM_SANITIZE=$(SANITIZE)
endif
# Extra -D flags for this configure only (make bench adds the benchmarks).
EXTRA_CMAKE_FLAGS ?=

# ccache when installed; CCACHE_BASEDIR makes its paths relative to the
# source root, so that clones of the repository share one cache.
ifneq ($(shell command -v ccache 2>/dev/null),)
CMAKE_CXX_COMPILER_LAUNCHER ?= ccache
export CCACHE_BASEDIR ?= $(CURDIR)
# CMake's precompiled headers come in by -include: ccache caches such
# compiles only with this sloppiness (ccache(1), PRECOMPILED HEADERS).
export CCACHE_SLOPPINESS ?= pch_defines,time_macros,include_file_mtime,include_file_ctime
endif
ifneq ($(CMAKE_CXX_COMPILER_LAUNCHER),)
LAUNCHER_FLAGS = -DCMAKE_CXX_COMPILER_LAUNCHER=$(CMAKE_CXX_COMPILER_LAUNCHER)
endif

FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 30

.PHONY: all bootstrap configure build test demo bench clean test-asan test-tsan fuzz format \
  format-check

all: build

bootstrap:
	@bash scripts/bootstrap.sh

configure: bootstrap
	@cmake -S . -B $(BUILD) -G Ninja $(CMAKE_FLAGS) $(LAUNCHER_FLAGS) $(EXTRA_CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

test: build
	@cd $(BUILD) && ctest --output-on-failure -j $(TEST_JOBS) --timeout $(TEST_TIMEOUT)

# The demo needs the two programs only, not the tests.
demo: configure
	@cmake --build $(BUILD) -j $(JOBS) --target aws-resource-manager aws-sandbox
	@bash scripts/demo.sh $(BUILD)

bench:
	@$(MAKE) --no-print-directory build EXTRA_CMAKE_FLAGS=-DARM_BUILD_BENCH=ON
	@bash scripts/bench.sh $(BUILD)

# The whole CTest suite under AddressSanitizer + UndefinedBehaviorSanitizer,
# or under ThreadSanitizer (the parallel executor).
test-asan:
	@$(MAKE) --no-print-directory test SANITIZE=address
test-tsan:
	@$(MAKE) --no-print-directory test SANITIZE=thread

# libFuzzer targets (clang), each run for FUZZ_SECONDS from fuzz/corpus/.
fuzz:
	@bash scripts/bootstrap.sh fuzz
	@cmake -S . -B $(FUZZ_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug \
	  -DCMAKE_CXX_FLAGS_DEBUG="-O1 -gline-tables-only" \
	  -DCMAKE_CXX_COMPILER=clang++ -DARM_FUZZ=ON >/dev/null
	@cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzz_targets
	@bash scripts/fuzz.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

# .clang-format is the style; CI runs format-check before the tests.
FORMAT_FILES = git ls-files -z -- '*.cc' '*.h'
format: bootstrap
	@$(FORMAT_FILES) | xargs -0 clang-format -i
format-check: bootstrap
	@$(FORMAT_FILES) | xargs -0 clang-format --dry-run --Werror

clean:
	rm -rf build build-asan build-tsan $(FUZZ_BUILD)
