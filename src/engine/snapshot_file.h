#pragma once
// The snapshot file: what discovery found, with the context the offline
// planner needs to plan exactly as a live dry run would (`snapshot` writes
// it, `plan` reads it).
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "engine/plan.h"

namespace arm {

inline constexpr char kSnapshotFormat[] = "aws-resource-manager-snapshot";
inline constexpr int kSnapshotSchemaVersion = 1;

struct SnapshotDocument {
  int schema_version = kSnapshotSchemaVersion;
  std::string tool_version;
  std::string taken_at;  // ISO 8601 UTC
  std::string project, environment, account_id, region;
  // Type ids discovered (every one is a key of `resources`, even when empty),
  // and the selection flags the snapshot was taken with.
  std::vector<std::string> types;
  std::vector<std::string> only, exclude, resource_names;
  std::string state_file;  // the state file discovery consulted ("" none)
  SnapshotSet resources;
};

// Deterministic text: sorted keys, two-space indent, trailing newline.
std::string SerializeSnapshot(const SnapshotDocument& doc);

// Strict: `path` only names the file in messages. Every error is one line
// (Corruption) saying what is wrong.
Result<SnapshotDocument> ParseSnapshot(std::string_view text, const std::string& path);

}  // namespace arm
