#pragma once
// The layout the old shell tool wrote (no schema_version): top-level
// sagemaker {endpoint_name, endpoint_config}, kinesis {stream_name,
// shard_count}, lambda [{name, reserved_concurrency}], cloudwatch
// {alarm_count}. Internal to src/state.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/status.h"
#include "state/state_file.h"

namespace arm::state_internal {

// True when `doc` has none of the new layout's markers and at least one of
// the old layout's top-level keys.
bool LooksLegacy(const nlohmann::json& doc);

// Maps what can be mapped into the new layout; `warnings` receives what
// cannot (never null).
Result<State> MigrateLegacy(const nlohmann::json& doc, const std::string& path,
                            std::vector<std::string>* warnings);

// "<path>: <field>: expected a string, got number".
Status FieldError(const std::string& path, const std::string& field, const std::string& problem);
std::string Describe(const nlohmann::json& value);

}  // namespace arm::state_internal
