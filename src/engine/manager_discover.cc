// Manager: discovery of every selected type, and the prefix neighbours left alone.
#include <algorithm>
#include <future>

#include "aws/call_record.h"
#include "core/parallel.h"
#include "engine/manager.h"
#include "engine/state_index.h"
#include "services/tagging_client.h"

namespace arm {
namespace {

// The one line that reports a resource discovery could not describe.
std::string UnknownText(const Snapshot& s) {
  return s.type + " " + s.name + ": could not be described, so it was skipped (" +
         s.describe_error.ToString() + ")";
}

}  // namespace

SnapshotSet Manager::Discover(const State* state, int workers, Diagnostics* diagnostics,
                              bool* permission_error, std::vector<Snapshot>* unknown,
                              bool parking) {
  std::vector<std::string>* errors = &diagnostics->errors;
  std::map<std::string, std::set<std::string>> tagged;
  if (tagging_ != nullptr && !selection_.tag_key.empty()) {
    std::vector<TagFilter> filters = {{selection_.tag_key, {}}};
    if (!selection_.tag_value.empty()) filters[0].values = {selection_.tag_value};
    ScopedCallTarget target("tag " + selection_.tag_key);
    auto res = tagging_->GetResources(filters, TaggingTypes());
    if (!res.ok()) {
      errors->push_back("find resources tagged " + selection_.tag_key + ": " +
                        res.status().ToString());
      if (permission_error && res.status().code() == StatusCode::kPermission)
        *permission_error = true;
    } else {
      for (const auto& r : *res) {
        auto [type, name] = TypeAndNameFromArn(r.arn);
        if (!type.empty()) tagged[type].insert(name);
      }
    }
  }
  // Who owns what the prefix selects: every tagged resource of the managed
  // types, asked while the types are discovered.
  std::future<Result<std::vector<TaggedResourceArn>>> owners;
  if (tagging_ != nullptr && AnyPrefix())
    owners = std::async(std::launch::async, [&] {
      ScopedCallTarget target("owner tags");
      return tagging_->GetResources({}, TaggingTypes());
    });
  auto types = SelectedTypesToDiscover();
  std::vector<Result<std::vector<Snapshot>>> results(types.size(), Status::Internal("not run"));
  std::vector<TypeSelection> sels(types.size());
  // Types in parallel; their describes draw on one budget of `workers`
  // calls in flight, so a type with many resources is not held to a fixed
  // share while the others have finished.
  Slots slots(workers);
  ParallelFor(types.size(), static_cast<int>(types.size()), [&](size_t i) {
    ScopedCallTarget target(std::string(types[i]->type()));
    sels[i] = SelectionFor(*types[i], state, tagged);
    sels[i].parallelism = std::max(workers, 1);
    sels[i].slots = &slots;
    results[i] = types[i]->Discover(sels[i]);
  });
  SnapshotSet out;
  std::vector<Snapshot> out_unknown;
  for (size_t i = 0; i < types.size(); ++i) {
    if (!results[i].ok()) {
      errors->push_back(std::string(types[i]->type()) + ": " + results[i].status().ToString());
      if (permission_error && (results[i].status().code() == StatusCode::kPermission ||
                               results[i].status().code() == StatusCode::kCredentials))
        *permission_error = true;
      continue;
    }
    // The boundary holds here whatever a type's Discover returned.
    auto& list = out[std::string(types[i]->type())];
    list.reserve(results[i]->size());
    for (auto& snap : *results[i]) {
      if (!sels[i].Keep(snap)) {
        if (!snap.selected_by.ok())
          errors->push_back(
              std::string(types[i]->type()) + ": discovery returned " + snap.name +
              ", which the selection does not name; left alone (this is a bug: please report it)");
        continue;
      }
      if (snap.known()) {
        list.push_back(std::move(snap));
        continue;
      }
      // Described in vain: reported, never planned (the rest of the type goes on).
      snap.type = std::string(types[i]->type());
      out_unknown.push_back(std::move(snap));
    }
  }
  if (owners.valid())
    LeaveNeighboursAlone(owners.get(), state, parking, out, out_unknown, diagnostics);
  for (auto& snap : out_unknown) {
    if (permission_error && snap.describe_error.code() == StatusCode::kPermission)
      *permission_error = true;
    if (unknown != nullptr) {
      unknown->push_back(std::move(snap));
    } else {
      errors->push_back(UnknownText(snap));
    }
  }
  return out;
}

void Manager::LeaveNeighboursAlone(const Result<std::vector<TaggedResourceArn>>& owners,
                                   const State* state, bool parking, SnapshotSet& snapshots,
                                   std::vector<Snapshot>& unknown, Diagnostics* diagnostics) const {
  std::vector<std::string>* errors = &diagnostics->errors;
  std::vector<std::string>* warnings = &diagnostics->warnings;
  auto by_prefix = [](const Snapshot& s) {
    return s.selected_by.source == SelectedBy::Source::kPrefix;
  };
  bool any = std::any_of(unknown.begin(), unknown.end(), by_prefix);
  for (const auto& [type, list] : snapshots)
    any = any || std::any_of(list.begin(), list.end(), by_prefix);
  if (!any) return;
  // The keys that name a project: Project, and TAG_KEY when it is another.
  std::vector<std::string> keys = {"Project"};
  if (!selection_.tag_key.empty() && selection_.tag_key != "Project")
    keys.push_back(selection_.tag_key);
  // This project's own values: PROJECT_NAME, PROJECT_NAME-ENVIRONMENT and
  // TAG_VALUE.
  std::set<std::string> ours;
  if (!selection_.project.empty()) {
    ours.insert(selection_.project);
    if (!selection_.environment.empty())
      ours.insert(selection_.project + "-" + selection_.environment);
  }
  if (!selection_.tag_value.empty()) ours.insert(selection_.tag_value);
  std::set<std::string> projects;  // every other project named
  std::map<std::pair<std::string, std::string>, std::pair<std::string, std::string>>
      own;  // -> key, value
  if (owners.ok()) {
    for (const auto& r : owners.value()) {
      auto [type, name] = TypeAndNameFromArn(r.arn);
      for (const auto& key : keys) {
        auto it = r.tags.find(key);
        if (it == r.tags.end() || it->second.empty()) continue;
        if (!ours.count(it->second)) projects.insert(it->second);
        if (!type.empty()) own.emplace(std::pair(type, name), std::pair(key, it->second));
      }
    }
  }
  const StateIndex index = state ? StateIndex(*state) : StateIndex();
  std::vector<std::string> unchecked;
  // True: keep `s` in the selection.
  auto keep = [&](const std::string& type, const Snapshot& s) {
    if (!by_prefix(s)) return true;
    const std::string& prefix = s.selected_by.prefix;
    if (!owners.ok()) {
      // Whose it is cannot be told: nothing new is parked on a prefix alone.
      // What a stop recorded (its owner checked then) is still restored, and
      // reading changes nothing.
      if (state && HoldsOriginal(index.Find(*state, type, s.name))) return true;
      unchecked.push_back(type + " " + s.name);
      return false;
    }
    // A project whose name starts with the prefix owns the names that start
    // with its own name: user-journey-analytics-v2-scorer is project
    // user-journey-analytics-v2's, not user-journey-analytics-'s.
    std::string project;
    const ResourceType* of = TypeById(type);
    const std::string_view named =
        of && of->info().prefix_on_own_name ? OwnName(s.name) : std::string_view(s.name);
    for (const auto& v : projects) {
      bool extends = v.size() > prefix.size() && v.rfind(prefix, 0) == 0;
      bool names = named.size() > v.size() && named.starts_with(v) &&
                   std::string_view("-_./").find(named[v.size()]) != std::string_view::npos;
      if (extends && names && v.size() > project.size()) project = v;
    }
    const ResourceType* t = TypeById(type);
    auto tag = own.find({type, s.name});
    if (!project.empty()) {
      warnings->push_back(
          type + " " + s.name + " left alone: its name starts with the prefix \"" + prefix +
          "\" but also with project " + project + "'s name (tagged " + keys.front() + "=" +
          project + " in this account); to manage it anyway, name it in " +
          std::string(t ? t->selection_key() : "the config") +
          (state && index.Find(*state, type, s.name) ? " (the state file records it)" : ""));
      return false;
    }
    if (tag != own.end() && !ours.count(tag->second.second))
      warnings->push_back(type + " " + s.name + " is selected by the prefix \"" + prefix +
                          "\" but tagged " + tag->second.first + "=" + tag->second.second +
                          (selection_.project.empty() ? "" : ", not " + selection_.project) +
                          "; check that it belongs to this project");
    return true;
  };
  for (auto& [type, list] : snapshots) {
    std::vector<Snapshot> kept;
    kept.reserve(list.size());
    for (auto& s : list)
      if (keep(type, s)) kept.push_back(std::move(s));
    list = std::move(kept);
  }
  std::vector<Snapshot> kept_unknown;
  for (auto& s : unknown)
    if (keep(s.type, s)) kept_unknown.push_back(std::move(s));
  unknown = std::move(kept_unknown);
  if (!unchecked.empty() && !parking) {
    warnings->push_back(
        "could not read the owner tags (" + owners.status().ToString() +
        "): " + std::to_string(unchecked.size()) +
        " resource(s) selected by the name prefix alone, which may belong to another project whose "
        "name starts with the prefix, are left out, as stop leaves them alone until the tags can "
        "be "
        "read (allow tag:GetResources, or list this project's resources)");
  } else if (!unchecked.empty()) {
    std::string names;
    for (size_t i = 0; i < unchecked.size() && i < 5; ++i) names += (i ? ", " : "") + unchecked[i];
    if (unchecked.size() > 5) names += " and " + std::to_string(unchecked.size() - 5) + " more";
    errors->push_back(
        "could not read the owner tags (" + owners.status().ToString() + "), so " +
        std::to_string(unchecked.size()) +
        " resource(s) selected by the name prefix alone, which another project may own, are left "
        "alone: " +
        names + ". Allow tag:GetResources, or list this project's resources");
  }
}

}  // namespace arm
