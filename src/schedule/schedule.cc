#include "schedule/schedule.h"

#include <algorithm>

namespace arm {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

// 0 = Monday.
int Weekday(date::local_days d) {
  return static_cast<int>((date::weekday{d}.c_encoding() + 6) % 7);
}

std::string IsoDay(date::local_days d) { return date::format("%Y-%m-%d", d); }

}  // namespace

const char* DesiredName(Desired d) { return d == Desired::kRunning ? "running" : "parked"; }

std::string Schedule::Describe() const {
  std::string out;
  for (const auto& p : periods_) out += (out.empty() ? "" : "; ") + p.text;
  return out + " " + std::string(zone_->name());
}

DesiredState Schedule::ByPeriods(SysSeconds t) const {
  const date::local_days today = date::floor<date::days>(ToLocal(zone_, t));
  if (const std::string* name = holidays_.Find(today))
    return {Desired::kParked,
            "holiday " + IsoDay(today) + (name->empty() ? "" : " (" + *name + ")")};
  for (date::local_days d : {today - date::days(1), today}) {
    for (const auto& p : periods_) {
      if (!p.StartsOn(Weekday(d))) continue;
      LocalSeconds start{d.time_since_epoch() + minutes(p.start_minute)};
      SysSeconds from = ToInstant(zone_, start);
      SysSeconds to = ToInstant(zone_, start + minutes(p.Minutes()));
      if (from <= t && t < to) return {Desired::kRunning, "inside " + Describe()};
    }
  }
  return {Desired::kParked, "outside " + Describe()};
}

DesiredState Schedule::At(SysSeconds t) const {
  if (override_ && override_->ActiveAt(t))
    return {override_->state,
            "override by " + override_->who + " until " + FormatLocal(zone_, override_->until) +
                (override_->reason.empty() ? "" : " (" + override_->reason + ")")};
  return ByPeriods(t);
}

std::vector<SysSeconds> Schedule::Candidates(SysSeconds from, SysSeconds to) const {
  std::vector<SysSeconds> out;
  date::local_days first = date::floor<date::days>(ToLocal(zone_, from)) - date::days(1);
  date::local_days last = date::floor<date::days>(ToLocal(zone_, to)) + date::days(1);
  for (date::local_days d = first; d <= last; d += date::days(1)) {
    out.push_back(ToInstant(zone_, LocalSeconds{d.time_since_epoch()}));  // holidays
    for (const auto& p : periods_) {
      if (!p.StartsOn(Weekday(d))) continue;
      LocalSeconds start{d.time_since_epoch() + minutes(p.start_minute)};
      out.push_back(ToInstant(zone_, start));
      out.push_back(ToInstant(zone_, start + minutes(p.Minutes())));
    }
  }
  if (override_) {
    out.push_back(override_->since);
    out.push_back(override_->until);
  }
  return out;
}

Transition Schedule::Describe(SysSeconds at, Desired to) const {
  Transition tr;
  tr.at = at;
  tr.to = to;
  const bool overridden_now = override_ && override_->ActiveAt(at);
  const bool overridden_before = override_ && override_->ActiveAt(at - seconds(1));
  if (overridden_now) {
    tr.by_override = true;
    tr.why = std::string("override: ") + DesiredName(to) + " until " +
             FormatLocal(zone_, override_->until) + " (" + override_->who +
             (override_->reason.empty() ? "" : ": " + override_->reason) + ")";
    return tr;
  }
  if (overridden_before) {
    tr.by_override = true;
    tr.why = override_->cleared ? "override cleared" : "override ended";
    return tr;
  }
  const date::local_days day = date::floor<date::days>(ToLocal(zone_, at));
  const date::local_days before = date::floor<date::days>(ToLocal(zone_, at - seconds(1)));
  if (const std::string* name = holidays_.Find(day); name && to == Desired::kParked) {
    tr.holiday = true;
    tr.why = "holiday " + IsoDay(day) + (name->empty() ? "" : " (" + *name + ")");
    return tr;
  }
  if (const std::string* name = holidays_.Find(before); name && before != day) {
    tr.holiday = true;
    tr.why = "end of holiday " + IsoDay(before);
    return tr;
  }
  // The period whose start (running) or end (parked) is here.
  for (date::local_days d : {day - date::days(1), day}) {
    for (const auto& p : periods_) {
      if (!p.StartsOn(Weekday(d))) continue;
      LocalSeconds start{d.time_since_epoch() + minutes(p.start_minute)};
      if (to == Desired::kRunning && ToInstant(zone_, start) == at) {
        tr.why = "start of " + p.text;
        return tr;
      }
      if (to == Desired::kParked && ToInstant(zone_, start + minutes(p.Minutes())) == at) {
        tr.why = "end of " + p.text;
        return tr;
      }
    }
  }
  tr.why = to == Desired::kRunning ? "running" : "parked";
  return tr;
}

std::vector<Transition> Schedule::Between(SysSeconds from, SysSeconds to) const {
  std::vector<SysSeconds> c = Candidates(from, to);
  std::sort(c.begin(), c.end());
  c.erase(std::unique(c.begin(), c.end()), c.end());
  std::vector<Transition> out;
  for (SysSeconds at : c) {
    if (at <= from || at > to) continue;
    Desired now = At(at).state;
    if (now != At(at - seconds(1)).state) out.push_back(Describe(at, now));
  }
  return out;
}

std::optional<Transition> Schedule::Next(SysSeconds t, std::chrono::hours horizon) const {
  // Week by week: the next change is nearly always within days.
  for (SysSeconds from = t; from < t + horizon; from += std::chrono::hours(24 * 7)) {
    auto found =
        Between(from, std::min<SysSeconds>(from + std::chrono::hours(24 * 7), t + horizon));
    if (!found.empty()) return found.front();
  }
  return std::nullopt;
}

std::optional<Transition> Schedule::Previous(SysSeconds t, std::chrono::hours horizon) const {
  for (SysSeconds to = t; to > t - horizon; to -= std::chrono::hours(24 * 7)) {
    auto found = Between(std::max<SysSeconds>(to - std::chrono::hours(24 * 7), t - horizon), to);
    if (!found.empty()) return found.back();
  }
  return std::nullopt;
}

}  // namespace arm
