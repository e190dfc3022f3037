# The README contract: make demo | make test | make bench. Thin over CMake.
BUILD ?= build
JOBS ?= 2
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG"

# Sanitizer and fuzz builds live in their own folders (docs/reliability.md).
ASAN_BUILD ?= build-asan
TSAN_BUILD ?= build-tsan
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 30
# -O1 -g: usable stacks at a bearable speed; assertions stay on.
SANITIZE_FLAGS ?= -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-g -O1"

.PHONY: all bootstrap configure build test demo bench clean test-asan test-asan-ci test-tsan fuzz

all: build

bootstrap:
	@bash scripts/bootstrap.sh

configure: bootstrap
	@cmake -S . -B $(BUILD) -G Ninja $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

test: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS) --timeout 300

demo: build
	@bash scripts/demo.sh $(BUILD)

bench: build
	@bash scripts/bench.sh $(BUILD)

# The whole CTest suite under AddressSanitizer + UndefinedBehaviorSanitizer.
test-asan: bootstrap
	@cmake -S . -B $(ASAN_BUILD) -G Ninja $(SANITIZE_FLAGS) -DARM_SANITIZE=address >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)
	@cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:strict_string_checks=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS) --timeout 600

# The CI's ASan/UBSan step: the product, its unit tests and the e2e suites
# (crash, bad input, security, drift...) at -O1 -g0, without the sandbox's
# AWS CLI conformance tests and the fault-seed test, which only sleep longer
# under ASan. Figures in docs/reliability.md ("CI").
ASAN_CI_BUILD ?= build-asan-ci
test-asan-ci: bootstrap
	@cmake -S . -B $(ASAN_CI_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g0" \
	  -DARM_SANITIZE=address >/dev/null
	@cmake --build $(ASAN_CI_BUILD) -j $(JOBS) --target aws-resource-manager unit_tests e2e_tests
	@cd $(ASAN_CI_BUILD) && export ASAN_OPTIONS=detect_leaks=1:strict_string_checks=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 && ./unit_tests --gtest_brief=1 && \
	  ARM_BIN_DIR=$$PWD ./e2e_tests --gtest_brief=1 --gtest_filter=-FaultsTest.*

# The whole CTest suite under ThreadSanitizer (the parallel executor).
test-tsan: bootstrap
	@cmake -S . -B $(TSAN_BUILD) -G Ninja $(SANITIZE_FLAGS) -DARM_SANITIZE=thread >/dev/null
	@cmake --build $(TSAN_BUILD) -j $(JOBS)
	@cd $(TSAN_BUILD) && TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
	  ctest --output-on-failure -j $(JOBS) --timeout 600

# libFuzzer targets (clang), each run for FUZZ_SECONDS from fuzz/corpus/.
fuzz:
	@bash scripts/bootstrap.sh fuzz
	@cmake -S . -B $(FUZZ_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug \
	  -DCMAKE_CXX_FLAGS_DEBUG="-O1 -gline-tables-only" \
	  -DCMAKE_CXX_COMPILER=clang++ -DARM_FUZZ=ON >/dev/null
	@cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzz_targets
	@bash scripts/fuzz.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(TSAN_BUILD) $(FUZZ_BUILD)
