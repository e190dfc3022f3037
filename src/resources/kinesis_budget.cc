#include "resources/kinesis_budget.h"

#include <algorithm>

#include "core/clock.h"

namespace arm {
namespace {

bool Counts(TimePoint call, TimePoint now) {
  return now < call + kScalingWindow + kScalingWindowMargin;
}

// Reserved calls the entry stands for; an unreadable count stands for a whole
// day's budget (the safe side).
int ReservedCalls(const nlohmann::json& r) {
  auto it = r.is_object() ? r.find("calls") : r.end();
  if (it == r.end() || !it->is_number_integer()) return kKinesisScalingCallsPerDay;
  return static_cast<int>(
      std::clamp<int64_t>(it->get<int64_t>(), 0, kKinesisScalingCallsPerDay * 100));
}

// The times of extra[key] that still count at `now` (an unreadable time
// counts, as if made at `now`).
std::vector<TimePoint> RecentTimes(const nlohmann::json& extra, const char* key, TimePoint now) {
  std::vector<TimePoint> out;
  if (!extra.is_object()) return out;
  auto it = extra.find(key);
  if (it == extra.end() || !it->is_array()) return out;
  for (const auto& v : *it) {
    TimePoint t = now;
    if (v.is_string() && !ParseIso8601(v.get<std::string>(), &t)) t = now;
    if (Counts(t, now)) out.push_back(t);
  }
  return out;
}

std::optional<TimePoint> WhenFit(std::vector<TimePoint> recent, int made_now, int needed,
                                 TimePoint now, int per_day) {
  if (needed > per_day) return std::nullopt;
  recent.insert(recent.end(), static_cast<size_t>(std::max(made_now, 0)), now);
  std::sort(recent.begin(), recent.end());
  // The oldest `excess` calls have to leave the window first.
  int excess = static_cast<int>(recent.size()) + needed - per_day;
  if (excess <= 0) return now;
  return std::max(now,
                  recent[static_cast<size_t>(excess - 1)] + kScalingWindow + kScalingWindowMargin);
}

void AppendTime(nlohmann::json& extra, const char* key, TimePoint at, TimePoint now) {
  if (!extra.is_object()) extra = nlohmann::json::object();
  nlohmann::json kept = nlohmann::json::array();
  auto it = extra.find(key);
  if (it != extra.end() && it->is_array()) {
    for (const auto& v : *it) {
      TimePoint t;
      // An unreadable time is kept: it may be a call that still counts.
      if (!v.is_string() || !ParseIso8601(v.get<std::string>(), &t) || Counts(t, now))
        kept.push_back(v);
    }
  }
  kept.push_back(FormatIso8601(at));
  extra[key] = std::move(kept);
}

Status CheckTime(const nlohmann::json& v, const std::string& field) {
  TimePoint t;
  if (!v.is_string() || !ParseIso8601(v.get<std::string>(), &t))
    return Status::InvalidArgument(field + ": expected a UTC time like 2026-11-26T03:55:04Z, got " +
                                   v.dump());
  return Status::Ok();
}

Status CheckReservations(const nlohmann::json& extra) {
  auto it = extra.find(kScalingReservedKey);
  if (it == extra.end()) return Status::Ok();
  const std::string key = kScalingReservedKey;
  if (!it->is_array())
    return Status::InvalidArgument(
        key + ": expected a list of {\"from\", \"until\", \"calls\"}, got " + it->dump());
  for (size_t i = 0; i < it->size(); ++i) {
    const auto& r = (*it)[i];
    const std::string field = key + "[" + std::to_string(i) + "]";
    if (!r.is_object())
      return Status::InvalidArgument(field + ": expected {\"from\", \"until\", \"calls\"}, got " +
                                     r.dump());
    for (const char* name : {"from", "until"})
      ARM_RETURN_IF_ERROR(
          CheckTime(r.contains(name) ? r[name] : nlohmann::json(), field + "." + name));
    auto calls = r.find("calls");
    if (calls == r.end() || !calls->is_number_integer() || calls->get<int64_t>() < 1 ||
        calls->get<int64_t>() > 1000)
      return Status::InvalidArgument(field +
                                     ".calls: expected a whole number from 1 to 1000, got " +
                                     (calls == r.end() ? std::string("nothing") : calls->dump()));
  }
  return Status::Ok();
}

Status CheckTimes(const nlohmann::json& extra, const char* key) {
  auto it = extra.find(key);
  if (it == extra.end()) return Status::Ok();
  if (!it->is_array())
    return Status::InvalidArgument(std::string(key) + ": expected a list of UTC times, got " +
                                   it->dump());
  for (size_t i = 0; i < it->size(); ++i)
    ARM_RETURN_IF_ERROR(CheckTime((*it)[i], std::string(key) + "[" + std::to_string(i) + "]"));
  return Status::Ok();
}

}  // namespace

Status CheckScalingCalls(const nlohmann::json& extra) {
  if (!extra.is_object()) return Status::Ok();
  ARM_RETURN_IF_ERROR(CheckTimes(extra, kModeSwitchesKey));
  auto it = extra.find(kScalingCallsKey);
  if (it == extra.end()) return CheckReservations(extra);
  if (!it->is_array())
    return Status::InvalidArgument(std::string(kScalingCallsKey) +
                                   ": expected a list of UTC times, got " + it->dump());
  for (size_t i = 0; i < it->size(); ++i)
    ARM_RETURN_IF_ERROR(
        CheckTime((*it)[i], std::string(kScalingCallsKey) + "[" + std::to_string(i) + "]"));
  return CheckReservations(extra);
}

std::vector<TimePoint> RecentScalingCalls(const nlohmann::json& extra, TimePoint now) {
  std::vector<TimePoint> out = RecentTimes(extra, kScalingCallsKey, now);
  if (!extra.is_object()) return out;
  auto reserved = extra.find(kScalingReservedKey);
  if (reserved != extra.end() && reserved->is_array()) {
    for (const auto& r : *reserved) {
      TimePoint until = now;
      auto u = r.is_object() ? r.find("until") : r.end();
      if (u == r.end() || !u->is_string() || !ParseIso8601(u->get<std::string>(), &until))
        until = now;
      if (Counts(until, now)) out.insert(out.end(), static_cast<size_t>(ReservedCalls(r)), until);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

int ScalingCallsLeft(const std::vector<TimePoint>& recent) {
  return std::max(0, kKinesisScalingCallsPerDay - static_cast<int>(recent.size()));
}

std::optional<TimePoint> WhenScalingCallsFit(std::vector<TimePoint> recent, int made_now,
                                             int needed, TimePoint now) {
  return WhenFit(std::move(recent), made_now, needed, now, kKinesisScalingCallsPerDay);
}

void RecordScalingCall(nlohmann::json& extra, TimePoint now) {
  AppendTime(extra, kScalingCallsKey, now, now);
}

std::vector<TimePoint> RecentModeSwitches(const nlohmann::json& extra, TimePoint now) {
  std::vector<TimePoint> out = RecentTimes(extra, kModeSwitchesKey, now);
  std::sort(out.begin(), out.end());
  return out;
}

int ModeSwitchesLeft(const std::vector<TimePoint>& recent) {
  return std::max(0, kKinesisModeSwitchesPerDay - static_cast<int>(recent.size()));
}

std::optional<TimePoint> WhenModeSwitchesFit(std::vector<TimePoint> recent, int made_now,
                                             int needed, TimePoint now) {
  return WhenFit(std::move(recent), made_now, needed, now, kKinesisModeSwitchesPerDay);
}

void RecordModeSwitch(nlohmann::json& extra, TimePoint at, TimePoint now) {
  AppendTime(extra, kModeSwitchesKey, at, now);
}

void ReserveScalingCalls(nlohmann::json& extra, int calls, TimePoint now, TimePoint until) {
  if (!extra.is_object()) extra = nlohmann::json::object();
  nlohmann::json& list = extra[kScalingReservedKey];
  if (!list.is_array()) list = nlohmann::json::array();
  list.push_back({{"from", FormatIso8601(now)}, {"until", FormatIso8601(until)}, {"calls", calls}});
}

bool SettleScalingReservations(nlohmann::json& extra, TimePoint now) {
  auto it = extra.is_object() ? extra.find(kScalingReservedKey) : extra.end();
  if (it == extra.end()) return false;
  nlohmann::json& calls = extra[kScalingCallsKey];
  if (!calls.is_array()) calls = nlohmann::json::array();
  it = extra.find(kScalingReservedKey);  // operator[] may have moved it
  if (it->is_array()) {
    for (const auto& r : *it) {
      auto u = r.is_object() ? r.find("until") : r.end();
      TimePoint until = now;  // an unreadable time counts as now, as in RecentScalingCalls
      if (u == r.end() || !u->is_string() || !ParseIso8601(u->get<std::string>(), &until))
        until = now;
      for (int i = 0; i < ReservedCalls(r); ++i) calls.push_back(FormatIso8601(until));
    }
  }
  extra.erase(kScalingReservedKey);
  return true;
}

bool ConsumeScalingReservation(nlohmann::json& extra) {
  auto it = extra.is_object() ? extra.find(kScalingReservedKey) : extra.end();
  if (it == extra.end() || !it->is_array() || it->empty()) return false;
  nlohmann::json& first = it->front();
  int left = ReservedCalls(first) - 1;
  if (left > 0 && first.is_object()) {
    first["calls"] = left;
  } else {
    it->erase(it->begin());
    if (it->empty()) extra.erase(it);
  }
  return true;
}

bool DropScalingReservations(nlohmann::json& extra) {
  return extra.is_object() && extra.erase(kScalingReservedKey) > 0;
}

std::string FormatRetryTime(TimePoint t) {
  auto minutes = std::chrono::ceil<std::chrono::minutes>(t);
  std::string s = FormatIso8601(minutes);  // "2026-11-27T18:02:00Z"
  return s.substr(0, 16) + "Z";
}

}  // namespace arm
