#!/usr/bin/env bash
# make bench: benchmark programs (the large-estate one takes ~20 minutes); the figures go to docs/performance.md by hand
# with the date and the machine's load.
set -euo pipefail
build=${1:-build}
echo "== aws-sandbox throughput (loopback, keep-alive, SigV4 verified) =="
"$build/sandbox_throughput" 20000 4
echo "== aws-resource-manager --help start-up =="
start=$(date +%s%N); "$build/aws-resource-manager" --help >/dev/null; end=$(date +%s%N)
echo "--help: $(( (end - start) / 1000000 )) ms"
echo "== large estate: status/stop/start at MAX_WORKERS 1, 10, 50, throttled and rate-limited runs (about 20 minutes; see docs/performance.md) =="
"$build/large_estate" --json "$build/bench-large-estate.json"
