#!/usr/bin/env bash
# Runs every libFuzzer target built in BUILD for SECONDS each (make fuzz).
# Seeds come from fuzz/corpus/<target>/ and are never written to: new inputs
# go to BUILD/fuzz-corpus/<target>/, crashes to BUILD/fuzz-artifacts/.
# Prints one summary line per target; exits 1 if any target found a crash.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:?usage: scripts/fuzz.sh BUILD_DIR SECONDS}
seconds=${2:-30}

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

failed=()
summary=()
while read -r target; do
  [ -n "$target" ] || continue
  work="$build/fuzz-corpus/$target"
  artifacts="$build/fuzz-artifacts/$target/"
  log="$build/fuzz-logs/$target.log"
  mkdir -p "$work" "$artifacts" "$(dirname "$log")"
  seeds=()
  [ -d "fuzz/corpus/$target" ] && seeds=("fuzz/corpus/$target")
  echo "fuzz: $target for ${seconds}s" >&2
  rc=0
  "$build/fuzz/${target}_fuzzer" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -max_len=8192 -print_final_stats=1 \
    -artifact_prefix="$artifacts" "$work" "${seeds[@]}" >"$log" 2>&1 || rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  corpus=$(ls "$work" | wc -l)
  line="$target: ${execs:-?} executions, corpus $corpus, exit $rc"
  if [ "$rc" -ne 0 ]; then
    failed+=("$target")
    line+=" -- CRASH, see $log and $artifacts"
  fi
  summary+=("$line")
done <"$build/fuzz_targets.txt"

printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -ne 0 ]; then
  echo "fuzz: crashes in ${failed[*]}" >&2
  exit 1
fi
