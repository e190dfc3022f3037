#!/usr/bin/env bash
# Thin wrapper kept for existing crontabs: runs the built binary with the
# same arguments (e.g. ./scripts/aws-resource-manager.sh stop --force).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin="${ARM_BINARY:-$root/build/aws-resource-manager}"
if [ ! -x "$bin" ]; then
  echo "aws-resource-manager is not built yet: run 'make' in $root" >&2
  exit 2
fi
# Default files and the paths inside the config file are found from the
# repository root; paths given on the command line are resolved by the binary
# from the caller's folder (ARM_CALLER_DIR).
export ARM_CALLER_DIR="$PWD"
cd "$root"
exec "$bin" "$@"
