#pragma once
// The transition rule of `reconcile` (docs/design.md, "Schedules"). Pure.
//
// Reconcile acts on transitions, not on every difference between the
// schedule and the estate: it applies the most recent transition (a period
// starting or ending, a holiday, an override starting or ending) once, and
// then leaves the resources alone until the next one, so a manual start at
// 20:00 is respected until the next scheduled stop. A run that comes late
// still applies the most recent transition it missed (only that one: what
// was due before it is overtaken). With SCHEDULE_ENFORCE=true every run
// brings the resources to what the schedule wants now.
//
// Per type: what was applied is recorded for each resource type the run
// covered (ReconcileLog), so a run narrowed by --only leaves the transition
// due for the other types. A run that failed is retried after a back-off
// (RetryAt), not on every tick, for the types whose run failed; a new
// transition is tried at once. A stop or start by hand records its types as
// applied (NoteManualRun), so a retry never undoes it. A park that AWS ends
// by itself during a parked period (ParkEnded) makes its type due again.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "schedule/schedule.h"
#include "schedule/store.h"

namespace arm {

struct Decision {
  DesiredState desired;
  bool act = false;  // run stop (parked) or start (running)
  // Not acting because the transition's last run failed for every due type
  // and its back-off has not passed (act is false).
  bool waiting = false;
  // Why it acts or not, one line: "the transition at 2026-03-30 08:00 CEST
  // (start of Mon-Fri 08:00-18:00) was not applied yet".
  std::string why;
  std::optional<Transition> last;  // the most recent transition at or before now
  std::optional<Transition> next;  // the next one after now
  // What to record once the run succeeded, for each type in `due`.
  ReconcileRecord record;
  // The selected types the run is for: those the transition is due for and
  // not waiting for a back-off.
  std::vector<std::string> due;
  // Those of `due` that are due only because AWS ended their park (`ended`).
  std::vector<std::string> reparked;
};

// When AWS ended a park by itself (RDS starts a database stopped for 7
// days), from the state file: the latest such time at or before now for one
// type, and why (ParkExpiry, resources/capabilities.h).
struct ParkEnded {
  SysSeconds at{};
  std::string why;  // "AWS starts a database stopped for 7 days"
};

// `types`: the selectors the run may act on (--only/--exclude applied).
// `ended`: selector -> when AWS last ended one of its parks. In a parked
// period, a type whose transition was applied before that time is due
// again: the run parks what AWS started.
Decision Decide(const Schedule& schedule, const ReconcileLog& log,
                const std::vector<std::string>& types, bool enforce, SysSeconds now,
                const std::map<std::string, ParkEnded>& ended = {});

// When to try a failed transition again, after its `attempts`-th failed run
// at `failed_at`: 15 minutes, doubling with each attempt, at most 4 hours;
// a failure that cannot clear by itself (`lasting`: credentials, a denied
// permission, bad configuration) starts at 1 hour.
SysSeconds RetryAt(int attempts, bool lasting, SysSeconds failed_at);

}  // namespace arm
