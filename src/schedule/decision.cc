#include "schedule/decision.h"

namespace arm {

Decision Decide(const Schedule& schedule, const std::optional<ReconcileRecord>& applied,
                bool enforce, SysSeconds now) {
  Decision d;
  d.desired = schedule.At(now);
  d.last = schedule.Previous(now);
  d.next = schedule.Next(now);
  d.record.state = d.desired.state;
  d.record.applied_at = now;
  // Without a transition in the horizon (a schedule that never changes) the
  // run itself is what gets recorded.
  d.record.transition = d.last ? d.last->at : now;
  const date::time_zone* zone = schedule.zone();
  auto when = [&](const Transition& t) { return FormatLocal(zone, t.at) + " (" + t.why + ")"; };
  if (enforce) {
    d.act = true;
    d.why = "SCHEDULE_ENFORCE=true: the resources are kept " +
            std::string(DesiredName(d.desired.state)) + " whatever was changed by hand";
    return d;
  }
  if (!applied) {
    d.act = true;
    d.why =
        "no transition applied yet (first reconcile): bringing the resources to what the "
        "schedule wants now";
    return d;
  }
  if (d.last && d.last->at > applied->transition) {
    d.act = true;
    d.why = "the transition at " + when(*d.last) + " was not applied yet";
    if (now - d.last->at > std::chrono::minutes(30))
      d.why += " (missed: applied late, at " + FormatLocal(zone, now) + ")";
    return d;
  }
  d.act = false;
  d.why = "nothing due: the last transition" + (d.last ? " at " + when(*d.last) : std::string()) +
          " was applied at " + FormatLocal(zone, applied->applied_at) +
          "; changes made by hand since are left alone until the next transition" +
          (d.next ? " at " + when(*d.next) : std::string(" (none within 400 days)"));
  return d;
}

}  // namespace arm
