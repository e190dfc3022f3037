#include "schedule/store.h"

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>

namespace arm {
namespace {

constexpr int kOverrideVersion = 1;
// 3: "failed" per type. 2: "applied" per type, one "failed". Version 1 had
// one "applied" record.
constexpr int kLogVersion = 3;

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

Result<ReconcileRecord> RecordOf(const nlohmann::json& r) {
  auto state = StateOf(r);
  auto transition = Instant(r, "transition");
  auto at = Instant(r, "at");
  for (const Status& s : {state.status(), transition.status(), at.status()})
    if (!s.ok()) return s;
  // A transition is applied at or after it happens: a hand-edited one
  // later than its own run cannot hold the type out of every run until then.
  return ReconcileRecord{std::min(*transition, *at), *state, *at, r.value("by", "reconcile")};
}

nlohmann::json RecordJson(const ReconcileRecord& r) {
  return {{"transition", FormatUtc(r.transition)},
          {"state", DesiredName(r.state)},
          {"at", FormatUtc(r.applied_at)},
          {"by", r.by}};
}

}  // namespace

const ReconcileRecord* ReconcileLog::For(const std::string& selector) const {
  auto it = applied.find(selector);
  if (it == applied.end()) it = applied.find(kAllTypes);
  return it == applied.end() ? nullptr : &it->second;
}

const FailedRun* ReconcileLog::FailedFor(const std::string& selector) const {
  auto it = failed.find(selector);
  if (it == failed.end()) it = failed.find(kAllTypes);
  return it == failed.end() ? nullptr : &it->second;
}

const ReconcileRecord* ReconcileLog::Latest() const {
  const ReconcileRecord* out = nullptr;
  for (const auto& [type, r] : applied)
    if (out == nullptr || r.applied_at > out->applied_at) out = &r;
  return out;
}

ScheduleStore::ScheduleStore(FileSystem& fs, const std::string& state_path)
    : fs_(fs),
      override_path_(Base(state_path) + ".override.json"),
      record_path_(Base(state_path) + ".reconcile.json") {}

Result<std::optional<nlohmann::json>> ScheduleStore::Read(const std::string& path,
                                                          int max_version) {
  auto text = fs_.ReadFile(path, ReadLimits{kMaxConfigFileBytes, true});
  if (!text.ok()) {
    if (text.status().IsNotFound()) return std::optional<nlohmann::json>();
    return text.status();
  }
  auto j = nlohmann::json::parse(*text, nullptr, false);
  if (j.is_discarded() || !j.is_object() ||
      !j.value("version", nlohmann::json()).is_number_integer() || j["version"].get<int>() < 1 ||
      j["version"].get<int>() > max_version)
    return Status::Corruption(path + ": not a schedule file of this version (remove it to reset)");
  return std::optional<nlohmann::json>(std::move(j));
}

Status ScheduleStore::Write(const std::string& path, const nlohmann::json& j) {
  ARM_RETURN_IF_ERROR(fs_.CreateDirs(DirName(path), 0700));
  return fs_.WriteFileDurable(path, j.dump(2) + "\n", 0600);
}

Result<std::optional<Override>> ScheduleStore::LoadOverride() {
  auto j = Read(override_path_, kOverrideVersion);
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
  nlohmann::json j = {{"version", kOverrideVersion},
                      {"override",
                       {{"state", DesiredName(o.state)},
                        {"since", FormatUtc(o.since)},
                        {"until", FormatUtc(o.until)},
                        {"who", o.who},
                        {"reason", o.reason},
                        {"cleared", o.cleared}}}};
  return Write(override_path_, j);
}

Result<ReconcileLog> ScheduleStore::LoadLog() {
  auto j = Read(record_path_, kLogVersion);
  if (!j.ok()) return j.status();
  ReconcileLog log;
  if (!j->has_value()) return log;
  const nlohmann::json& top = **j;
  try {
    auto bad = [&](const std::string& what, const Status& s) {
      return Status::Corruption(record_path_ + ": " + what + s.message());
    };
    if (top.at("version").get<int>() == 1) {
      auto r = RecordOf(top.at("applied"));
      if (!r.ok()) return bad("", r.status());
      log.applied[kAllTypes] = *r;
      return log;
    }
    // items() of an array or a string would read as no record at all: the
    // next run would apply the transition again.
    if (!top.at("applied").is_object())
      return Status::Corruption(record_path_ + ": applied: expected an object of records by type");
    if (auto f = top.find("failed"); f != top.end() && !f->is_null() && !f->is_object())
      return Status::Corruption(record_path_ + ": failed: expected an object");
    for (const auto& [type, rj] : top.at("applied").items()) {
      auto r = RecordOf(rj);
      if (!r.ok()) return bad(type + ": ", r.status());
      log.applied[type] = *r;
    }
    auto failed_run = [&](const nlohmann::json& f) -> Result<FailedRun> {
      FailedRun run;
      auto state = StateOf(f);
      auto transition = Instant(f, "transition");
      auto last = Instant(f, "last_attempt");
      auto retry = Instant(f, "retry_at");
      for (const Status& s : {state.status(), transition.status(), last.status(), retry.status()})
        if (!s.ok()) return s;
      run.state = *state;
      run.transition = *transition;
      run.last_attempt = *last;
      // A hand-edited record cannot park the retries for ever: the back-off
      // never waits more than 4 hours after the last attempt, and the count
      // stays in range.
      run.retry_at = std::min(*retry, *last + std::chrono::hours(4));
      run.attempts = std::clamp(f.at("attempts").get<int>(), 1, 1000);
      run.why = f.value("why", "");
      return run;
    };
    if (auto f = top.find("failed"); f != top.end() && !f->is_null()) {
      if (top.at("version").get<int>() == 2) {  // one record for every type
        auto run = failed_run(*f);
        if (!run.ok()) return bad("failed: ", run.status());
        log.failed[kAllTypes] = *run;
      } else {
        for (const auto& [type, fj] : f->items()) {
          auto run = failed_run(fj);
          if (!run.ok()) return bad("failed: " + type + ": ", run.status());
          log.failed[type] = *run;
        }
      }
    }
    return log;
  } catch (const nlohmann::json::exception& e) {
    return Status::Corruption(record_path_ + ": " + e.what());
  }
}

Status ScheduleStore::SaveLog(const ReconcileLog& log) {
  nlohmann::json applied = nlohmann::json::object();
  for (const auto& [type, r] : log.applied) applied[type] = RecordJson(r);
  nlohmann::json j = {{"version", kLogVersion}, {"applied", applied}};
  nlohmann::json failed = nlohmann::json::object();
  for (const auto& [type, f] : log.failed)
    failed[type] = {{"transition", FormatUtc(f.transition)},
                    {"state", DesiredName(f.state)},
                    {"attempts", f.attempts},
                    {"last_attempt", FormatUtc(f.last_attempt)},
                    {"retry_at", FormatUtc(f.retry_at)},
                    {"why", f.why}};
  if (!failed.empty()) j["failed"] = failed;
  return Write(record_path_, j);
}

}  // namespace arm
