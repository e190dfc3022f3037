#include "schedule/store.h"

#include <nlohmann/json.hpp>

namespace arm {
namespace {

constexpr int kVersion = 1;

std::string Base(const std::string& state_path) {
  if (state_path.size() > 5 && state_path.ends_with(".json"))
    return state_path.substr(0, state_path.size() - 5);
  return state_path;
}

Result<SysSeconds> Instant(const nlohmann::json& j, const char* key) {
  auto t = ParseInstant(j.at(key).get<std::string>());
  if (!t.ok()) return Status::Corruption(std::string(key) + ": " + t.status().message());
  return *t;
}

Result<Desired> StateOf(const nlohmann::json& j) {
  std::string s = j.at("state").get<std::string>();
  if (s == "running") return Desired::kRunning;
  if (s == "parked") return Desired::kParked;
  return Status::Corruption("state must be running or parked, got \"" + s + "\"");
}

}  // namespace

ScheduleStore::ScheduleStore(FileSystem& fs, const std::string& state_path)
    : fs_(fs),
      override_path_(Base(state_path) + ".override.json"),
      record_path_(Base(state_path) + ".reconcile.json") {}

Result<std::optional<nlohmann::json>> ScheduleStore::Read(const std::string& path) {
  auto text = fs_.ReadFile(path, ReadLimits{kMaxConfigFileBytes, true});
  if (!text.ok()) {
    if (text.status().IsNotFound()) return std::optional<nlohmann::json>();
    return text.status();
  }
  auto j = nlohmann::json::parse(*text, nullptr, false);
  if (j.is_discarded() || !j.is_object() || j.value("version", 0) != kVersion)
    return Status::Corruption(path + ": not a schedule file of this version (remove it to reset)");
  return std::optional<nlohmann::json>(std::move(j));
}

Status ScheduleStore::Write(const std::string& path, const nlohmann::json& j) {
  ARM_RETURN_IF_ERROR(fs_.CreateDirs(DirName(path), 0700));
  return fs_.WriteFileDurable(path, j.dump(2) + "\n", 0600);
}

Result<std::optional<Override>> ScheduleStore::LoadOverride() {
  auto j = Read(override_path_);
  if (!j.ok()) return j.status();
  if (!j->has_value()) return std::optional<Override>();
  try {
    const nlohmann::json& o = (**j).at("override");
    Override out;
    auto state = StateOf(o);
    auto since = Instant(o, "since");
    auto until = Instant(o, "until");
    for (const Status& s : {state.status(), since.status(), until.status()})
      if (!s.ok()) return Status::Corruption(override_path_ + ": " + s.message());
    out.state = *state;
    out.since = *since;
    out.until = *until;
    out.who = o.value("who", "");
    out.reason = o.value("reason", "");
    out.cleared = o.value("cleared", false);
    return std::optional<Override>(out);
  } catch (const nlohmann::json::exception& e) {
    return Status::Corruption(override_path_ + ": " + e.what());
  }
}

Status ScheduleStore::SaveOverride(const Override& o) {
  nlohmann::json j = {{"version", kVersion},
                      {"override",
                       {{"state", DesiredName(o.state)},
                        {"since", FormatUtc(o.since)},
                        {"until", FormatUtc(o.until)},
                        {"who", o.who},
                        {"reason", o.reason},
                        {"cleared", o.cleared}}}};
  return Write(override_path_, j);
}

Result<std::optional<ReconcileRecord>> ScheduleStore::LoadRecord() {
  auto j = Read(record_path_);
  if (!j.ok()) return j.status();
  if (!j->has_value()) return std::optional<ReconcileRecord>();
  try {
    const nlohmann::json& r = (**j).at("applied");
    auto state = StateOf(r);
    auto transition = Instant(r, "transition");
    auto at = Instant(r, "at");
    for (const Status& s : {state.status(), transition.status(), at.status()})
      if (!s.ok()) return Status::Corruption(record_path_ + ": " + s.message());
    return std::optional<ReconcileRecord>(ReconcileRecord{*transition, *state, *at});
  } catch (const nlohmann::json::exception& e) {
    return Status::Corruption(record_path_ + ": " + e.what());
  }
}

Status ScheduleStore::SaveRecord(const ReconcileRecord& r) {
  nlohmann::json j = {{"version", kVersion},
                      {"applied",
                       {{"transition", FormatUtc(r.transition)},
                        {"state", DesiredName(r.state)},
                        {"at", FormatUtc(r.applied_at)}}}};
  return Write(record_path_, j);
}

}  // namespace arm
