#include "state/state_legacy.h"

#include <cstdlib>

namespace arm::state_internal {

using nlohmann::json;

Status FieldError(const std::string& path, const std::string& field, const std::string& problem) {
  return Status::Corruption(path + ": " + field + ": " + problem);
}

std::string Describe(const json& value) {
  if (value.is_number_integer()) return "number " + value.dump();
  if (value.is_number()) return "number " + value.dump();
  if (value.is_string()) {
    std::string s = value.get<std::string>();
    if (s.size() > 40) s = s.substr(0, 40) + "...";
    return "string " + json(s).dump(-1, ' ', false, json::error_handler_t::replace);
  }
  return std::string(value.type_name());
}

namespace {

constexpr const char* kLegacyKeys[] = {"sagemaker", "kinesis", "lambda", "cloudwatch"};

// The old tool wrote single objects; a list of them is accepted too.
std::vector<std::pair<std::string, const json*>> Items(const json& v, const std::string& field) {
  std::vector<std::pair<std::string, const json*>> out;
  if (v.is_array()) {
    for (size_t i = 0; i < v.size(); ++i)
      out.emplace_back(field + "[" + std::to_string(i) + "]", &v[i]);
  } else {
    out.emplace_back(field, &v);
  }
  return out;
}

Result<std::string> NeedString(const json& obj, const char* key, const std::string& path,
                               const std::string& field) {
  if (!obj.is_object()) return FieldError(path, field, "expected an object, got " + Describe(obj));
  auto it = obj.find(key);
  if (it == obj.end()) return FieldError(path, field + "." + key, "missing");
  if (!it->is_string() || it->get<std::string>().empty()) {
    return FieldError(path, field + "." + key, "expected a non-empty string, got " + Describe(*it));
  }
  return it->get<std::string>();
}

// A count the shell tool may have written as a number or a numeric string.
// `allow_none` maps null, "", "none" and "null" to null.
Result<json> Count(const json& obj, const char* key, const std::string& path,
                   const std::string& field, bool allow_none) {
  auto it = obj.find(key);
  if (it == obj.end()) {
    if (allow_none) return json(nullptr);
    return FieldError(path, field + "." + key, "missing");
  }
  const json& v = *it;
  if (v.is_number_integer() && v.get<int64_t>() >= 0) return json(v.get<int64_t>());
  if (allow_none && v.is_null()) return json(nullptr);
  if (v.is_string()) {
    std::string s = v.get<std::string>();
    if (allow_none && (s.empty() || s == "none" || s == "null")) return json(nullptr);
    char* end = nullptr;
    long long n = std::strtoll(s.c_str(), &end, 10);
    if (!s.empty() && *end == '\0' && n >= 0) return json(static_cast<int64_t>(n));
  }
  return FieldError(path, field + "." + key,
                    std::string("expected a whole number") + (allow_none ? " or null" : "") +
                        ", got " + Describe(v));
}

ResourceState Stopped(const std::string& type, const std::string& name, json original) {
  ResourceState r;
  r.type = type;
  r.name = name;
  r.status = kStatusStopped;
  r.original = std::move(original);
  return r;
}

Status Add(State* s, ResourceState r, const std::string& path, const std::string& field) {
  if (s->Find(r.type, r.name) != nullptr) {
    return FieldError(path, field, "duplicate entry for " + r.type + " " + r.name);
  }
  s->resources.push_back(std::move(r));
  return Status::Ok();
}

}  // namespace

bool LooksLegacy(const json& doc) {
  if (!doc.is_object() || doc.contains("schema_version") || doc.contains("resources")) return false;
  for (const char* k : kLegacyKeys) {
    if (doc.contains(k)) return true;
  }
  return false;
}

Result<State> MigrateLegacy(const json& doc, const std::string& path,
                            std::vector<std::string>* warnings) {
  State s;
  for (const char* k : {"project", "environment", "account_id", "region"}) {
    auto it = doc.find(k);
    if (it != doc.end() && !it->is_string()) {
      return FieldError(path, k, "expected a string, got " + Describe(*it));
    }
  }
  s.project = doc.value("project", "");
  s.environment = doc.value("environment", "");
  s.account_id = doc.value("account_id", "");
  s.region = doc.value("region", "");

  if (auto it = doc.find("sagemaker"); it != doc.end() && !it->is_null()) {
    for (const auto& [field, item] : Items(*it, "sagemaker")) {
      auto name = NeedString(*item, "endpoint_name", path, field);
      if (!name.ok()) return name.status();
      auto config = NeedString(*item, "endpoint_config", path, field);
      if (!config.ok()) return config.status();
      json original = {{"endpoint_config_name", *config},
                       {"tags", json::array()},
                       {"variants", json::array()},
                       {"autoscaling", {{"targets", json::array()}, {"policies", json::array()}}}};
      ARM_RETURN_IF_ERROR(
          Add(&s, Stopped("sagemaker-endpoint", *name, std::move(original)), path, field));
      warnings->push_back(
          "sagemaker: the old state file did not record the tags or "
          "autoscaling of endpoint " +
          *name + "; it will be recreated from endpoint config " + *config + " without them");
    }
  }
  if (auto it = doc.find("kinesis"); it != doc.end() && !it->is_null()) {
    for (const auto& [field, item] : Items(*it, "kinesis")) {
      auto name = NeedString(*item, "stream_name", path, field);
      if (!name.ok()) return name.status();
      auto shards = Count(*item, "shard_count", path, field, false);
      if (!shards.ok()) return shards.status();
      if (shards->get<int64_t>() < 1)
        return FieldError(path, field + ".shard_count", "must be at least 1");
      json original = {{"shard_count", *shards}, {"mode", "PROVISIONED"}};
      ARM_RETURN_IF_ERROR(
          Add(&s, Stopped("kinesis-stream", *name, std::move(original)), path, field));
    }
  }
  if (auto it = doc.find("lambda"); it != doc.end() && !it->is_null()) {
    if (!it->is_array()) return FieldError(path, "lambda", "expected a list, got " + Describe(*it));
    for (const auto& [field, item] : Items(*it, "lambda")) {
      auto name = NeedString(*item, "name", path, field);
      if (!name.ok()) return name.status();
      auto reserved = Count(*item, "reserved_concurrency", path, field, true);
      if (!reserved.ok()) return reserved.status();
      json original = {{"reserved_concurrency", *reserved}};
      ARM_RETURN_IF_ERROR(
          Add(&s, Stopped("lambda-function", *name, std::move(original)), path, field));
    }
  }
  if (auto it = doc.find("cloudwatch"); it != doc.end() && !it->is_null()) {
    if (!it->is_object())
      return FieldError(path, "cloudwatch", "expected an object, got " + Describe(*it));
    warnings->push_back(
        "cloudwatch: the old state file only counted alarms; their actions "
        "will be left as they are");
  }
  warnings->push_back(path +
                      " uses the old shell tool's layout; it will be rewritten "
                      "in the new layout "
                      "on the next save (the old file is kept as " +
                      path + ".bak)");
  return s;
}

}  // namespace arm::state_internal
