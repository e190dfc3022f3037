#pragma once
// The schedule's two small files beside the state file, each written
// durably (temp, fsync, rename, fsync of the folder; mode 0600) through the
// FileSystem seam, as the state file is:
// - "<state>.override.json": the override (override command), with who and why;
// - "<state>.reconcile.json": the last transition reconcile applied.
// Two files, not one: `override` never waits for a reconcile that holds the
// run lock, and neither can lose the other's write.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/file_system.h"
#include "schedule/schedule.h"

namespace arm {

// What reconcile last applied: the transition's instant (or, without one,
// the time it ran), where it took the resources and when.
struct ReconcileRecord {
  SysSeconds transition{};
  Desired state = Desired::kParked;
  SysSeconds applied_at{};
};

class ScheduleStore {
 public:
  // `state_path`: the state file ("config/aws-resource-state.json").
  ScheduleStore(FileSystem& fs, const std::string& state_path);

  // Nothing recorded: nullopt. Corruption naming the file when it is not ours.
  Result<std::optional<Override>> LoadOverride();
  Status SaveOverride(const Override& o);
  Result<std::optional<ReconcileRecord>> LoadRecord();
  Status SaveRecord(const ReconcileRecord& r);

  const std::string& override_path() const { return override_path_; }
  const std::string& record_path() const { return record_path_; }

 private:
  Result<std::optional<nlohmann::json>> Read(const std::string& path);
  Status Write(const std::string& path, const nlohmann::json& j);

  FileSystem& fs_;
  std::string override_path_, record_path_;
};

}  // namespace arm
