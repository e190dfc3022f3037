#pragma once
// What the schedule wants at an instant, and when that changes. Pure: the
// time zone comes from tzdata, everything else is given.
//
// Desired state at instant t: running when t lies in an occurrence of a
// period and t's local date is not a holiday; else parked. An occurrence of
// "Mon 22:00-06:00" is [Mon 22:00, Tue 06:00) in local time, each end turned
// into an instant by ToInstant (a time skipped by the clocks going forward is
// the instant of the jump; a time that happens twice is its first
// occurrence). A holiday parks its local day 00:00-24:00, also the part of an
// occurrence that started the day before. An active override (from its
// creation until `until`) wins over all of it.
#include <optional>
#include <string>
#include <vector>

#include "schedule/holidays.h"
#include "schedule/periods.h"
#include "schedule/zone.h"

namespace arm {

enum class Desired { kRunning, kParked };
const char* DesiredName(Desired d);  // "running" | "parked"

// A temporary exception (override command): from `since` until `until` the
// resources are `state`, whatever the periods say.
struct Override {
  Desired state = Desired::kRunning;
  SysSeconds since{};
  SysSeconds until{};
  std::string who;       // "alice@build-host"
  std::string reason;    // may be ""
  bool cleared = false;  // ended early by --clear (until is then the clear time)
  bool ActiveAt(SysSeconds t) const { return since <= t && t < until; }
};

struct Transition {
  SysSeconds at{};
  Desired to = Desired::kRunning;
  // Why: "start of Mon-Fri 08:00-18:00", "holiday 2026-12-25 Christmas Day",
  // "override until ... (alice: release)", "override ended".
  std::string why;
  bool holiday = false;
  bool by_override = false;
};

struct DesiredState {
  Desired state = Desired::kParked;
  // "outside Mon-Fri 08:00-18:00 Europe/Berlin", "inside ...", "holiday
  // 2026-12-25 (Christmas Day)", "override by alice until ...".
  std::string why;
};

class Schedule {
 public:
  Schedule(const date::time_zone* zone, std::vector<Period> periods, Holidays holidays)
      : zone_(zone), periods_(std::move(periods)), holidays_(std::move(holidays)) {}

  void set_override(std::optional<Override> o) { override_ = std::move(o); }
  const std::optional<Override>& override_state() const { return override_; }

  DesiredState At(SysSeconds t) const;
  // The first change strictly after `t` within `horizon`, or none (a
  // schedule that never changes).
  std::optional<Transition> Next(SysSeconds t, std::chrono::hours horizon = kHorizon) const;
  // The last change at or before `t` within `horizon`.
  std::optional<Transition> Previous(SysSeconds t, std::chrono::hours horizon = kHorizon) const;
  // Every change in (from, to], in order.
  std::vector<Transition> Between(SysSeconds from, SysSeconds to) const;

  const date::time_zone* zone() const { return zone_; }
  const std::vector<Period>& periods() const { return periods_; }
  const Holidays& holidays() const { return holidays_; }
  // "Mon-Fri 08:00-18:00 Europe/Berlin".
  std::string Describe() const;

  static constexpr std::chrono::hours kHorizon{24 * 400};

 private:
  // The schedule alone (no override): running and why.
  DesiredState ByPeriods(SysSeconds t) const;
  // Instants where the state may change in [from, to] (unsorted).
  std::vector<SysSeconds> Candidates(SysSeconds from, SysSeconds to) const;
  Transition Describe(SysSeconds at, Desired to) const;

  const date::time_zone* zone_;
  std::vector<Period> periods_;
  Holidays holidays_;
  std::optional<Override> override_;
};

}  // namespace arm
