#pragma once
// AWS allows 10 UpdateShardCount calls per stream in any rolling 24 hours.
// The state file keeps the times of our own calls (ResourceState::extra,
// "scaling_calls": UTC times, oldest first) so a plan can say before acting
// that a scaling would be cut off half way. Pure functions of those times and
// `now`; calls made by others are not known (AWS's LimitExceededException
// still covers them).
//
// The times are kept in memory while a stage runs and saved with the stage;
// what is on disk before the stage's first call is a reservation per stream
// ("scaling_reserved": [{"from", "until", "calls"}]): `calls` calls made
// between `from` and `until`, counted as if made at `until` (the safe side:
// they leave the window last). A run that dies mid-stage leaves the
// reservation on disk; a finished stage replaces it with the actual times.
#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"

namespace arm {

using TimePoint = std::chrono::system_clock::time_point;

inline constexpr int kKinesisScalingCallsPerDay = 10;
inline constexpr char kScalingCallsKey[] = "scaling_calls";
inline constexpr char kScalingReservedKey[] = "scaling_reserved";
// A recorded call counts for 24 h plus this margin: the record is written
// (to the second, rounded down) just before the call, and AWS's clock may
// differ from ours. Counting a little too long is the safe side.
inline constexpr std::chrono::minutes kScalingWindowMargin{1};
inline constexpr std::chrono::hours kScalingWindow{24};

// Whether `extra` (a state entry's bookkeeping) holds readable call times
// and reservations. The message starts with the field: "scaling_calls[0]:
// expected ...", "scaling_reserved[0].calls: expected ...".
Status CheckScalingCalls(const nlohmann::json& extra);

// The recorded calls that still count against the budget at `now`, oldest
// first (a time that cannot be read counts, as if made at `now`); each
// reserved call counts as made at its reservation's `until`.
std::vector<TimePoint> RecentScalingCalls(const nlohmann::json& extra, TimePoint now);

// Calls left in the budget given the recent ones (never negative).
int ScalingCallsLeft(const std::vector<TimePoint>& recent);

// The earliest time from `now` at which `needed` more calls fit, given the
// recent calls plus `made_now` calls assumed made at `now`; nullopt when
// `needed` exceeds the whole budget (it never fits in one go).
std::optional<TimePoint> WhenScalingCallsFit(std::vector<TimePoint> recent, int made_now,
                                             int needed, TimePoint now);

// Appends `now` to extra["scaling_calls"] and drops the times that no longer
// count (the list never grows past the window).
void RecordScalingCall(nlohmann::json& extra, TimePoint now);

// Adds a reservation of `calls` calls to be made from `now` until `until`.
void ReserveScalingCalls(nlohmann::json& extra, int calls, TimePoint now, TimePoint until);

// Turns reservations left by a run that died mid-stage into calls timed at
// their `until` (how they count); whether `extra` changed. Done before a
// stage reserves, so that the stage's own reservation is the only one.
bool SettleScalingReservations(nlohmann::json& extra, TimePoint now);

// One reserved call was made (its time recorded by RecordScalingCall): the
// oldest reservation's count goes down by one, dropped at zero. False when
// there was no reservation.
bool ConsumeScalingReservation(nlohmann::json& extra);

// Drops every reservation (the stage that made them is over); whether
// `extra` changed.
bool DropScalingReservations(nlohmann::json& extra);

// AWS allows two capacity-mode switches (UpdateStreamMode) per stream in any
// rolling 24 hours. extra["mode_switches"] keeps their times; a switch is
// recorded before its stage runs, at the latest time it can be made (the
// safe side, as for a scaling reservation), so nothing else needs settling.
inline constexpr int kKinesisModeSwitchesPerDay = 2;
inline constexpr char kModeSwitchesKey[] = "mode_switches";

// The recorded switches that still count at `now`, oldest first.
std::vector<TimePoint> RecentModeSwitches(const nlohmann::json& extra, TimePoint now);
// Switches left given the recent ones (never negative).
int ModeSwitchesLeft(const std::vector<TimePoint>& recent);
// The earliest time from `now` at which `needed` more switches fit, given the
// recent ones plus `made_now` made at `now`; nullopt when `needed` exceeds
// the whole budget.
std::optional<TimePoint> WhenModeSwitchesFit(std::vector<TimePoint> recent, int made_now,
                                             int needed, TimePoint now);
// Appends `at` to extra["mode_switches"], dropping the times that no longer
// count at `now`.
void RecordModeSwitch(nlohmann::json& extra, TimePoint at, TimePoint now);

// "2026-11-27T18:02Z": rounded up to the minute (a time to try again after).
std::string FormatRetryTime(TimePoint t);

}  // namespace arm
