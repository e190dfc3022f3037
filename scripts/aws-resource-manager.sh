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
cd "$root"
exec "$bin" "$@"
