#include "config/project_config.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <set>
#include <string_view>
#include <variant>

#include "config/conf_file.h"

namespace arm {
namespace {

enum class Kind { kString, kBool, kWorkers, kList, kLogLevel, kRegion, kBucket, kTopicArn, kPath };

using Field = std::variant<std::string ProjectConfig::*, bool ProjectConfig::*,
                           int ProjectConfig::*, std::vector<std::string> ProjectConfig::*>;

struct KeySpec {
  const char* key;
  Kind kind;
  Field field;
};

const KeySpec kKeys[] = {
    {"AWS_PROFILE", Kind::kString, &ProjectConfig::aws_profile},
    {"AWS_REGION", Kind::kRegion, &ProjectConfig::aws_region},
    {"DRY_RUN_DEFAULT", Kind::kBool, &ProjectConfig::dry_run_default},
    {"ENVIRONMENT", Kind::kString, &ProjectConfig::environment},
    {"LOG_DIR", Kind::kPath, &ProjectConfig::log_dir},
    {"LOG_LEVEL", Kind::kLogLevel, &ProjectConfig::log_level},
    {"MAX_WORKERS", Kind::kWorkers, &ProjectConfig::max_workers},
    {"NAME_PREFIX", Kind::kString, &ProjectConfig::name_prefix},
    {"PARALLEL_OPERATIONS", Kind::kBool, &ProjectConfig::parallel_operations},
    {"PROJECT_NAME", Kind::kString, &ProjectConfig::project_name},
    {"REQUIRE_CONFIRMATION", Kind::kBool, &ProjectConfig::require_confirmation},
    {"SCHEDULE_ENFORCE", Kind::kBool, &ProjectConfig::schedule_enforce},
    {"SCHEDULE_HOLIDAYS", Kind::kString, &ProjectConfig::schedule_holidays},
    {"SCHEDULE_OVERRIDE_MAX_DAYS", Kind::kString, &ProjectConfig::schedule_override_max_days},
    {"SCHEDULE_RUNNING", Kind::kString, &ProjectConfig::schedule_running},
    {"SCHEDULE_TIMEZONE", Kind::kString, &ProjectConfig::schedule_timezone},
    {"SNS_TOPIC_ARN", Kind::kTopicArn, &ProjectConfig::sns_topic_arn},
    {"STATE_BACKUP_S3_BUCKET", Kind::kBucket, &ProjectConfig::state_backup_s3_bucket},
    {"STATE_FILE", Kind::kPath, &ProjectConfig::state_file},
    {"TAG_KEY", Kind::kString, &ProjectConfig::tag_key},
    {"TAG_VALUE", Kind::kString, &ProjectConfig::tag_value},
};

bool IsBucketName(const std::string& b) {
  if (b.size() < 3 || b.size() > 63 || b.find("..") != std::string::npos) return false;
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!alnum(b.front()) || !alnum(b.back())) return false;
  return std::all_of(b.begin(), b.end(), [&](char c) { return alnum(c) || c == '.' || c == '-'; });
}

// arn:PARTITION:sns:REGION:ACCOUNT:NAME, NAME 1-256 of [A-Za-z0-9_-] with
// an optional .fifo: nothing a policy would read as a wildcard.
bool IsTopicArn(const std::string& arn) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t at = arn.find(':'); parts.size() < 5 && at != std::string::npos;
       at = arn.find(':', start)) {
    parts.push_back(arn.substr(start, at - start));
    start = at + 1;
  }
  if (parts.size() != 5 || parts[0] != "arn" || parts[2] != "sns" || parts[1].empty() ||
      parts[3].empty())
    return false;
  if (parts[4].size() != 12 || !std::all_of(parts[4].begin(), parts[4].end(), ::isdigit))
    return false;
  std::string name = arn.substr(start);
  if (name.size() > 5 && name.ends_with(".fifo")) name.resize(name.size() - 5);
  if (name.empty() || name.size() > 256) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  });
}

const KeySpec* FindKey(const std::string& key) {
  for (const auto& k : kKeys) {
    if (key == k.key) return &k;
  }
  return nullptr;
}

const TypeKey* FindTypeKey(const std::vector<TypeKey>& keys, const std::string& key) {
  for (const auto& k : keys) {
    if (key == k.name) return &k;
  }
  return nullptr;
}

bool Known(const std::vector<TypeKey>& type_keys, const std::string& key) {
  return FindKey(key) != nullptr || FindTypeKey(type_keys, key) != nullptr;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::vector<std::string> SplitList(const std::string& value) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  std::string item;
  auto flush = [&] {
    if (!item.empty() && seen.insert(item).second) out.push_back(item);
    item.clear();
  };
  for (char c : value) {
    if (c == ' ' || c == ',' || c == '\t' || c == '\n') {
      flush();
    } else {
      item.push_back(c);
    }
  }
  flush();
  return out;
}

size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      cur[j] =
          std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace

const std::vector<std::string>& ProjectConfigKeys() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> k;
    for (const auto& spec : kKeys) k.push_back(spec.key);
    return k;
  }();
  return keys;
}

std::string SuggestConfigKey(const std::string& unknown, const std::vector<TypeKey>& type_keys) {
  std::string upper = Upper(unknown);
  std::string best;
  size_t best_distance = std::max<size_t>(2, upper.size() / 4) + 1;
  auto consider = [&](const std::string& key) {
    size_t d = EditDistance(upper, key);
    if (d < best_distance) {
      best_distance = d;
      best = key;
    }
  };
  for (const auto& spec : kKeys) consider(spec.key);
  for (const auto& k : type_keys) consider(k.name);
  return best;
}

const TypeKeyValue& ProjectConfig::TypeValue(const std::string& key) const {
  static const TypeKeyValue kUnset;
  auto it = type_values.find(key);
  return it == type_values.end() ? kUnset : it->second;
}

namespace {

Status SetTypeValue(ProjectConfig* config, const TypeKey& spec, const std::string& value,
                    const std::string& where) {
  TypeKeyValue& v = config->type_values[spec.name];
  switch (spec.kind) {
    case TypeKey::Kind::kNames:
      v.names = SplitList(value);
      break;
    case TypeKey::Kind::kPrefix:
      v.text = value;
      break;
    case TypeKey::Kind::kBool: {
      std::string b = Lower(value);
      if (b == "true" || b == "yes" || b == "1") {
        v.flag = true;
      } else if (b == "false" || b == "no" || b == "0") {
        v.flag = false;
      } else {
        return Status::InvalidArgument(where + ": " + spec.name +
                                       " must be true or false (or yes/no, 1/0), got \"" + value +
                                       "\"");
      }
      break;
    }
  }
  v.set = true;
  config->origin[spec.name] = where;
  return Status::Ok();
}

}  // namespace

Status SetConfigValue(ProjectConfig* config, const std::string& key, const std::string& value,
                      const std::string& where) {
  const KeySpec* spec = FindKey(key);
  auto fail = [&](const std::string& rule) {
    return Status::InvalidArgument(where + ": " + key + " " + rule + ", got \"" + value + "\"");
  };
  if (spec == nullptr) {
    if (const TypeKey* type_key = FindTypeKey(config->type_keys, key))
      return SetTypeValue(config, *type_key, value, where);
    return Status::InvalidArgument(where + ": unknown key " + key);
  }
  auto str = [&]() -> std::string& {
    return config->*std::get<std::string ProjectConfig::*>(spec->field);
  };
  switch (spec->kind) {
    case Kind::kString:
      str() = value;
      break;
    case Kind::kPath:
      if (value.empty()) return Status::InvalidArgument(where + ": " + key + " must not be empty");
      str() = value;
      break;
    case Kind::kBool: {
      std::string v = Lower(value);
      if (v == "true" || v == "yes" || v == "1") {
        config->*std::get<bool ProjectConfig::*>(spec->field) = true;
      } else if (v == "false" || v == "no" || v == "0") {
        config->*std::get<bool ProjectConfig::*>(spec->field) = false;
      } else {
        return fail("must be true or false (or yes/no, 1/0)");
      }
      break;
    }
    case Kind::kWorkers: {
      int n = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (ec != std::errc() || end != value.data() + value.size() || n < 1 || n > 256) {
        return fail("must be an integer from 1 to 256");
      }
      config->*std::get<int ProjectConfig::*>(spec->field) = n;
      break;
    }
    case Kind::kList:
      config->*std::get<std::vector<std::string> ProjectConfig::*>(spec->field) = SplitList(value);
      break;
    case Kind::kLogLevel: {
      std::string v = Lower(value);
      if (v == "warning") v = "warn";
      static const std::set<std::string> kLevels = {"trace", "debug", "info",
                                                    "warn",  "error", "off"};
      if (!kLevels.count(v)) return fail("must be one of trace, debug, info, warn, error, off");
      str() = v;
      break;
    }
    case Kind::kRegion: {
      bool ok = !value.empty() && std::all_of(value.begin(), value.end(), [](char c) {
        return std::islower(static_cast<unsigned char>(c)) ||
               std::isdigit(static_cast<unsigned char>(c)) || c == '-';
      });
      if (!ok) return fail("must be a region name like us-east-1");
      str() = value;
      break;
    }
    case Kind::kBucket:
      if (value.rfind("s3://", 0) == 0 || value.find('/') != std::string::npos) {
        return fail("must be a bucket name only (no s3:// and no path)");
      }
      if (!value.empty() && !IsBucketName(value))
        return fail(
            "is not an S3 bucket name (3 to 63 lower-case letters, digits, dots and hyphens, "
            "starting and ending with a letter or digit)");
      str() = value;
      break;
    case Kind::kTopicArn:
      if (!value.empty() && !IsTopicArn(value)) {
        return fail("must be an SNS topic ARN (arn:aws:sns:REGION:ACCOUNT:NAME)");
      }
      str() = value;
      break;
  }
  if (key == "NAME_PREFIX") config->name_prefix_set = true;
  config->origin[key] = where;
  return Status::Ok();
}

Result<ProjectConfig> LoadProjectConfig(FileSystem& fs, const Environment& env,
                                        const std::string& path, bool path_was_explicit,
                                        std::vector<std::string>* warnings,
                                        const std::vector<FlagSetting>& flags,
                                        const std::vector<TypeKey>& type_keys) {
  std::vector<std::string> ignored;
  if (warnings == nullptr) warnings = &ignored;
  std::set<std::string> from_flags;
  for (const auto& f : flags) from_flags.insert(f.key);
  // The environment wins over the file, and a flag over both: a file value
  // that is overridden is not even parsed (a bad MAX_WORKERS in the file
  // does not block MAX_WORKERS=5 in the environment).
  std::map<std::string, std::string> from_env;
  // An empty variable is unset, as the AWS CLI reads AWS_* variables,
  // except where empty is a value: a prefix set to "" turns that rule off
  // (NAME_PREFIX= must not bring back the default prefix), an empty list
  // lists nothing, an empty topic or bucket turns it off.
  auto read_env = [&](const std::string& key, bool empty_is_value) {
    auto v = env.Get(key);
    if (!v || from_flags.count(key)) return;
    if (v->empty() && !empty_is_value) return;
    from_env[key] = *v;
  };
  for (const auto& spec : kKeys) {
    read_env(spec.key, std::string_view(spec.key) == "NAME_PREFIX" || spec.kind == Kind::kList ||
                           spec.kind == Kind::kTopicArn || spec.kind == Kind::kBucket);
  }
  for (const auto& k : type_keys) read_env(k.name, k.kind != TypeKey::Kind::kBool);
  ProjectConfig config;
  config.type_keys = type_keys;
  for (const auto& k : type_keys) config.type_values[k.name];
  auto text = fs.ReadFile(path, ReadLimits{kMaxConfigFileBytes, false});
  if (!text.ok() && !(text.status().IsNotFound() && !path_was_explicit)) {
    if (text.status().IsNotFound()) {
      return Status::InvalidArgument("--config " + path + ": no such file");
    }
    return text.status();
  }
  if (text.ok()) {
    config.config_path = path;
    auto entries = ParseConf(*text, path, &env);
    if (!entries.ok()) return entries.status();
    std::map<std::string, int> first_line;
    for (const auto& e : *entries) {
      std::string where = path + ":" + std::to_string(e.line);
      if (!Known(type_keys, e.key)) {
        // A near miss of a real key is a typo that would silently change
        // what is managed: refuse. Other names may be helper variables for
        // $NAME expansion: warn.
        std::string hint = SuggestConfigKey(e.key, type_keys);
        if (!hint.empty()) {
          return Status::InvalidArgument(where + ": unknown key " + e.key + " (did you mean " +
                                         hint + "?); correct the name or remove the line");
        }
        warnings->push_back(where + ": unknown key " + e.key + "; ignored");
        continue;
      }
      auto [it, inserted] = first_line.emplace(e.key, e.line);
      if (!inserted) {
        warnings->push_back(where + ": " + e.key + " is also set on line " +
                            std::to_string(it->second) + "; this later value wins");
      }
      if (from_flags.count(e.key) || from_env.count(e.key)) continue;
      ARM_RETURN_IF_ERROR(SetConfigValue(&config, e.key, e.value, where));
    }
  }
  for (const auto& [key, value] : from_env)
    ARM_RETURN_IF_ERROR(SetConfigValue(&config, key, value, "environment"));
  for (const auto& f : flags) ARM_RETURN_IF_ERROR(SetConfigValue(&config, f.key, f.value, f.flag));
  if (!config.name_prefix_set) {
    config.name_prefix = config.project_name.empty() ? "" : config.project_name + "-";
  }
  // A type's own prefix, unset, is the name prefix. Set to "", it selects
  // nothing by prefix (an empty value never widens the selection).
  for (const auto& k : type_keys) {
    TypeKeyValue& v = config.type_values[k.name];
    if (k.kind == TypeKey::Kind::kPrefix && !v.set) v.text = config.name_prefix;
  }
  if (!config.tag_value.empty() && config.tag_key.empty()) {
    return Status::InvalidArgument(
        (config.origin.count("TAG_VALUE") ? config.origin["TAG_VALUE"] + ": " : "") +
        "TAG_VALUE is set but TAG_KEY is not; set both to select by tag");
  }
  // A key alone would select every resource carrying it, whatever its value:
  // other projects' resources too.
  if (!config.tag_key.empty() && config.tag_value.empty()) {
    return Status::InvalidArgument(
        (config.origin.count("TAG_KEY") ? config.origin["TAG_KEY"] + ": " : "") +
        "TAG_KEY is set but TAG_VALUE is not (a key alone would select every resource carrying it, "
        "other "
        "projects' too); set both to select by tag");
  }
  return config;
}

}  // namespace arm
