#pragma once
// The SCHEDULE_* keys of the project config, checked where a command uses
// them (reconcile, schedule, override, install-schedule, status): each bad
// value is InvalidArgument (exit 2) naming where it was set and the bad part.
#include <chrono>
#include <memory>

#include "config/project_config.h"
#include "core/file_system.h"
#include "schedule/schedule.h"

namespace arm {

struct ScheduleSettings {
  std::unique_ptr<Schedule> schedule;
  bool enforce = false;
  std::chrono::hours override_max{24 * 7};
};

// NotFound "no schedule ..." when SCHEDULE_RUNNING is not set.
Result<ScheduleSettings> LoadScheduleSettings(FileSystem& fs, const ProjectConfig& config);

}  // namespace arm
