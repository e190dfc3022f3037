#pragma once
// The schedule's two small files beside the state file, each written
// durably (temp, fsync, rename, fsync of the folder; mode 0600) through the
// FileSystem seam, as the state file is:
// - "<state>.override.json": the override (override command), with who and why;
// - "<state>.reconcile.json": the last transition reconcile applied to each
//   resource type, and for each type the transition whose run failed (its
//   back-off).
// Two files, not one: `override` never waits for a reconcile that holds the
// run lock, and neither can lose the other's write.
#include <map>
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
  // "reconcile", or the command run by hand ("stop", "start").
  std::string by = "reconcile";
};

// A transition whose run failed: the next attempt waits until retry_at
// (RetryAt, decision.h), instead of failing again on every cron tick.
struct FailedRun {
  SysSeconds transition{};
  Desired state = Desired::kParked;
  int attempts = 0;
  SysSeconds last_attempt{};
  SysSeconds retry_at{};
  std::string why;  // "exit 3 (credentials or permission)"
};

// The record of every type (version 1 files, written before the record was
// kept per type).
inline constexpr char kAllTypes[] = "*";

struct ReconcileLog {
  // Selector ("kinesis") -> the last transition applied to that type's
  // resources, by reconcile or by a stop or start by hand. A run narrowed by
  // --only records only its types, so the others still get the transition
  // on the next run.
  std::map<std::string, ReconcileRecord> applied;
  // Selector -> the transition whose run failed for that type. A type that
  // succeeded in the same run is recorded applied instead.
  std::map<std::string, FailedRun> failed;

  // The type's own record, else the one of every type, else null.
  const ReconcileRecord* For(const std::string& selector) const;
  const FailedRun* FailedFor(const std::string& selector) const;
  // The most recently applied record of any type (status), or null.
  const ReconcileRecord* Latest() const;
};

class ScheduleStore {
 public:
  // `state_path`: the state file ("config/aws-resource-state.json").
  ScheduleStore(FileSystem& fs, const std::string& state_path);

  // Nothing recorded: nullopt. Corruption naming the file when it is not ours.
  Result<std::optional<Override>> LoadOverride();
  Status SaveOverride(const Override& o);
  // Nothing recorded: an empty log.
  Result<ReconcileLog> LoadLog();
  Status SaveLog(const ReconcileLog& log);

  const std::string& override_path() const { return override_path_; }
  const std::string& record_path() const { return record_path_; }

 private:
  // A file of version 1 to `max_version`.
  Result<std::optional<nlohmann::json>> Read(const std::string& path, int max_version);
  Status Write(const std::string& path, const nlohmann::json& j);

  FileSystem& fs_;
  std::string override_path_, record_path_;
};

}  // namespace arm
