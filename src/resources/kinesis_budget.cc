#include "resources/kinesis_budget.h"

#include <algorithm>

#include "core/clock.h"

namespace arm {
namespace {

bool Counts(TimePoint call, TimePoint now) { return now < call + kScalingWindow + kScalingWindowMargin; }

}  // namespace

Status CheckScalingCalls(const nlohmann::json& extra) {
  if (!extra.is_object()) return Status::Ok();
  auto it = extra.find(kScalingCallsKey);
  if (it == extra.end()) return Status::Ok();
  if (!it->is_array())
    return Status::InvalidArgument(std::string(kScalingCallsKey) + ": expected a list of UTC times, got " +
                                   it->dump());
  for (size_t i = 0; i < it->size(); ++i) {
    const auto& v = (*it)[i];
    TimePoint t;
    if (!v.is_string() || !ParseIso8601(v.get<std::string>(), &t))
      return Status::InvalidArgument(std::string(kScalingCallsKey) + "[" + std::to_string(i) +
                                     "]: expected a UTC time like 2026-11-26T03:55:04Z, got " + v.dump());
  }
  return Status::Ok();
}

std::vector<TimePoint> RecentScalingCalls(const nlohmann::json& extra, TimePoint now) {
  std::vector<TimePoint> out;
  if (!extra.is_object()) return out;
  auto it = extra.find(kScalingCallsKey);
  if (it == extra.end() || !it->is_array()) return out;
  for (const auto& v : *it) {
    TimePoint t = now;
    if (v.is_string() && !ParseIso8601(v.get<std::string>(), &t)) t = now;
    if (Counts(t, now)) out.push_back(t);
  }
  std::sort(out.begin(), out.end());
  return out;
}

int ScalingCallsLeft(const std::vector<TimePoint>& recent) {
  return std::max(0, kKinesisScalingCallsPerDay - static_cast<int>(recent.size()));
}

std::optional<TimePoint> WhenScalingCallsFit(std::vector<TimePoint> recent, int made_now, int needed,
                                             TimePoint now) {
  if (needed > kKinesisScalingCallsPerDay) return std::nullopt;
  recent.insert(recent.end(), static_cast<size_t>(std::max(made_now, 0)), now);
  std::sort(recent.begin(), recent.end());
  // The oldest `excess` calls have to leave the window first.
  int excess = static_cast<int>(recent.size()) + needed - kKinesisScalingCallsPerDay;
  if (excess <= 0) return now;
  return std::max(now, recent[static_cast<size_t>(excess - 1)] + kScalingWindow + kScalingWindowMargin);
}

void RecordScalingCall(nlohmann::json& extra, TimePoint now) {
  if (!extra.is_object()) extra = nlohmann::json::object();
  nlohmann::json kept = nlohmann::json::array();
  auto it = extra.find(kScalingCallsKey);
  if (it != extra.end() && it->is_array()) {
    for (const auto& v : *it) {
      TimePoint t;
      // An unreadable time is kept: it may be a call that still counts.
      if (!v.is_string() || !ParseIso8601(v.get<std::string>(), &t) || Counts(t, now)) kept.push_back(v);
    }
  }
  kept.push_back(FormatIso8601(now));
  extra[kScalingCallsKey] = std::move(kept);
}

std::string FormatRetryTime(TimePoint t) {
  auto minutes = std::chrono::ceil<std::chrono::minutes>(t);
  std::string s = FormatIso8601(minutes);  // "2026-11-27T18:02:00Z"
  return s.substr(0, 16) + "Z";
}

}  // namespace arm
