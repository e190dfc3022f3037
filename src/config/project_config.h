#pragma once
// config/aws-resource-manager.conf: what the project is and what it manages.
// Precedence: flags > environment variables of the same names > the file >
// defaults.
#include <map>
#include <string>
#include <vector>

#include "core/environment.h"
#include "core/file_system.h"
#include "core/status.h"

namespace arm {

inline constexpr char kDefaultConfigPath[] = "config/aws-resource-manager.conf";

// A key a resource type declares (resources/type_info.h); the loader reads,
// validates and reports it like its own keys, knowing nothing of the type.
struct TypeKey {
  enum class Kind {
    kNames,   // a list of resource names ("a b,c")
    kPrefix,  // the type's own name prefix: unset, it is NAME_PREFIX; "" selects none
    kBool,    // true/false (yes/no, 1/0)
  };
  std::string name;  // as the file and the environment spell it
  Kind kind = Kind::kNames;
};

// The value of a TypeKey after loading.
struct TypeKeyValue {
  std::vector<std::string> names;  // kNames
  std::string text;                // kPrefix: the prefix, defaulted to NAME_PREFIX
  bool flag = false;               // kBool
  bool set = false;                // given by the file, the environment or a flag
};

struct ProjectConfig {
  std::string project_name;  // PROJECT_NAME
  std::string environment;   // ENVIRONMENT
  std::string aws_region;    // AWS_REGION (empty: the AWS CLI chain decides)
  std::string aws_profile;   // AWS_PROFILE
  std::string state_file = "config/aws-resource-state.json";  // STATE_FILE
  std::string state_backup_s3_bucket;  // STATE_BACKUP_S3_BUCKET (bucket name only)
  std::string sns_topic_arn;           // SNS_TOPIC_ARN
  bool require_confirmation = true;    // REQUIRE_CONFIRMATION
  bool dry_run_default = false;        // DRY_RUN_DEFAULT
  bool parallel_operations = true;     // PARALLEL_OPERATIONS
  int max_workers = 10;                // MAX_WORKERS, 1..256
  // NAME_PREFIX; defaults to "<PROJECT_NAME>-" (empty when no project). An
  // explicit empty value turns prefix selection off.
  std::string name_prefix;
  std::string tag_key;             // TAG_KEY
  std::string tag_value;           // TAG_VALUE
  std::string log_level = "info";  // LOG_LEVEL: trace debug info warn error off
  // LOG_DIR: the debug log and logs/operations/ (audit reports) go here.
  std::string log_dir = "logs";
  // The keys the resource types declared, and their values (one per key).
  std::vector<TypeKey> type_keys;
  std::map<std::string, TypeKeyValue> type_values;
  // The value of a declared key; an undeclared one reads as unset.
  const TypeKeyValue& TypeValue(const std::string& key) const;
  // Schedules (src/schedule/settings.h validates them where they are used).
  std::string schedule_timezone;                 // SCHEDULE_TIMEZONE: IANA zone name
  std::string schedule_running;                  // SCHEDULE_RUNNING: "Mon-Fri 08:00-18:00; ..."
  std::string schedule_holidays;                 // SCHEDULE_HOLIDAYS: .ics path or ISO dates
  bool schedule_enforce = false;                 // SCHEDULE_ENFORCE
  std::string schedule_override_max_days = "7";  // SCHEDULE_OVERRIDE_MAX_DAYS

  std::string config_path;  // the file that was read; empty when none
  // KEY -> where its value came from: "FILE:LINE" or "environment".
  std::map<std::string, std::string> origin;
  bool name_prefix_set = false;
};

// Every key of the project itself (not the types'), sorted.
const std::vector<std::string>& ProjectConfigKeys();

// Validates and sets one key (also for flags: where = "--log-level"), one of
// the project's or of config->type_keys.
// Messages read "<where>: MAX_WORKERS must be an integer from 1 to 256, got
// \"0\"".
Status SetConfigValue(ProjectConfig* config, const std::string& key, const std::string& value,
                      const std::string& where);

// A setting given on the command line. It wins over the environment and the
// file, whose values of the same key are then neither applied nor validated:
// `MAX_WORKERS=abc` in the file does not stop a run given --max-workers 5.
struct FlagSetting {
  std::string key;    // "MAX_WORKERS"
  std::string value;  // "5"
  std::string flag;   // "--max-workers": names the flag in messages
};

// Reads `path` (a missing default file is fine, a missing explicit one is an
// error), then the environment, then `flags`, then fills derived defaults.
// Unknown keys and repeated keys become warnings (`warnings` may be null).
// `type_keys`: the keys the resource types declare (resources/registry.h).
Result<ProjectConfig> LoadProjectConfig(FileSystem& fs, const Environment& env,
                                        const std::string& path, bool path_was_explicit,
                                        std::vector<std::string>* warnings,
                                        const std::vector<FlagSetting>& flags = {},
                                        const std::vector<TypeKey>& type_keys = {});

// Closest known key within a small edit distance, or "" ("MAX_WORKER" ->
// "MAX_WORKERS"), among the project's keys and `type_keys`.
std::string SuggestConfigKey(const std::string& unknown,
                             const std::vector<TypeKey>& type_keys = {});

}  // namespace arm
