#!/usr/bin/env bash
# make demo: until the sandbox and the commands land, show the CLI.
set -euo pipefail
build=${1:-build}
"$build/aws-resource-manager" --version
"$build/aws-resource-manager" --help
