#!/usr/bin/env bash
# Installs the Debian packages the build and the tests need, only when missing.
# A warm machine pays one dpkg query per package and nothing else.
# `scripts/bootstrap.sh fuzz` adds what `make fuzz` needs on top: clang and
# its runtime libraries (libFuzzer, ASan, UBSan), which clang only
# recommends, so --no-install-recommends would leave them out.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  ccache   # the Makefile uses it when present; clones share one cache
  clang-format   # make format / make format-check (CI checks the style)
  libcurl4-openssl-dev libssl-dev nlohmann-json3-dev libcli11-dev
  libspdlog-dev libfmt-dev libpugixml-dev libcpp-httplib-dev
  libgtest-dev libgmock-dev
  libhowardhinnant-date-dev libical-dev   # schedules: IANA time zones, iCalendar holidays
  awscli   # tests only: an independent client for the sandbox conformance suite
  zsh groff-base   # tests only: the zsh completion script and the man page (skipped when absent)
)
case "${1:-}" in
  "") ;;
  fuzz) packages+=(clang libclang-rt-14-dev) ;;
  *) echo "usage: scripts/bootstrap.sh [fuzz]" >&2; exit 2 ;;
esac

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "bootstrap: installing ${missing[*]}" >&2
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "bootstrap: missing packages (${missing[*]}) and not root; run as root: sudo scripts/bootstrap.sh" >&2
    exit 2
  fi
else
  SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
