#include "resources/resource.h"

#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "aws/call_record.h"
#include "core/parallel.h"

namespace arm {
namespace {

// The snapshot of one describe: its own, or an unknown one keeping the error.
Result<Snapshot> Known(const std::string& name, Result<Snapshot> described) {
  if (described.ok()) return described;
  if (described.status().code() == StatusCode::kCredentials) return described.status();
  Snapshot unknown;
  unknown.name = name;
  unknown.exists = false;
  unknown.describe_error = described.status();
  return unknown;
}

}  // namespace

std::string SelectedBy::ToString() const {
  std::string out;
  switch (source) {
    case Source::kNone:
      return "not selected";
    case Source::kList:
      out = "list";
      break;
    case Source::kTag:
      out = "tag " + tag_key + "=" + tag_value;
      break;
    case Source::kPrefix:
      out = "prefix " + prefix;
      break;
  }
  return recorded ? out + " (recorded at stop)" : out;
}

nlohmann::json SelectedByToJson(const SelectedBy& s) {
  switch (s.source) {
    case SelectedBy::Source::kNone:
      return nullptr;
    case SelectedBy::Source::kList:
      return {{"by", "list"}};
    case SelectedBy::Source::kTag:
      return {{"by", "tag"}, {"tag_key", s.tag_key}, {"tag_value", s.tag_value}};
    case SelectedBy::Source::kPrefix:
      return {{"by", "prefix"}, {"prefix", s.prefix}};
  }
  return nullptr;
}

SelectedBy SelectedByFromJson(const nlohmann::json& j) {
  SelectedBy s;
  if (!j.is_object()) return s;
  auto str = [&](const char* k) {
    auto it = j.find(k);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  std::string by = str("by");
  if (by == "list") {
    s.source = SelectedBy::Source::kList;
  } else if (by == "tag" && !str("tag_key").empty() && !str("tag_value").empty()) {
    s.source = SelectedBy::Source::kTag;
    s.tag_key = str("tag_key");
    s.tag_value = str("tag_value");
  } else if (by == "prefix" && !str("prefix").empty()) {
    s.source = SelectedBy::Source::kPrefix;
    s.prefix = str("prefix");
  }
  return s;
}

std::string_view OwnName(std::string_view name) {
  const size_t slash = name.rfind('/');
  return slash == std::string_view::npos ? name : name.substr(slash + 1);
}

SelectedBy TypeSelection::Why(const std::string& name) const {
  SelectedBy s;
  if (!only_names.empty() && !only_names.count(name)) return s;
  if (explicit_names.count(name)) {
    s.source = SelectedBy::Source::kList;
  } else if (tagged_names.count(name) || recorded_tagged.count(name)) {
    s.source = SelectedBy::Source::kTag;
    s.tag_key = tag_key;
    s.tag_value = tag_value;
    s.recorded = !tagged_names.count(name);
  } else if (!name_prefix.empty() && (prefix_on_own_name ? OwnName(name) : std::string_view(name))
                                         .starts_with(name_prefix)) {
    s.source = SelectedBy::Source::kPrefix;
    s.prefix = name_prefix;
  }
  return s;
}

Result<std::vector<Snapshot>> DescribeEach(
    const std::set<std::string>& names, int parallelism,
    const std::function<Result<Snapshot>(const std::string&)>& describe) {
  std::vector<std::string> list(names.begin(), names.end());
  std::vector<std::optional<Result<Snapshot>>> results(list.size());
  ParallelFor(list.size(), parallelism, [&](size_t i) {
    ScopedCallTarget target(list[i]);
    results[i].emplace(Known(list[i], describe(list[i])));
  });
  std::vector<Snapshot> out;
  out.reserve(list.size());
  for (auto& r : results) {
    if (!r->ok()) return r->status();
    out.push_back(std::move(r->value()));
  }
  return out;
}

Result<std::vector<Snapshot>> DescribeEach(
    const std::set<std::string>& names, const TypeSelection& selection,
    const std::function<Result<Snapshot>(const std::string&)>& describe) {
  if (selection.slots == nullptr) return DescribeEach(names, selection.parallelism, describe);
  Slots& slots = *selection.slots;
  return DescribeEach(names, selection.parallelism, [&](const std::string& name) {
    slots.Acquire();
    Result<Snapshot> r = describe(name);
    slots.Release();
    return r;
  });
}

Result<std::vector<Snapshot>> DescribeAsFound(
    const TypeSelection& selection,
    const std::function<Status(const std::function<void(const std::string&)>& emit)>& produce,
    const std::function<Result<Snapshot>(const std::string&)>& describe) {
  std::mutex mu;
  std::condition_variable cv;
  std::deque<std::string> queue;
  std::set<std::string> seen;
  bool done = false;
  std::map<std::string, std::optional<Result<Snapshot>>> results;  // name order
  auto work = [&] {
    for (;;) {
      std::string name;
      {
        std::unique_lock<std::mutex> lock(mu);
        cv.wait(lock, [&] { return done || !queue.empty(); });
        if (queue.empty()) return;
        name = std::move(queue.front());
        queue.pop_front();
      }
      if (selection.slots != nullptr) selection.slots->Acquire();
      Result<Snapshot> r = [&] {
        ScopedCallTarget target(name);
        return Known(name, describe(name));
      }();
      if (selection.slots != nullptr) selection.slots->Release();
      std::lock_guard<std::mutex> lock(mu);
      results[name].emplace(std::move(r));
    }
  };
  std::vector<std::thread> pool;
  for (int i = 0; i < std::max(1, selection.parallelism); ++i) pool.emplace_back(work);
  Status listed = produce([&](const std::string& name) {
    {
      std::lock_guard<std::mutex> lock(mu);
      if (!seen.insert(name).second) return;
      queue.push_back(name);
    }
    cv.notify_one();
  });
  {
    std::lock_guard<std::mutex> lock(mu);
    done = true;
    if (!listed.ok()) queue.clear();
  }
  cv.notify_all();
  for (auto& t : pool) t.join();
  if (!listed.ok()) return listed;
  std::vector<Snapshot> out;
  out.reserve(results.size());
  for (auto& [name, r] : results) {
    if (!r->ok()) return r->status();
    out.push_back(std::move(r->value()));
  }
  return out;
}

void to_json(nlohmann::json& j, const Snapshot& s) {
  j = {{"type", s.type},     {"name", s.name},
       {"exists", s.exists}, {"transitioning", s.transitioning},
       {"config", s.config}, {"details", s.details}};
  if (s.selected_by.ok()) {
    j["selected_by"] = SelectedByToJson(s.selected_by);
    if (s.selected_by.recorded) j["selected_by"]["recorded"] = true;
  }
  if (!s.known()) j["describe_error"] = s.describe_error.ToString();
}

void from_json(const nlohmann::json& j, Snapshot& s) {
  s.type = j.at("type").get<std::string>();
  s.name = j.at("name").get<std::string>();
  s.exists = j.value("exists", true);
  s.transitioning = j.value("transitioning", false);
  s.config = j.value("config", nlohmann::json::object());
  s.details = j.value("details", nlohmann::json::object());
  auto by = j.find("selected_by");
  if (by != j.end()) {
    s.selected_by = SelectedByFromJson(*by);
    s.selected_by.recorded = by->is_object() && by->value("recorded", false);
  }
  if (j.contains("describe_error"))
    s.describe_error = Status::Aborted(j.at("describe_error").get<std::string>());
}

Action ResourceAction(std::string_view type, const std::string& name, std::string api,
                      std::string summary, nlohmann::json params) {
  Action a;
  a.type = std::string(type);
  a.names = {name};
  a.chain = a.type + "/" + name;
  a.api = std::move(api);
  a.summary = std::move(summary);
  a.params = std::move(params);
  return a;
}

void to_json(nlohmann::json& j, const Action& a) {
  j = {{"type", a.type},       {"names", a.names},   {"api", a.api},
       {"summary", a.summary}, {"params", a.params}, {"mutating", a.mutating}};
}

std::string TypeInfo::NameFromArn(std::string_view text) const {
  // arn:partition:service:region:account:resource
  size_t pos = 0;
  std::string_view service;
  for (int i = 0; i < 5; ++i) {
    size_t c = text.find(':', pos);
    if (c == std::string_view::npos) return "";
    if (i == 2) service = text.substr(pos, c - pos);
    pos = c + 1;
  }
  std::string_view resource = text.substr(pos);
  if (service != arn.service || !resource.starts_with(arn.resource_prefix)) return "";
  std::string_view name = resource.substr(arn.resource_prefix.size());
  if (!arn.name_after.empty()) {
    size_t at = name.find(arn.name_after);
    if (at == std::string_view::npos) return "";
    name = name.substr(at + arn.name_after.size());
  }
  if (!arn.name_ends.empty()) name = name.substr(0, name.find_first_of(arn.name_ends));
  if (arn.name_segments > 0) {
    size_t end = 0;
    for (int i = 0; i < arn.name_segments; ++i) {
      end = name.find('/', end == 0 ? 0 : end + 1);
      if (end == std::string_view::npos) return i + 1 == arn.name_segments ? std::string(name) : "";
    }
    name = name.substr(0, end);
  }
  return std::string(name);
}

bool TypeSelection::Keep(Snapshot& snap) const {
  snap.selected_by = Why(snap.name);
  if (snap.selected_by.recorded && snap.exists) return false;
  return snap.selected_by.ok();
}

std::string_view SeverityName(Severity s) {
  switch (s) {
    case Severity::kError:
      return "error";
    case Severity::kHeld:
      return "held";
    case Severity::kWarning:
      return "warning";
    case Severity::kInfo:
      return "info";
  }
  return "info";
}

std::string_view ConditionName(Condition c) {
  switch (c) {
    case Condition::kRunning:
      return "running";
    case Condition::kStopped:
      return "stopped";
    case Condition::kTransitioning:
      return "transitioning";
    case Condition::kMissing:
      return "missing";
    case Condition::kDrifted:
      return "drifted";
  }
  return "drifted";
}

}  // namespace arm
