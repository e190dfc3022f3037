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
#include <optional>
#include <string>

#include "schedule/schedule.h"
#include "schedule/store.h"

namespace arm {

struct Decision {
  DesiredState desired;
  bool act = false;  // run stop (parked) or start (running)
  // Why it acts or not, one line: "the transition at 2026-03-30 08:00 CEST
  // (start of Mon-Fri 08:00-18:00) was not applied yet".
  std::string why;
  std::optional<Transition> last;  // the most recent transition at or before now
  std::optional<Transition> next;  // the next one after now
  // What to record once the run succeeded.
  ReconcileRecord record;
};

Decision Decide(const Schedule& schedule, const std::optional<ReconcileRecord>& applied,
                bool enforce, SysSeconds now);

}  // namespace arm
