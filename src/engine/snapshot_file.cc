#include "engine/snapshot_file.h"

#include <set>

namespace arm {
namespace {

using nlohmann::json;

Status Bad(const std::string& path, const std::string& what) {
  return Status::Corruption(path + ": not a snapshot file: " + what +
                            " (write one with `aws-resource-manager snapshot --output FILE`)");
}

Result<std::string> String(const json& doc, const char* key, const std::string& path) {
  auto it = doc.find(key);
  if (it == doc.end()) return Bad(path, std::string("\"") + key + "\" is missing");
  if (!it->is_string()) return Bad(path, std::string("\"") + key + "\" must be a string");
  return it->get<std::string>();
}

Result<std::vector<std::string>> Strings(const json& obj, const char* key,
                                         const std::string& path) {
  auto it = obj.find(key);
  if (it == obj.end()) return std::vector<std::string>{};
  if (!it->is_array())
    return Bad(path, std::string("\"selection.") + key + "\" must be a list of strings");
  std::vector<std::string> out;
  for (const auto& v : *it) {
    if (!v.is_string())
      return Bad(path, std::string("\"selection.") + key + "\" must be a list of strings");
    out.push_back(v.get<std::string>());
  }
  return out;
}

}  // namespace

std::string SerializeSnapshot(const SnapshotDocument& doc) {
  json resources = json::object();
  for (const auto& t : doc.types) resources[t] = json::array();
  for (const auto& [type, list] : doc.resources) {
    json items = json::array();
    for (const auto& s : list) items.push_back(s);
    resources[type] = items;
  }
  json j = {{"format", kSnapshotFormat},
            {"schema_version", doc.schema_version},
            {"tool_version", doc.tool_version},
            {"taken_at", doc.taken_at},
            {"project", doc.project},
            {"environment", doc.environment},
            {"account_id", doc.account_id},
            {"region", doc.region},
            {"selection",
             {{"types", doc.types},
              {"only", doc.only},
              {"exclude", doc.exclude},
              {"resources", doc.resource_names}}},
            {"state_file", doc.state_file},
            {"resources", resources}};
  return j.dump(2) + "\n";
}

Result<SnapshotDocument> ParseSnapshot(std::string_view text, const std::string& path) {
  json doc;
  try {
    doc = json::parse(text.begin(), text.end());
  } catch (const json::exception& e) {
    std::string what = e.what();
    size_t prefix = what.find("] ");
    return Status::Corruption(path + ": not valid JSON: " +
                              (prefix == std::string::npos ? what : what.substr(prefix + 2)));
  }
  if (!doc.is_object()) return Bad(path, "expected a JSON object at the top level");
  if (doc.value("format", json()) != kSnapshotFormat)
    return Bad(path, std::string("\"format\" must be \"") + kSnapshotFormat + "\"");
  if (!doc.contains("schema_version") || !doc["schema_version"].is_number_integer())
    return Bad(path, "\"schema_version\" must be a whole number");
  SnapshotDocument out;
  out.schema_version = doc["schema_version"].get<int>();
  if (out.schema_version != kSnapshotSchemaVersion)
    return Status::Corruption(
        path + ": snapshot schema_version " + std::to_string(out.schema_version) +
        " is not supported (this version reads " + std::to_string(kSnapshotSchemaVersion) +
        "); take the snapshot again with this version");
  struct Field {
    const char* key;
    std::string* value;
  };
  for (Field f : {Field{"tool_version", &out.tool_version}, Field{"taken_at", &out.taken_at},
                  Field{"project", &out.project}, Field{"environment", &out.environment},
                  Field{"account_id", &out.account_id}, Field{"region", &out.region},
                  Field{"state_file", &out.state_file}}) {
    auto v = String(doc, f.key, path);
    if (!v.ok()) return v.status();
    *f.value = *v;
  }
  if (out.region.empty()) return Bad(path, "\"region\" is empty");
  const json& sel = doc.value("selection", json());
  if (!sel.is_object()) return Bad(path, "\"selection\" must be an object");
  auto types = Strings(sel, "types", path);
  auto only = Strings(sel, "only", path);
  auto exclude = Strings(sel, "exclude", path);
  auto names = Strings(sel, "resources", path);
  for (const auto* r : {&types, &only, &exclude, &names})
    if (!r->ok()) return r->status();
  out.types = *types;
  out.only = *only;
  out.exclude = *exclude;
  out.resource_names = *names;
  const json& res = doc.value("resources", json());
  if (!res.is_object()) return Bad(path, "\"resources\" must be an object of type -> list");
  std::set<std::string> listed(out.types.begin(), out.types.end());
  for (auto it = res.begin(); it != res.end(); ++it) {
    if (!listed.count(it.key()))
      return Bad(path, "\"resources\" has type \"" + it.key() +
                           "\" that \"selection.types\" does not list");
    if (!it->is_array()) return Bad(path, "\"resources." + it.key() + "\" must be a list");
    auto& list = out.resources[it.key()];
    for (const auto& item : *it) {
      Snapshot s;
      try {
        s = item.get<Snapshot>();
      } catch (const json::exception&) {
        return Bad(path, "an entry of \"resources." + it.key() +
                             "\" lacks a string \"type\" and \"name\"");
      }
      if (s.type != it.key() || s.name.empty())
        return Bad(path, "entry \"" + s.name + "\" under \"resources." + it.key() +
                             "\" has type \"" + s.type + "\"");
      if (!s.config.is_object() || !s.details.is_object())
        return Bad(path,
                   "\"config\" and \"details\" of " + s.type + " " + s.name + " must be objects");
      list.push_back(std::move(s));
    }
  }
  for (const auto& t : out.types)
    if (!res.contains(t))
      return Bad(path, "\"resources\" lacks type \"" + t + "\" that \"selection.types\" lists");
  return out;
}

}  // namespace arm
