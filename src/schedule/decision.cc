#include "schedule/decision.h"

#include <algorithm>

namespace arm {
namespace {

std::string JoinTypes(const std::vector<std::string>& types) {
  std::string out;
  for (const auto& t : types) out += (out.empty() ? "" : ", ") + t;
  return out;
}

}  // namespace

SysSeconds RetryAt(int attempts, bool lasting, SysSeconds failed_at) {
  const std::chrono::minutes cap(4 * 60);
  std::chrono::minutes wait(lasting ? 60 : 15);
  for (int i = 1; i < attempts && wait < cap; ++i) wait *= 2;
  return failed_at + std::min(wait, cap);
}

Decision Decide(const Schedule& schedule, const ReconcileLog& log,
                const std::vector<std::string>& types, bool enforce, SysSeconds now,
                const std::map<std::string, ParkEnded>& ended) {
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
  const ReconcileRecord* later = nullptr;  // applied after `now`: the clock went back
  std::vector<std::string> first;          // types never reconciled
  std::vector<std::string>& reparked = d.reparked;
  std::string reparked_why;
  for (const auto& type : types) {
    const ReconcileRecord* r = log.For(type);
    if (r == nullptr) {
      first.push_back(type);
      d.due.push_back(type);
    } else if (d.last && d.last->at > r->transition) {
      d.due.push_back(type);
    } else if (r->transition > now) {
      if (later == nullptr || r->transition > later->transition) later = r;
    } else if (auto e = ended.find(type); e != ended.end() && d.desired.state == Desired::kParked &&
                                          r->state == Desired::kParked &&
                                          e->second.at > r->applied_at && e->second.at <= now) {
      d.due.push_back(type);
      reparked.push_back(type);
      reparked_why += std::string(reparked_why.empty() ? "" : "; ") + type +
                      ": AWS ended its park at " + FormatLocal(zone, e->second.at) + " (" +
                      e->second.why + "), after the transition was applied";
    }
  }
  if (enforce) {
    d.act = true;
    d.due = types;
    d.why = "SCHEDULE_ENFORCE=true: the resources are kept " +
            std::string(DesiredName(d.desired.state)) + " whatever was changed by hand";
  } else if (!d.due.empty() && reparked.size() == d.due.size()) {
    d.act = true;
    d.why = reparked_why + ": parking it again";
  } else if (!d.due.empty()) {
    d.act = true;
    std::vector<std::string> transition_due = d.due;
    std::erase_if(transition_due, [&](const std::string& t) {
      return std::count(reparked.begin(), reparked.end(), t) > 0;
    });
    const std::string which =
        transition_due.size() == types.size() ? "" : " for " + JoinTypes(transition_due);
    if (first.size() == transition_due.size()) {
      d.why = "no transition applied yet" + which +
              " (first reconcile): bringing the resources to what the schedule wants now";
    } else {
      d.why = "the transition at " + (d.last ? when(*d.last) : std::string("?")) +
              " was not applied yet" + which;
      if (d.last && now - d.last->at > std::chrono::minutes(30))
        d.why += " (missed: applied late, at " + FormatLocal(zone, now) + ")";
    }
    if (!reparked.empty()) d.why += "; " + reparked_why + ": parked again";
  } else if (later != nullptr) {
    d.why = "nothing done: " + FormatLocal(zone, now) +
            " is earlier than the transition already applied, at " +
            FormatLocal(zone, later->transition) + " (recorded " +
            FormatLocal(zone, later->applied_at) +
            "); the clock or --now went back, and a past transition is never applied again";
    return d;
  } else {
    const ReconcileRecord* applied = log.For(types.empty() ? kAllTypes : types.front());
    d.why = "nothing due: the last transition" + (d.last ? " at " + when(*d.last) : std::string()) +
            " was applied" +
            (applied ? " at " + FormatLocal(zone, applied->applied_at) : std::string()) +
            "; changes made by hand since are left alone until the next transition" +
            (d.next ? " at " + when(*d.next) : std::string(" (none within 400 days)"));
    return d;
  }
  // The back-off, per type: a type whose run for this transition failed
  // waits until its retry time; the other due types go ahead.
  std::vector<std::string> waiting;
  const FailedRun* soonest = nullptr;
  std::erase_if(d.due, [&](const std::string& type) {
    const FailedRun* f = log.FailedFor(type);
    if (f == nullptr || f->transition != d.record.transition || f->state != d.desired.state ||
        now >= f->retry_at)
      return false;
    waiting.push_back(type);
    if (soonest == nullptr || f->retry_at < soonest->retry_at) soonest = f;
    return true;
  });
  if (soonest == nullptr) return d;
  const std::string which = waiting.size() == types.size() ? "" : " for " + JoinTypes(waiting);
  const std::string wait =
      "the " + std::string(soonest->state == Desired::kParked ? "stop" : "start") +
      " for the transition at " + FormatLocal(zone, soonest->transition) + which + " failed " +
      std::to_string(soonest->attempts) + (soonest->attempts == 1 ? " time" : " times") +
      " (last at " + FormatLocal(zone, soonest->last_attempt) + ": " + soonest->why +
      "); next attempt at " + FormatLocal(zone, soonest->retry_at) +
      " (back-off; a stop or start by hand runs at once)";
  if (d.due.empty()) {
    d.act = false;
    d.waiting = true;
    d.why = "waiting: " + wait;
  } else {
    d.why += "; waiting: " + wait;
  }
  return d;
}

}  // namespace arm
