#include "state/state_file.h"

#include <algorithm>
#include <array>
#include <set>
#include <utility>

#include "core/json_stream.h"
#include "state/state_legacy.h"
#include "version.h"

namespace arm {

using nlohmann::json;
using state_internal::Describe;
using state_internal::FieldError;

ResourceState* State::Find(std::string_view type, std::string_view name) {
  for (auto& r : resources) {
    if (r.type == type && r.name == name) return &r;
  }
  return nullptr;
}

const ResourceState* State::Find(std::string_view type, std::string_view name) const {
  for (const auto& r : resources) {
    if (r.type == type && r.name == name) return &r;
  }
  return nullptr;
}

ResourceState& State::Upsert(std::string_view type, std::string_view name) {
  if (ResourceState* r = Find(type, name)) return *r;
  ResourceState r;
  r.type = std::string(type);
  r.name = std::string(name);
  resources.push_back(std::move(r));
  return resources.back();
}

bool State::Erase(std::string_view type, std::string_view name) {
  auto it = std::find_if(resources.begin(), resources.end(),
                         [&](const ResourceState& r) { return r.type == type && r.name == name; });
  if (it == resources.end()) return false;
  resources.erase(it);
  return true;
}

namespace {

json ResourceJson(const ResourceState& r) {
  json e = {{"type", r.type},
            {"name", r.name},
            {"status", r.status},
            {"original", r.original},
            {"updated_at", r.updated_at}};
  if (!r.extra.is_null() && !r.extra.empty()) e["extra"] = r.extra;
  if (r.selected_by.is_object()) e["selected_by"] = r.selected_by;
  return e;
}

// Everything but the resources, which are an empty array here.
json HeadJson(const State& s) {
  return json{{"schema_version", s.schema_version},
              {"project", s.project},
              {"environment", s.environment},
              {"account_id", s.account_id},
              {"region", s.region},
              {"saved_at", s.saved_at},
              {"tool_version", s.tool_version},
              {"resources", json::array()}};
}

json ToJson(const State& s) {
  json doc = HeadJson(s);
  json& resources = doc["resources"];
  for (const auto& r : s.resources) resources.push_back(ResourceJson(r));
  return doc;
}

bool IsKnownStatus(const std::string& s) {
  constexpr std::array<const char*, 4> kAll = {kStatusStopping, kStatusStopped, kStatusStarting,
                                               kStatusRunning};
  return std::any_of(kAll.begin(), kAll.end(), [&](const char* k) { return s == k; });
}

// Reads a string field; `required` false accepts absence (leaves `out`).
Status GetString(const json& obj, const char* key, const std::string& path,
                 const std::string& field, bool required, std::string* out) {
  auto it = obj.find(key);
  if (it == obj.end()) {
    if (!required) return Status::Ok();
    return FieldError(path, field, "missing");
  }
  if (!it->is_string()) return FieldError(path, field, "expected a string, got " + Describe(*it));
  *out = it->get<std::string>();
  return Status::Ok();
}

Result<ResourceState> ParseResource(const json& e, const std::string& path,
                                    const std::string& field) {
  if (!e.is_object()) return FieldError(path, field, "expected an object, got " + Describe(e));
  ResourceState r;
  ARM_RETURN_IF_ERROR(GetString(e, "type", path, field + ".type", true, &r.type));
  if (r.type.empty()) return FieldError(path, field + ".type", "is empty");
  ARM_RETURN_IF_ERROR(GetString(e, "name", path, field + ".name", true, &r.name));
  if (r.name.empty()) return FieldError(path, field + ".name", "is empty");
  ARM_RETURN_IF_ERROR(GetString(e, "status", path, field + ".status", true, &r.status));
  if (!IsKnownStatus(r.status)) {
    return FieldError(
        path, field + ".status",
        "expected one of stopping, stopped, starting, running, got \"" + r.status + "\"");
  }
  auto orig = e.find("original");
  if (orig == e.end()) return FieldError(path, field + ".original", "missing");
  if (!orig->is_object()) {
    return FieldError(path, field + ".original", "expected an object, got " + Describe(*orig));
  }
  r.original = *orig;
  auto extra = e.find("extra");
  if (extra != e.end()) {
    if (!extra->is_object()) {
      return FieldError(path, field + ".extra", "expected an object, got " + Describe(*extra));
    }
    r.extra = *extra;
  }
  auto by = e.find("selected_by");
  if (by != e.end() && !by->is_null()) {
    if (!by->is_object()) {
      return FieldError(path, field + ".selected_by", "expected an object, got " + Describe(*by));
    }
    r.selected_by = *by;
  }
  ARM_RETURN_IF_ERROR(
      GetString(e, "updated_at", path, field + ".updated_at", false, &r.updated_at));
  return r;
}

Result<State> ParseCurrent(const json& doc, const std::string& path) {
  const json& v = doc["schema_version"];
  if (!v.is_number_integer()) {
    return FieldError(path, "schema_version", "expected an integer, got " + Describe(v));
  }
  int64_t version = v.get<int64_t>();
  if (version > kStateSchemaVersion) {
    return FieldError(path, "schema_version",
                      std::to_string(version) +
                          " was written by a newer version of aws-resource-manager "
                          "(this one reads " +
                          std::to_string(kStateSchemaVersion) + "); upgrade the tool");
  }
  if (version < 1)
    return FieldError(path, "schema_version", "must be 1, got " + std::to_string(version));
  State s;
  s.schema_version = static_cast<int>(version);
  ARM_RETURN_IF_ERROR(GetString(doc, "project", path, "project", true, &s.project));
  ARM_RETURN_IF_ERROR(GetString(doc, "account_id", path, "account_id", true, &s.account_id));
  ARM_RETURN_IF_ERROR(GetString(doc, "region", path, "region", true, &s.region));
  ARM_RETURN_IF_ERROR(GetString(doc, "environment", path, "environment", false, &s.environment));
  ARM_RETURN_IF_ERROR(GetString(doc, "saved_at", path, "saved_at", false, &s.saved_at));
  ARM_RETURN_IF_ERROR(GetString(doc, "tool_version", path, "tool_version", false, &s.tool_version));
  auto res = doc.find("resources");
  if (res == doc.end()) return FieldError(path, "resources", "missing");
  if (!res->is_array())
    return FieldError(path, "resources", "expected a list, got " + Describe(*res));
  s.resources.reserve(res->size());
  std::set<std::pair<std::string, std::string>> seen;
  for (size_t i = 0; i < res->size(); ++i) {
    std::string field = "resources[" + std::to_string(i) + "]";
    auto r = ParseResource((*res)[i], path, field);
    if (!r.ok()) return r.status();
    if (!seen.emplace(r->type, r->name).second) {
      return FieldError(path, field, "duplicate entry for " + r->type + " " + r->name);
    }
    s.resources.push_back(std::move(r).value());
  }
  return s;
}

// The nlohmann message without its "[json.exception...] parse error at ...:" prefix.
std::string ParseReason(const std::string& what) {
  std::string reason = what;
  auto dash = reason.find(" - ");
  if (dash != std::string::npos) {
    reason = reason.substr(dash + 3);
  } else if (auto colon = reason.find(": "); colon != std::string::npos) {
    reason = reason.substr(colon + 2);
  }
  // "last read: '<token>'" repeats the input, whitespace escaped as <U+000A>.
  auto last = reason.find("; last read: ");
  if (last != std::string::npos) {
    auto next = reason.find("; expected", last + 1);
    reason.erase(last, next == std::string::npos ? std::string::npos : next - last);
  }
  std::replace(reason.begin(), reason.end(), '\n', ' ');
  return reason;
}

// SerializeState of `state` with the save's stamp, one resource at a time:
// neither a copy of the state nor its whole tree or text (megabytes on a
// large estate) is made.
Status WriteStamped(const State& state, const std::string& saved_at, const JsonSink& write) {
  json head = HeadJson(state);
  head["schema_version"] = kStateSchemaVersion;
  head["saved_at"] = saved_at;
  head["tool_version"] = ARM_VERSION;
  JsonElements resources = [&](const std::function<Status(const json&)>& emit) {
    for (const auto& r : state.resources) ARM_RETURN_IF_ERROR(emit(ResourceJson(r)));
    return Status::Ok();
  };
  return WriteJsonObject(head, {{"resources", resources}}, write);
}

}  // namespace

std::string SerializeState(const State& state) {
  return ToJson(state).dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

Result<State> ParseState(std::string_view text, const std::string& path,
                         std::vector<std::string>* warnings) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return Status::Corruption(path + ": the file is empty; restore " + path +
                              ".bak or delete it and run `snapshot` to rebuild it");
  }
  json doc;
  try {
    doc = json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    size_t end = std::min(e.byte == 0 ? 0 : e.byte - 1, text.size());
    size_t line = 1 + static_cast<size_t>(std::count(text.begin(), text.begin() + end, '\n'));
    size_t last_nl = text.rfind('\n', end == 0 ? 0 : end - 1);
    size_t column = (last_nl == std::string_view::npos || end == 0) ? end + 1 : end - last_nl;
    if (e.byte >= text.size() && std::string(e.what()).find("end of input") != std::string::npos) {
      return Status::Corruption(path + ": truncated: the JSON ends at line " +
                                std::to_string(line) + " before the document is complete");
    }
    return Status::Corruption(path + ": not valid JSON at line " + std::to_string(line) +
                              ", column " + std::to_string(column) + ": " + ParseReason(e.what()));
  } catch (const json::out_of_range& e) {
    // A number beyond double range ("1e400") is out_of_range.406, not a
    // parse_error (fuzz/corpus/state_file/regress-number-overflow.json).
    std::string what = e.what();
    size_t prefix = what.find("] ");
    return Status::Corruption(path + ": not valid JSON: " +
                              (prefix == std::string::npos ? what : what.substr(prefix + 2)));
  }
  if (!doc.is_object()) {
    return Status::Corruption(path + ": expected a JSON object at the top level, got " +
                              Describe(doc));
  }
  if (doc.contains("schema_version")) return ParseCurrent(doc, path);
  if (state_internal::LooksLegacy(doc)) {
    std::vector<std::string> ignored;
    return state_internal::MigrateLegacy(doc, path, warnings ? warnings : &ignored);
  }
  return FieldError(path, "schema_version",
                    "missing: this is not an aws-resource-manager state file");
}

Status CheckBelongs(const State& state, const std::string& project, const std::string& account_id,
                    const std::string& region) {
  auto differs = [](const std::string& saved, const std::string& now) {
    return !saved.empty() && !now.empty() && saved != now;
  };
  std::string what;
  if (differs(state.project, project)) {
    what = "project " + state.project + " (this run: " + project + ")";
  } else if (differs(state.account_id, account_id)) {
    what = "account " + state.account_id + " (this run: " + account_id + ")";
  } else if (differs(state.region, region)) {
    what = "region " + state.region + " (this run: " + region + ")";
  } else {
    return Status::Ok();
  }
  return Status::InvalidArgument(
      "the state file belongs to " + what +
      "; use that project's config, --profile or --region, or --state-file "
      "to point at this project's state");
}

StateStore::StateStore(FileSystem& fs, Clock& clock, std::string path)
    : fs_(fs), clock_(clock), path_(std::move(path)) {}

Status StateStore::CheckPath() {
  if (!fs_.IsSymlink(path_)) return Status::Ok();
  return Status::InvalidArgument(
      path_ +
      " is a symbolic link; saving the state would replace the link, not the "
      "file "
      "it points to: set STATE_FILE (or --state-file) to the real file");
}

Result<std::optional<State>> StateStore::Load(std::vector<std::string>* warnings) {
  ARM_RETURN_IF_ERROR(CheckPath());
  auto text = fs_.ReadFile(path_, kStateReadLimits);
  if (!text.ok()) {
    if (text.status().IsNotFound()) return std::optional<State>();
    return text.status();
  }
  auto state = ParseState(*text, path_, warnings);
  if (!state.ok()) return state.status();
  return std::optional<State>(std::move(state).value());
}

Status StateStore::Save(const State& state, SaveMode mode) {
  ARM_RETURN_IF_ERROR(CheckPath());
  const bool hook = on_saved_ && mode == kBackedUp;
  std::string dir = DirName(path_);
  if (dir != "." && dir != "/") ARM_RETURN_IF_ERROR(fs_.CreateDirs(dir, 0700));
  auto previous = fs_.ReadFile(path_, kStateReadLimits);
  if (previous.ok()) {
    ARM_RETURN_IF_ERROR(fs_.WriteFileDurable(backup_path(), *previous, 0600)
                            .WithContext("keep the previous state as " + backup_path()));
    previous = std::string();
  } else if (!previous.status().IsNotFound()) {
    return previous.status();
  }
  auto file = fs_.OpenDurable(path_, 0600);
  if (!file.ok()) return file.status().WithContext("save state " + path_);
  std::string text;  // only for on_saved_, which gets the exact bytes
  ARM_RETURN_IF_ERROR(WriteStamped(state, FormatIso8601(clock_.Now()), [&](std::string_view piece) {
                        if (hook) text.append(piece);
                        return (*file)->Append(piece);
                      }).WithContext("save state " + path_));
  ARM_RETURN_IF_ERROR((*file)->Commit().WithContext("save state " + path_));
  if (hook) on_saved_(text);
  return Status::Ok();
}

}  // namespace arm
