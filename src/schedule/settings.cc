#include "schedule/settings.h"

#include <charconv>

namespace arm {
namespace {

std::string Where(const ProjectConfig& config, const std::string& key) {
  auto it = config.origin.find(key);
  return (it == config.origin.end() ? std::string() : it->second + ": ") + key;
}

}  // namespace

Result<ScheduleSettings> LoadScheduleSettings(FileSystem& fs, const ProjectConfig& config) {
  if (config.schedule_running.empty())
    return Status::NotFound(
        "no schedule: set SCHEDULE_RUNNING (e.g. \"Mon-Fri 08:00-18:00\") and SCHEDULE_TIMEZONE "
        "(e.g. Europe/Berlin) in the config file or the environment");
  if (config.schedule_timezone.empty())
    return Status::InvalidArgument(
        Where(config, "SCHEDULE_RUNNING") +
        " is set but SCHEDULE_TIMEZONE is not: name the zone the periods are in (an IANA name "
        "like Europe/Berlin or America/New_York; UTC for none)");
  auto zone = FindZone(config.schedule_timezone);
  if (!zone.ok())
    return Status::InvalidArgument(Where(config, "SCHEDULE_TIMEZONE") + ": " +
                                   zone.status().message());
  auto periods = ParsePeriods(config.schedule_running);
  if (!periods.ok())
    return Status::InvalidArgument(Where(config, "SCHEDULE_RUNNING") + ": " +
                                   periods.status().message());
  auto holidays = Holidays::Load(fs, config.schedule_holidays);
  if (!holidays.ok())
    return Status::InvalidArgument(Where(config, "SCHEDULE_HOLIDAYS") + ": " +
                                   holidays.status().message());
  const std::string& max = config.schedule_override_max_days;
  int days = 0;
  auto [end, ec] = std::from_chars(max.data(), max.data() + max.size(), days);
  if (ec != std::errc() || end != max.data() + max.size() || days < 1 || days > 365)
    return Status::InvalidArgument(Where(config, "SCHEDULE_OVERRIDE_MAX_DAYS") +
                                   " must be a whole number of days from 1 to 365, got \"" + max +
                                   "\"");
  ScheduleSettings s;
  s.schedule = std::make_unique<Schedule>(*zone, std::move(*periods), std::move(*holidays));
  s.enforce = config.schedule_enforce;
  s.override_max = std::chrono::hours(24 * days);
  return s;
}

}  // namespace arm
