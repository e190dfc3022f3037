#pragma once
// The state file: what `stop` parked and how to restore it. Schema-versioned
// JSON, written durably (write-ahead, before the call that changes AWS).
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/file_system.h"
#include "core/status.h"

namespace arm {

inline constexpr int kStateSchemaVersion = 1;
inline constexpr char kDefaultStatePath[] = "config/aws-resource-state.json";

// Managed status of one resource.
inline constexpr char kStatusStopping[] = "stopping";
inline constexpr char kStatusStopped[] = "stopped";
inline constexpr char kStatusStarting[] = "starting";
inline constexpr char kStatusRunning[] = "running";

struct ResourceState {
  // "sagemaker-endpoint", "kinesis-stream", "lambda-function",
  // "cloudwatch-alarm", "dynamodb-table" (not validated here, so a new type
  // needs no change in this file).
  std::string type;
  std::string name;
  std::string status;  // one of kStatus*
  // The resource's own serialised original configuration; opaque here.
  nlohmann::json original = nlohmann::json::object();
  // Type-specific bookkeeping that is not the original configuration (e.g.
  // the times of Kinesis UpdateShardCount calls). Omitted when empty.
  nlohmann::json extra = nlohmann::json::object();
  // How the resource was selected when stop recorded it ({"by": "tag",
  // "tag_key": ..., "tag_value": ...} etc.; opaque here). Null when unknown
  // (files written before it was recorded); omitted then.
  nlohmann::json selected_by;
  std::string updated_at;

  bool operator==(const ResourceState&) const = default;
};

struct State {
  int schema_version = kStateSchemaVersion;
  std::string project, environment, account_id, region, saved_at, tool_version;
  std::vector<ResourceState> resources;

  // nullptr when absent. Linear in the number of resources.
  ResourceState* Find(std::string_view type, std::string_view name);
  const ResourceState* Find(std::string_view type, std::string_view name) const;
  // The entry for (type, name), appended when absent. The reference is
  // invalidated by the next Upsert.
  ResourceState& Upsert(std::string_view type, std::string_view name);
  // Removes the entry; false when absent.
  bool Erase(std::string_view type, std::string_view name);

  bool operator==(const State&) const = default;
};

// Deterministic text (sorted keys, two-space indent, trailing newline),
// linear in the size of the state.
std::string SerializeState(const State& state);

// Parses and strictly validates a state file's text. `path` only names the
// file in messages. The old shell tool's layout is migrated; what cannot be
// mapped is reported in `warnings` (may be null).
Result<State> ParseState(std::string_view text, const std::string& path,
                         std::vector<std::string>* warnings);

// Refuses a state written for another project, account or region. Fields
// that the state does not record (old layout) are not compared.
Status CheckBelongs(const State& state, const std::string& project, const std::string& account_id,
                    const std::string& region);

// How the state file is read back (Load, Save's backup, the S3 copy's):
// its content decides what start changes, so only a regular file of this
// user (or root) is trusted, never one another user planted in a shared
// sticky folder (/tmp), and at most kMaxDataFileBytes.
inline constexpr ReadLimits kStateReadLimits{kMaxDataFileBytes, true};

class StateStore {
 public:
  StateStore(FileSystem& fs, Clock& clock, std::string path);

  // InvalidArgument when the path is a symbolic link. A save replaces the
  // file by rename, so it would replace the link with a regular file and
  // leave the file it pointed to with the old state: two files that
  // disagree. Writing through the link instead would put our temp files in a
  // folder we did not choose (possibly shared, the link possibly planted),
  // so the link is refused and the user points STATE_FILE at the real file.
  // Load and Save check it; callers check it before any AWS call.
  Status CheckPath();
  // nullopt when the file does not exist; Corruption naming the file and the
  // field when it cannot be trusted.
  Result<std::optional<State>> Load(std::vector<std::string>* warnings = nullptr);
  // Copies the current file to <path>.bak, then replaces <path> durably (mode
  // 0600; its folder created 0700). Stamps saved_at and tool_version.
  // After a crash at any point <path> holds either the old or the new state.
  // kLocalOnly skips the on_saved hook (bookkeeping saved between two full
  // saves, e.g. the Kinesis reservation before a stage: the save after the
  // stage uploads).
  enum SaveMode { kBackedUp, kLocalOnly };
  Status Save(const State& state, SaveMode mode = kBackedUp);

  const std::string& path() const { return path_; }
  std::string backup_path() const { return path_ + ".bak"; }
  // Called with the bytes written after every successful Save (the S3
  // backup); its failures are its own business, never Save's.
  void set_on_saved(std::function<void(const std::string&)> hook) { on_saved_ = std::move(hook); }

 private:
  FileSystem& fs_;
  Clock& clock_;
  std::string path_;
  std::function<void(const std::string&)> on_saved_;
};

}  // namespace arm
