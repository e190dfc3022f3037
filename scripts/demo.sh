#!/usr/bin/env bash
# make demo: the whole story on the local aws-sandbox with the demo estate
# (config/demo-estate.json): status -> stop --dry-run -> stop -> status ->
# start -> status -> history -> schedule. Talks only to 127.0.0.1; nothing outside build/ is written.
set -euo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
work="$root/$build/demo"
rm -rf "$work" && mkdir -p "$work"

"$root/$build/aws-sandbox" --port 0 --port-file "$work/port" --estate "$root/config/demo-estate.json" \
  --endpoint-create-seconds 3 >"$work/sandbox.log" 2>&1 &
sandbox_pid=$!
trap 'kill "$sandbox_pid" 2>/dev/null || true; wait "$sandbox_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do [ -s "$work/port" ] && break; sleep 0.05; done
endpoint=$(sed -n 's/^listening on //p' "$work/port")
[ -n "$endpoint" ] || { echo "aws-sandbox did not start; see $work/sandbox.log" >&2; exit 1; }

export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1
export LOG_DIR="$work/logs"  # debug log and operation reports stay in build/
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_EC2_METADATA_DISABLED=true
arm() {
  "$root/$build/aws-resource-manager" --config "$root/config/demo.conf" --endpoint-url "$endpoint" \
    --state-file "$work/aws-resource-state.json" "$@"
}
# Bold headings only on a terminal, never with NO_COLOR.
if [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then
  step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
else
  step() { printf '\n==> %s\n' "$*"; }
fi

step "aws-sandbox is serving the demo estate at $endpoint (account 000000000000, us-east-1)"
step "1. status: what runs now and what it costs while nobody uses it"
arm status
step "2. stop --dry-run: the exact plan and the cost change; nothing is changed"
arm stop --dry-run
step "3. stop --force: record every original configuration, then park (6 PM, from cron)"
arm stop --force
step "4. status: parked; the state file remembers how everything was"
arm status
step "5. start --force: restore exactly what was recorded, wait for the endpoint, verify (8 AM)"
arm start --force
step "6. status: back as it was"
arm status
step "7. history: the audit trail of every run (reports in $work/logs/operations)"
arm history
step "8. schedule: office hours in Berlin instead of two cron lines (reconcile applies them)"
SCHEDULE_TIMEZONE=Europe/Berlin SCHEDULE_RUNNING="Mon-Fri 08:00-18:00" arm schedule --days 3
step "Done. The state file is $work/aws-resource-state.json; the sandbox has been stopped."
