#include "engine/manager.h"

#include <algorithm>
#include <future>
#include <mutex>
#include <set>

#include "aws/call_record.h"
#include "core/parallel.h"
#include "engine/state_index.h"
#include "engine/state_journal.h"
#include "schedule/exemption.h"
#include "services/tagging_client.h"

namespace arm {
namespace {

// Sets snap.selected_by; true when the selection holds the snapshot. A tag
// recorded at stop stands in for one that parking removed (a deleted
// endpoint); a resource that exists shows its tags to the tag query, so one
// the query did not return is outside, whatever its entry claims.
bool KeepIfSelected(const TypeSelection& sel, Snapshot& snap) {
  snap.selected_by = sel.Why(snap.name);
  if (snap.selected_by.recorded && snap.exists) return false;
  return snap.selected_by.ok();
}

Status NotManaged(const std::string& name) {
  return Status::InvalidArgument(
      name +
      " is not managed by this configuration (no selected resource of that "
      "name: the selection is the config's name prefix, tag and lists, with "
      "--only/--exclude; --resource only narrows it); nothing was changed");
}

// "arn:aws:kinesis:us-east-1:123:stream/name" -> {"kinesis-stream", "name"}.
std::pair<std::string, std::string> TypeAndNameFromArn(const std::string& arn) {
  // arn:partition:service:region:account:resource
  size_t pos = 0;
  std::vector<std::string> parts;
  for (int i = 0; i < 5; ++i) {
    size_t c = arn.find(':', pos);
    if (c == std::string::npos) return {};
    parts.push_back(arn.substr(pos, c - pos));
    pos = c + 1;
  }
  std::string service = parts[2], resource = arn.substr(pos);
  auto after = [&](const std::string& prefix) -> std::string {
    return resource.rfind(prefix, 0) == 0 ? resource.substr(prefix.size()) : "";
  };
  if (service == "sagemaker" && !after("endpoint/").empty())
    return {"sagemaker-endpoint", after("endpoint/")};
  if (service == "kinesis" && !after("stream/").empty())
    return {"kinesis-stream", after("stream/")};
  if (service == "lambda" && !after("function:").empty()) {
    std::string n = after("function:");
    return {"lambda-function", n.substr(0, n.find(':'))};
  }
  if (service == "cloudwatch" && !after("alarm:").empty())
    return {"cloudwatch-alarm", after("alarm:")};
  if (service == "dynamodb" && !after("table/").empty()) {
    std::string n = after("table/");
    return {"dynamodb-table", n.substr(0, n.find('/'))};
  }
  return {};
}

// The one line that reports a resource discovery could not describe.
std::string UnknownText(const Snapshot& s) {
  return s.type + " " + s.name + ": could not be described, so it was skipped (" +
         s.describe_error.ToString() + ")";
}

const char* kTagTypes[] = {"sagemaker:endpoint", "kinesis:stream", "lambda:function",
                           "cloudwatch:alarm", "dynamodb:table"};

}  // namespace

Manager::Manager(std::vector<std::unique_ptr<ResourceType>> types, StateStore& store, Clock& clock,
                 ManagedSelection selection, TaggingClient* tagging, std::string account_id,
                 std::string region)
    : types_(std::move(types)),
      store_(store),
      clock_(clock),
      selection_(std::move(selection)),
      tagging_(tagging),
      account_id_(std::move(account_id)),
      region_(std::move(region)) {}

ResourceType* Manager::TypeById(const std::string& id) const {
  for (const auto& t : types_) {
    if (t->type() == id) return t.get();
  }
  return nullptr;
}

std::vector<const ResourceType*> Manager::SelectedTypes() const {
  std::vector<const ResourceType*> out;
  for (const auto& t : types_) {
    std::string sel(t->selector());
    if (!selection_.only_types.empty() && !selection_.only_types.count(sel)) continue;
    if (selection_.exclude_types.count(sel)) continue;
    out.push_back(t.get());
  }
  return out;
}

TypeSelection Manager::SelectionFor(
    const ResourceType& type, const State* state,
    const std::map<std::string, std::set<std::string>>& tagged) const {
  TypeSelection s;
  std::string sel(type.selector());
  s.name_prefix =
      sel == "cloudwatch" && (selection_.alarm_prefix_set || !selection_.alarm_prefix.empty())
          ? selection_.alarm_prefix
          : selection_.name_prefix;
  auto it = selection_.explicit_names.find(sel);
  if (it != selection_.explicit_names.end()) s.explicit_names = it->second;
  auto tt = tagged.find(std::string(type.type()));
  if (tt != tagged.end()) s.tagged_names = tt->second;
  s.tag_key = selection_.tag_key;
  s.tag_value = selection_.tag_value;
  s.only_names = selection_.resource_names;
  if (state == nullptr) return s;
  // A recorded entry is looked up (even if gone) only when today's rules
  // still name it; one recorded as chosen by today's tag rule stays in it
  // although parking may have removed the tag (a deleted endpoint).
  for (const auto& r : state->resources) {
    if (r.type != type.type() || !HoldsOriginal(&r) || s.tag_key.empty()) continue;
    SelectedBy by = SelectedByFromJson(r.selected_by);
    if (by.source == SelectedBy::Source::kTag && by.tag_key == s.tag_key &&
        by.tag_value == s.tag_value)
      s.recorded_tagged.insert(r.name);
  }
  for (const auto& r : state->resources) {
    if (r.type == type.type() && HoldsOriginal(&r) && s.Selects(r.name)) {
      s.saved_names.insert(r.name);
      s.saved_originals[r.name] = r.original;
    }
  }
  return s;
}

SnapshotSet Manager::Discover(const State* state, int workers, std::vector<std::string>* errors,
                              bool* permission_error, std::vector<Snapshot>* unknown,
                              std::vector<std::string>* warnings, bool parking) {
  std::vector<std::string> warning_lines;
  if (warnings == nullptr) warnings = &warning_lines;
  std::map<std::string, std::set<std::string>> tagged;
  if (tagging_ != nullptr && !selection_.tag_key.empty()) {
    std::vector<TagFilter> filters = {{selection_.tag_key, {}}};
    if (!selection_.tag_value.empty()) filters[0].values = {selection_.tag_value};
    ScopedCallTarget target("tag " + selection_.tag_key);
    auto res = tagging_->GetResources(filters, {std::begin(kTagTypes), std::end(kTagTypes)});
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
  if (tagging_ != nullptr && (!selection_.name_prefix.empty() || !selection_.alarm_prefix.empty()))
    owners = std::async(std::launch::async, [&] {
      ScopedCallTarget target("owner tags");
      return tagging_->GetResources({}, {std::begin(kTagTypes), std::end(kTagTypes)});
    });
  auto types = SelectedTypes();
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
    results[i] = const_cast<ResourceType*>(types[i])->Discover(sels[i]);
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
      if (!KeepIfSelected(sels[i], snap)) {
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
    LeaveNeighboursAlone(owners.get(), state, parking, out, out_unknown, errors, warnings);
  for (auto& snap : out_unknown) {
    if (permission_error && snap.describe_error.code() == StatusCode::kPermission)
      *permission_error = true;
    if (unknown != nullptr) {
      unknown->push_back(std::move(snap));
    } else {
      errors->push_back(UnknownText(snap));
    }
  }
  for (const auto& w : warning_lines) errors->push_back("warning: " + w);
  return out;
}

void Manager::LeaveNeighboursAlone(const Result<std::vector<TaggedResourceArn>>& owners,
                                   const State* state, bool parking, SnapshotSet& snapshots,
                                   std::vector<Snapshot>& unknown, std::vector<std::string>* errors,
                                   std::vector<std::string>* warnings) const {
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
    for (const auto& v : projects) {
      bool extends = v.size() > prefix.size() && v.rfind(prefix, 0) == 0;
      bool names = s.name.size() > v.size() && s.name.rfind(v, 0) == 0 &&
                   std::string_view("-_./").find(s.name[v.size()]) != std::string_view::npos;
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

std::vector<ResourceView> Manager::View(const SnapshotSet& snapshots, const State* state) const {
  std::vector<ResourceView> out;
  const StateIndex index = state ? StateIndex(*state) : StateIndex();
  for (const ResourceType* type : SelectedTypes()) {
    auto it = snapshots.find(std::string(type->type()));
    if (it == snapshots.end()) continue;
    for (const auto& s : it->second) {
      ResourceView v;
      v.type = s.type;
      v.name = s.name;
      v.snapshot = &s;
      const ResourceState* saved = state ? index.Find(*state, s.type, s.name) : nullptr;
      v.saved_status = saved ? saved->status : "";
      v.original = HoldsOriginal(saved) ? saved->original : nlohmann::json();
      v.state = type->Classify(s, v.original.is_null() ? nullptr : &v.original);
      out.push_back(std::move(v));
    }
  }
  return out;
}

Status Manager::CheckResourceNamesByRules() const {
  if (!selection_.tag_key.empty()) return Status::Ok();
  const auto types = SelectedTypes();
  for (const auto& n : selection_.resource_names) {
    bool named = std::any_of(types.begin(), types.end(), [&](const auto* t) {
      return SelectionFor(*t, nullptr, {}).Selects(n);
    });
    if (!named) return NotManaged(n);
  }
  return Status::Ok();
}

Status Manager::CheckResourceNames(const SnapshotSet& snapshots, bool discovery_failed) const {
  if (selection_.resource_names.empty() || discovery_failed) return Status::Ok();
  std::set<std::string> found;
  for (const auto& [type, list] : snapshots)
    for (const auto& s : list) found.insert(s.name);
  for (const auto& n : selection_.resource_names)
    if (!found.count(n)) return NotManaged(n);
  return Status::Ok();
}

bool Manager::MatchesNothing(const SnapshotSet& snapshots, const State& state) const {
  for (const auto& [type, list] : snapshots)
    if (!list.empty()) return false;
  for (const ResourceType* t : SelectedTypes())
    if (!SelectionFor(*t, &state, {}).saved_names.empty()) return false;
  return true;
}

std::string Manager::NothingMatches() const {
  std::vector<std::string> rules;
  if (!selection_.name_prefix.empty())
    rules.push_back("names starting with \"" + selection_.name_prefix + "\"");
  if ((selection_.alarm_prefix_set || !selection_.alarm_prefix.empty()) &&
      selection_.alarm_prefix != selection_.name_prefix && !selection_.alarm_prefix.empty())
    rules.push_back("alarms starting with \"" + selection_.alarm_prefix + "\"");
  if (!selection_.tag_key.empty())
    rules.push_back("tag " + selection_.tag_key + "=" + selection_.tag_value);
  size_t listed = 0;
  for (const auto& [selector, names] : selection_.explicit_names) listed += names.size();
  if (listed > 0)
    rules.push_back(std::to_string(listed) + " listed name" + (listed == 1 ? "" : "s"));
  std::string text;
  for (const auto& r : rules) text += (text.empty() ? "" : ", ") + r;
  if (!selection_.only_types.empty() || !selection_.exclude_types.empty())
    text += " (narrowed by --only/--exclude)";
  if (!selection_.resource_names.empty()) text += " (narrowed by --resource)";
  return "no resource" + (region_.empty() ? std::string() : " in " + region_) +
         " matches this configuration" + (text.empty() ? "" : " (" + text + ")") +
         "; nothing was changed. Check the region (--region, AWS_REGION), NAME_PREFIX, "
         "TAG_KEY/TAG_VALUE and the "
         "resource lists";
}

SnapshotSet Manager::WithinSelection(const SnapshotSet& found, const State* state,
                                     std::vector<std::string>* missing) const {
  // The tag as the snapshot's discovery saw it (offline: no tagging API).
  std::map<std::string, std::set<std::string>> tagged;
  for (const auto& [type, list] : found) {
    for (const auto& s : list) {
      const SelectedBy& by = s.selected_by;
      if (by.source == SelectedBy::Source::kTag && !by.recorded && !selection_.tag_key.empty() &&
          by.tag_key == selection_.tag_key && by.tag_value == selection_.tag_value)
        tagged[type].insert(s.name);
    }
  }
  SnapshotSet out;
  for (const ResourceType* t : SelectedTypes()) {
    const std::string id(t->type());
    TypeSelection sel = SelectionFor(*t, state, tagged);
    auto& list = out[id];
    auto it = found.find(id);
    std::set<std::string> names;
    if (it != found.end()) {
      for (Snapshot s : it->second) {
        names.insert(s.name);
        if (KeepIfSelected(sel, s)) list.push_back(std::move(s));
      }
    }
    for (const auto& n : sel.saved_names)
      if (!names.count(n)) missing->push_back(id + " " + n);
  }
  return out;
}

std::vector<PlanNote> Manager::RecordedOutside(const SnapshotSet& snapshots,
                                               const std::vector<Snapshot>& unknown,
                                               const State& state) const {
  std::vector<PlanNote> out;
  for (const auto& r : state.resources) {
    const ResourceType* type = TypeById(r.type);
    auto it = snapshots.find(r.type);
    if (type == nullptr || it == snapshots.end() || !HoldsOriginal(&r)) continue;
    if (!selection_.resource_names.empty() && !selection_.resource_names.count(r.name)) continue;
    bool inside = std::any_of(it->second.begin(), it->second.end(),
                              [&](const Snapshot& s) { return s.name == r.name; });
    inside = inside || std::any_of(unknown.begin(), unknown.end(), [&](const Snapshot& s) {
               return s.type == r.type && s.name == r.name;
             });
    if (inside) continue;
    std::string options =
        selection_.command_options.empty() ? "" : selection_.command_options + " ";
    out.push_back({r.type, r.name, "warning",
                   "recorded " + r.status +
                       " in the state file but outside this configuration's "
                       "selection: left "
                       "alone. To restore it: " +
                       std::string(type->selection_key()) + "=" + r.name +
                       " aws-resource-manager " + options + "start --only " +
                       std::string(type->selector()) + " --resource " + r.name});
  }
  return out;
}

Result<std::optional<State>> Manager::LoadState(std::vector<std::string>* warnings) {
  auto loaded = store_.Load(warnings);
  if (!loaded.ok()) return loaded.status();
  if (loaded->has_value()) {
    ARM_RETURN_IF_ERROR(CheckBelongs(**loaded, selection_.project, account_id_, region_));
    ARM_RETURN_IF_ERROR(CheckRecorded(**loaded, store_.path()));
  }
  return loaded;
}

Status Manager::CheckRecorded(const State& state, const std::string& path) const {
  // A hand-edited original would otherwise fail deep inside a plan or an
  // apply step, after other resources were changed.
  const auto& resources = state.resources;
  for (size_t i = 0; i < resources.size(); ++i) {
    const ResourceState& r = resources[i];
    const ResourceType* type = TypeById(r.type);
    if (type == nullptr) continue;
    Status ok = HoldsOriginal(&r) ? type->CheckOriginal(r.original) : Status::Ok();
    const char* field = "original.";
    if (ok.ok()) {
      ok = type->CheckExtra(r.extra);
      field = "extra.";
    }
    if (!ok.ok()) {
      return Status::Corruption(path + ": resources[" + std::to_string(i) + "] (" + r.type + " " +
                                r.name + "): " + field + ok.message() + "; restore " + path +
                                ".bak or correct the entry");
    }
  }
  return Status::Ok();
}

State Manager::NewState() const {
  State s;
  s.project = selection_.project;
  s.environment = selection_.environment;
  s.account_id = account_id_;
  s.region = region_;
  return s;
}

Status Manager::WriteAhead(State& state, const Plan& plan) {
  if (plan.records.empty()) return Status::Ok();
  StateIndex index(state);
  for (const auto& r : plan.records) {
    ResourceState& e = index.Upsert(state, r.type, r.name);
    // PlanStop chose it: the recorded original, unless the resource is live
    // again with another configuration since a completed stop.
    e.original = r.original;
    // Kept while parked: how the rules named it (a tag parking may remove).
    if (!HoldsOriginal(&e) || !e.selected_by.is_object() ||
        r.selected_by.source == SelectedBy::Source::kTag) {
      nlohmann::json by = SelectedByToJson(r.selected_by);
      if (by.is_object()) e.selected_by = std::move(by);
    }
    e.status = kStatusStopping;
    e.updated_at = FormatIso8601(clock_.Now());
  }
  return store_.Save(state);
}

Status Manager::ReserveBeforeStage(const PlanStage& stage, const ResourceType& type,
                                   const RunOptions& options, State& state) {
  // Chains in the executor's order (first appearance): the actions of the
  // chains before a resource's first one are ahead of it in the queue.
  std::map<std::string, int> chain_start;  // chain -> actions of earlier chains
  std::map<std::string, int> chain_size;
  std::vector<std::string> chain_order;
  for (const auto& a : stage.actions) {
    if (chain_size[a.chain]++ == 0) chain_order.push_back(a.chain);
  }
  int ahead = 0;
  for (const auto& c : chain_order) {
    chain_start[c] = ahead;
    ahead += chain_size[c];
  }
  std::map<std::string, std::vector<const Action*>> by_name;
  std::map<std::string, StageQueue> queue_of;
  for (const auto& a : stage.actions) {
    for (const auto& n : a.names) {
      if (by_name[n].empty()) queue_of[n] = StageQueue{chain_start[a.chain], options.workers};
      by_name[n].push_back(&a);
    }
  }
  const StateIndex index(state);
  const auto now = clock_.Now();
  bool changed = false;
  for (const auto& [name, actions] : by_name) {
    ResourceState* e = index.Find(state, stage.type, name);
    if (e != nullptr &&
        type.ReserveBeforeStage(actions, e->extra, now, options.apply, queue_of[name]))
      changed = true;
  }
  // Local only, as the journal's edits: the save after the stage uploads.
  return changed ? store_.Save(state, StateStore::kLocalOnly) : Status::Ok();
}

void Manager::ReleaseAfterStage(const PlanStage& stage, const ResourceType& type, State& state) {
  std::set<std::string> names;
  for (const auto& a : stage.actions) names.insert(a.names.begin(), a.names.end());
  const StateIndex index(state);
  for (const auto& name : names)
    if (ResourceState* e = index.Find(state, stage.type, name)) type.ReleaseAfterStage(e->extra);
}

Status Manager::RunAndRecord(const PlanStage& stage, const RunOptions& options, State& state,
                             OperationReport& report, const char* done_status) {
  ResourceType* type = TypeById(stage.type);
  ExecOptions exec;
  exec.workers = options.workers;
  exec.apply = options.apply;
  exec.interrupted = options.interrupted;
  // Bookkeeping a type keeps at each call (Kinesis: the time of each
  // UpdateShardCount) changes the state in memory; what has to be on disk
  // before the calls (a reservation) was saved by ReserveBeforeStage, and
  // the save after the stage writes the rest.
  StateJournal journal(state, stage.type);
  exec.apply.journal = [&journal](const std::string& name,
                                  const std::function<void(nlohmann::json&)>& edit) {
    return journal.Edit(name, edit);
  };
  exec.on_start = options.on_start;
  exec.on_outcome = [&](const ActionOutcome& o) {
    if (options.on_outcome) options.on_outcome(o);
    if (!options.progress) return;
    std::string line = o.action.summary + ": ";
    if (o.deferred)
      line += "not waiting (--no-wait)";
    else if (o.status.ok())
      line += "done";
    else
      line += o.status.ToString();
    options.progress(line);
  };
  Status reserved = ReserveBeforeStage(stage, *type, options, state);
  std::vector<ActionOutcome> outcomes;
  if (reserved.ok()) {
    outcomes = RunStage(stage, *type, clock_, exec);
  } else {
    for (const auto& a : stage.actions) {
      ActionOutcome o;
      o.action = a;
      o.status = Status::Aborted("not attempted: could not save the state file before the stage");
      if (exec.on_outcome) exec.on_outcome(o);
      outcomes.push_back(std::move(o));
    }
  }
  ReleaseAfterStage(stage, *type, state);
  // A resource is done when every action touching it succeeded.
  std::map<std::string, int> state_of;  // 0 ok, 1 failed, 2 deferred
  for (const auto& o : outcomes) {
    for (const auto& n : o.action.names) {
      int v = !o.status.ok() ? 1 : (o.deferred ? 2 : 0);
      state_of[n] = std::max(state_of[n], v);
    }
    if (o.status.code() == StatusCode::kPermission || o.status.code() == StatusCode::kCredentials)
      report.permission_error = true;
    if (o.status.code() == StatusCode::kInterrupted) report.interrupted = true;
  }
  const StateIndex index(state);
  for (const auto& [name, v] : state_of) {
    if (v == 1) report.failed_resources++;
    if (v == 2) report.deferred_resources++;
    if (v != 0 || done_status == nullptr) continue;
    if (ResourceState* e = index.Find(state, stage.type, name)) {
      e->status = done_status;
      e->updated_at = FormatIso8601(clock_.Now());
    }
  }
  for (auto& o : outcomes) report.outcomes.push_back(std::move(o));
  if (!reserved.ok())
    report.errors.push_back(
        "could not save the state file before the " + stage.type +
        " stage (its actions were not run, nor any later stage's): " + reserved.ToString());
  return reserved;
}

bool Manager::SettleParked(const SnapshotSet& snaps, State& state) {
  bool changed = false;
  const StateIndex index(state);
  for (const auto& [type_id, list] : snaps) {
    const ResourceType* type = TypeById(type_id);
    for (const auto& s : list) {
      ResourceState* e = index.Find(state, type_id, s.name);
      if (e == nullptr || e->status != kStatusStopping) continue;
      if (type->Classify(s, &e->original) != "stopped") continue;
      // Only when the plan has nothing left to do for it.
      if (!type->PlanStop({PlanTarget{&s, e->original, e->status, e->extra, clock_.Now()}})
               .actions.empty())
        continue;
      e->status = kStatusStopped;
      e->updated_at = FormatIso8601(clock_.Now());
      changed = true;
    }
  }
  return changed;
}

void Manager::EstimateCosts(const SnapshotSet& snaps, const State& state,
                            OperationReport& report) const {
  // Amounts only: nothing shows the priced lines of every resource, and on a
  // large estate they were megabytes kept for the whole run.
  report.cost_before = Cost();
  report.cost_after = Cost();
  report.changes.clear();
  const StateIndex index(state);
  std::set<std::pair<std::string, std::string>> acted;
  for (const auto& st : report.plan.stages)
    for (const auto& a : st.actions)
      for (const auto& n : a.names) acted.insert({a.type, n});
  for (const auto& [type_id, list] : snaps) {
    const ResourceType* type = TypeById(type_id);
    for (const auto& s : list) {
      // The resource after the run: itself unless acted on (no copy then).
      const Snapshot* target = &s;
      Snapshot changed;
      if (acted.count({type_id, s.name})) {
        if (report.command == "stop") {
          changed = type->Parked(s);
        } else {
          changed = s;
          if (const ResourceState* e = index.Find(state, type_id, s.name)) {
            changed.config = e->original;
            changed.exists = true;
          }
        }
        target = &changed;
        report.changes.push_back({type_id, s.name, s.config, changed.config});
      }
      if (prices_ == nullptr) continue;
      Cost before = type->CostOf(s, *prices_, region_);
      Cost after = type->CostOf(*target, *prices_, region_);
      if (target != &s) {
        report.changes.back().hourly_before_usd = before.hourly_usd;
        report.changes.back().hourly_after_usd = after.hourly_usd;
      }
      report.cost_before.AddAmount(before);
      report.cost_after.AddAmount(after);
    }
  }
}

std::function<std::string(const std::string&)> Manager::NotParkedBeforeStop(
    const SnapshotSet& snaps, const State& state, const OperationReport& report) const {
  auto watcher = [this](const std::string& type_id) {
    const ResourceType* t = TypeById(type_id);
    return t == nullptr || t->stop_stage() == kWatcherStage;
  };
  std::map<std::string, std::string> known;
  for (const Snapshot& u : report.unknown)
    if (!watcher(u.type)) known.emplace(u.name, "was not parked (it could not be described)");
  for (const PlanNote& n : report.plan.notes)
    if (n.severity == "error" && !watcher(n.type))
      known.emplace(n.name, "was not parked (" + n.message + ")");
  // Running and not acted on: left as it is by policy (a DynamoDB table,
  // an on-demand stream), so its alarms keep watching it.
  std::set<std::string> acted;
  for (const auto& stage : report.plan.stages)
    for (const auto& a : stage.actions) acted.insert(a.names.begin(), a.names.end());
  const StateIndex index(state);
  for (const auto& [type_id, list] : snaps) {
    const ResourceType* t = TypeById(type_id);
    if (t == nullptr || watcher(type_id)) continue;
    for (const Snapshot& s : list) {
      if (!s.exists || acted.count(s.name)) continue;
      const ResourceState* e = index.Find(state, type_id, s.name);
      if (t->Classify(s, HoldsOriginal(e) ? &e->original : nullptr) == "running")
        known.emplace(s.name, std::string(kLeftRunning) + " (" + type_id + " not parked)");
    }
  }
  // A type that could not be listed: any name its rules select may be one
  // of its resources, still running.
  std::vector<std::pair<std::string, TypeSelection>> unlisted;
  for (const ResourceType* t : SelectedTypes())
    if (t->stop_stage() != kWatcherStage && !snaps.count(std::string(t->type())))
      unlisted.emplace_back(std::string(t->type()), SelectionFor(*t, &state, {}));
  return [known = std::move(known),
          unlisted = std::move(unlisted)](const std::string& name) -> std::string {
    if (auto it = known.find(name); it != known.end()) return it->second;
    for (const auto& [type_id, sel] : unlisted)
      if (sel.Selects(name))
        return "may be a " + type_id + " and was not parked (" + type_id + " could not be listed)";
    return "";
  };
}

void Manager::MakePlan(const SnapshotSet& snaps, const State& state, OperationReport& report,
                       const StartFactsByType* facts) const {
  report.plan = report.command == "start"
                    ? PlanStart(SelectedTypes(), snaps, state, clock_.Now(), facts)
                    : PlanStop(SelectedTypes(), snaps, &state, clock_.Now());
  for (const Snapshot& u : report.unknown) report.plan.notes.push_back(UnknownNote(u));
  if (report.command == "stop") {
    // What is already known not to be parked keeps its alarms on.
    auto why = NotParkedBeforeStop(snaps, state, report);
    HoldBackStages(SelectedTypes(), why, report.plan);
  }
  EstimateCosts(snaps, state, report);
}

StartFactsByType Manager::GatherStartFacts(OperationReport& report) {
  StartFactsByType facts;
  for (const auto& stage : report.plan.stages) {
    auto f = TypeById(stage.type)->StartFacts(stage.actions);
    if (!f.ok()) {
      report.errors.push_back("warning: " + stage.type +
                              ": could not check the account's limits before restoring (" +
                              f.status().ToString() + "); restoring without the check");
      continue;
    }
    if (!f->is_null()) facts[stage.type] = std::move(*f);
  }
  return facts;
}

bool Manager::Confirmed(const RunOptions& options, OperationReport& report) const {
  bool interrupted = options.interrupted && options.interrupted->load();
  if (report.plan.ActionCount() == 0 ||
      (!interrupted && (!options.confirm || options.confirm(report.plan))))
    return true;
  // Declined, or SIGINT/SIGTERM before or at the prompt: nothing was changed.
  report.aborted_by_user = true;
  report.interrupted = options.interrupted && options.interrupted->load();
  return false;
}

OperationReport Manager::Stop(const RunOptions& options) {
  OperationReport report;
  report.command = "stop";
  report.dry_run = options.dry_run;
  std::vector<std::string> warnings;
  auto loaded = LoadState(&warnings);
  if (!loaded.ok()) {
    report.errors.push_back(loaded.status().ToString());
    report.bad_state_file = true;
    return report;
  }
  for (auto& w : warnings) report.errors.push_back("warning: " + w);
  State state = loaded->has_value() ? std::move(**loaded) : NewState();
  const size_t errors_before = report.errors.size();
  SnapshotSet snaps =
      Discover(loaded->has_value() ? &state : nullptr, options.workers, &report.errors,
               &report.permission_error, &report.unknown, &report.warnings, /*parking=*/true);
  if (Status named = CheckResourceNames(
          snaps, report.errors.size() > errors_before || !report.unknown.empty());
      !named.ok()) {
    report.errors.push_back(named.message());
    report.bad_state_file = true;
    return report;
  }
  // A selection that matches nothing is almost always the wrong region or a
  // mistyped rule: "everything is already parked" would be a lie.
  if (report.errors.size() == errors_before && report.unknown.empty() &&
      MatchesNothing(snaps, state)) {
    report.errors.push_back(NothingMatches());
    report.bad_state_file = true;
    return report;
  }
  report.failed_resources += static_cast<int>(report.unknown.size());
  MakePlan(snaps, state, report);
  if (options.exempt_tag && tagging_ != nullptr) {  // scheduled stop: leave the exempt alone
    auto tagged =
        tagging_->GetResources({{options.exempt_tag->first, {options.exempt_tag->second}}},
                               {std::begin(kTagTypes), std::end(kTagTypes)});
    if (!tagged.ok()) {  // who is exempt is unknown: park nothing
      report.errors.push_back("find the resources exempt from schedules: " +
                              tagged.status().ToString());
      report.plan.stages.clear();
      return report;
    }
    std::set<std::pair<std::string, std::string>> exempt;
    for (const auto& r : *tagged) exempt.insert(TypeAndNameFromArn(r.arn));
    ExemptFromPlan(exempt, SelectedTypes(), report.plan);
    EstimateCosts(snaps, state, report);
  }
  for (auto& n : RecordedOutside(snaps, report.unknown, state))
    report.plan.notes.push_back(std::move(n));
  if (options.dry_run) return report;
  if (!Confirmed(options, report)) return report;
  // A run that died after parking a resource but before saving "stopped"
  // left it "stopping": settle those that are parked and need no action.
  if (SettleParked(snaps, state)) {
    Status saved = store_.Save(state);
    if (!saved.ok()) report.errors.push_back("could not save the state file: " + saved.ToString());
  }
  // Planned: the snapshots (megabytes on a large estate) are not needed while
  // the plan runs.
  snaps.clear();
  if (report.plan.ActionCount() == 0) return report;
  // Write-ahead: every original is durable before the first change.
  Status s = WriteAhead(state, report.plan);
  if (!s.ok()) {
    report.errors.push_back("could not save the state file before acting (nothing was changed): " +
                            s.ToString());
    return report;
  }
  report.outcomes.reserve(report.plan.ActionCount());
  size_t ran_stages = 0;
  for (const auto& stage : report.plan.stages) {
    Status ran = RunAndRecord(stage, options, state, report, kStatusStopped);
    ++ran_stages;
    Status saved = store_.Save(state);
    if (!saved.ok()) report.errors.push_back("could not save the state file: " + saved.ToString());
    if (!ran.ok()) break;
    if (options.interrupted && options.interrupted->load()) {
      report.interrupted = true;
      break;
    }
  }
  RevertWatchersOfUnparked(ran_stages, options, state, report);
  return report;
}

void Manager::RevertWatchersOfUnparked(size_t ran_stages, const RunOptions& options, State& state,
                                       OperationReport& report) {
  // Every resource an action of a resource stage names that is not parked:
  // one of its actions failed or was not attempted, or its stage never ran.
  std::map<std::string, std::string> not_parked;
  for (const auto& o : report.outcomes) {
    if (o.status.ok() || TypeById(o.action.type)->stop_stage() == kWatcherStage) continue;
    // The failure itself is reported with the action; the alarm says which.
    bool attempted =
        o.status.code() != StatusCode::kAborted && o.status.code() != StatusCode::kInterrupted;
    std::string call = o.action.api.substr(o.action.api.find(':') + 1);
    for (const auto& n : o.action.names)
      not_parked.emplace(
          n, "was not parked (its " + call + (attempted ? " failed)" : " was not attempted)"));
  }
  const size_t planned_stages = report.plan.stages.size();
  for (size_t i = ran_stages; i < planned_stages; ++i)
    for (const auto& a : report.plan.stages[i].actions)
      if (TypeById(a.type)->stop_stage() != kWatcherStage)
        for (const auto& n : a.names)
          not_parked.emplace(n, "was not parked (the run ended before its stage)");
  if (not_parked.empty()) return;
  auto why = [&not_parked](const std::string& name) -> std::string {
    auto it = not_parked.find(name);
    return it == not_parked.end() ? "" : it->second;
  };
  const bool interrupted =
      report.interrupted || (options.interrupted && options.interrupted->load());
  for (size_t i = 0; i < std::min(ran_stages, planned_stages); ++i) {
    if (report.plan.stages[i].order != kWatcherStage) continue;
    const std::string type_id = report.plan.stages[i].type;
    const ResourceType* type = TypeById(type_id);
    std::vector<Action> done;
    for (const auto& o : report.outcomes)
      if (o.action.type == type_id && o.status.ok() && o.ran) done.push_back(o.action);
    std::vector<PlanNote> held;
    type->HoldBack(done, why, &held);
    if (held.empty()) continue;
    std::set<std::string> names;
    for (const auto& n : held) names.insert(n.name);
    PlanStage revert{type_id, kWatcherStage, type->Revert(done, names)};
    if (revert.actions.empty()) continue;
    std::set<std::string> failed;
    if (!interrupted) {
      report.plan.stages.push_back(revert);
      const size_t first = report.outcomes.size();
      // A failed save before it leaves its actions not attempted: they are
      // reported as still disabled below, like a failed call.
      (void)RunAndRecord(report.plan.stages.back(), options, state, report, kStatusRunning);
      for (size_t k = first; k < report.outcomes.size(); ++k)
        if (!report.outcomes[k].status.ok())
          failed.insert(report.outcomes[k].action.names.begin(),
                        report.outcomes[k].action.names.end());
    }
    // HoldBack words a note "actions left enabled: <reason>".
    for (auto& n : held) {
      std::string reason = n.message.substr(n.message.find(": ") + 2);
      if (interrupted)
        n.message = "actions still disabled although " + reason +
                    " (the run was interrupted first); run "
                    "`aws-resource-manager start` to re-enable them";
      else if (failed.count(n.name))
        n.message = "actions still disabled although " + reason +
                    "; run `aws-resource-manager start` to re-enable them";
      else
        n.message = "actions re-enabled (disabled before parking): " + reason;
      report.plan.notes.push_back(std::move(n));
    }
  }
  Status saved = store_.Save(state);
  if (!saved.ok()) report.errors.push_back("could not save the state file: " + saved.ToString());
}

void Manager::VerifyAndRecord(const std::vector<const PlanStage*>& stages, const Plan& plan,
                              const RunOptions& options, State& state, OperationReport& report) {
  // Resources to verify: every saved resource of the stages' types that the
  // plan targeted (acted on or not), minus the ones whose actions failed.
  std::map<std::string, std::set<std::string>> names;                  // type -> names
  std::map<std::pair<std::string, std::string>, std::string> skipped;  // -> why not verified
  for (const auto& o : report.outcomes) {
    if (o.status.ok() && !o.deferred) continue;
    const char* why =
        o.deferred ? "not waited for (--no-wait)"
        : o.status.code() == StatusCode::kAborted || o.status.code() == StatusCode::kInterrupted
            ? "a restore step was not attempted"
            : "a restore step failed";
    for (const auto& n : o.action.names) skipped.emplace(std::pair(o.action.type, n), why);
  }
  for (const auto& n : plan.notes) {
    if (n.severity == "error")
      skipped.emplace(std::pair(n.type, n.name), "planning found an error");
    if (n.severity == "held")
      skipped.emplace(std::pair(n.type, n.name), "held back, as noted above");
  }
  for (const PlanStage* st : stages) names[st->type];
  for (const auto& r : state.resources) {
    if (!names.count(r.type) || r.status != kStatusStarting) continue;
    if (auto it = skipped.find({r.type, r.name}); it != skipped.end()) {
      report.not_verified.push_back({r.type, r.name, it->second});
      continue;
    }
    names[r.type].insert(r.name);
  }
  // Every type at once on one budget of calls in flight, as in Discover.
  std::vector<std::pair<std::string, const std::set<std::string>*>> todo;
  for (const auto& [type_id, set] : names)
    if (!set.empty()) todo.emplace_back(type_id, &set);
  std::vector<Result<std::vector<Snapshot>>> found(todo.size(), Status::Internal("not run"));
  Slots slots(options.workers);
  ParallelFor(todo.size(), static_cast<int>(todo.size()), [&](size_t i) {
    TypeSelection sel;
    sel.saved_names = *todo[i].second;
    sel.only_names = *todo[i].second;
    sel.parallelism = std::max(options.workers, 1);
    sel.slots = &slots;
    sel.skip_listing = true;
    found[i] = TypeById(todo[i].first)->Discover(sel);
  });
  const StateIndex index(state);
  for (size_t i = 0; i < todo.size(); ++i) {
    const std::string& type_id = todo[i].first;
    ResourceType* type = TypeById(type_id);
    const auto& snaps = found[i];
    if (!snaps.ok()) {
      report.errors.push_back("verify " + type_id + ": " + snaps.status().ToString());
      for (const auto& name : *todo[i].second)
        report.not_verified.push_back(
            {type_id, name, "could not describe it: " + snaps.status().ToString()});
      continue;
    }
    std::set<std::string> unseen = *todo[i].second;
    for (const auto& snap : *snaps) {
      unseen.erase(snap.name);
      ResourceState* e = index.Find(state, type_id, snap.name);
      if (e == nullptr) continue;
      VerifyResult v{type_id, snap.name,
                     snap.known()
                         ? type->Verify(snap, e->original)
                         : "could not be described (" + snap.describe_error.ToString() + ")"};
      if (v.problem.empty()) {
        e->status = kStatusRunning;
        e->updated_at = FormatIso8601(clock_.Now());
      } else {
        report.failed_resources++;
      }
      report.verified.push_back(std::move(v));
    }
    for (const auto& name : unseen) {
      report.failed_resources++;
      report.verified.push_back({type_id, name, "not found when verifying"});
    }
  }
}

namespace {

// The resources acted on so far that are not back as recorded, each with
// why (the rest of "..., which <why>"): an action failed or was not waited
// for, the plan had an error for them, or verification found a difference.
std::map<std::string, std::string> NotBack(const OperationReport& report) {
  std::map<std::string, std::string> out;
  for (const auto& o : report.outcomes)
    if (!o.status.ok() || o.deferred)
      for (const auto& n : o.action.names)
        out.emplace(n, o.deferred ? "is not back yet (not waited for)" : "did not come back");
  for (const auto& n : report.plan.notes)
    if (n.severity == "error") out.emplace(n.name, "did not come back");
  for (const auto& v : report.verified)
    if (!v.problem.empty()) out.emplace(v.name, "did not come back as recorded");
  for (const auto& v : report.not_verified) out.emplace(v.name, "did not come back");
  for (const auto& u : report.unknown) out.emplace(u.name, "could not be described");
  return out;
}

}  // namespace

OperationReport Manager::Start(const RunOptions& options) {
  OperationReport report;
  report.command = "start";
  report.dry_run = options.dry_run;
  std::vector<std::string> warnings;
  auto loaded = LoadState(&warnings);
  if (!loaded.ok()) {
    report.errors.push_back(loaded.status().ToString());
    report.bad_state_file = true;
    return report;
  }
  for (auto& w : warnings) report.errors.push_back("warning: " + w);
  if (!loaded->has_value()) {
    report.errors.push_back(
        "state file " + store_.path() +
        " not found: `stop` creates it when it parks resources. To record the running "
        "resources without stopping them, use `aws-resource-manager snapshot`.");
    report.bad_state_file = true;
    return report;
  }
  State state = std::move(**loaded);
  const size_t errors_before = report.errors.size();
  SnapshotSet snaps = Discover(&state, options.workers, &report.errors, &report.permission_error,
                               &report.unknown, &report.warnings);
  if (Status named = CheckResourceNames(
          snaps, report.errors.size() > errors_before || !report.unknown.empty());
      !named.ok()) {
    report.errors.push_back(named.message());
    report.bad_state_file = true;
    return report;
  }
  // Nothing recorded is inside today's selection (a mistyped prefix, the
  // wrong region): "already as recorded" would hide that nothing comes back.
  if (report.errors.size() == errors_before && report.unknown.empty() &&
      MatchesNothing(snaps, state)) {
    for (const auto& n : RecordedOutside(snaps, report.unknown, state))
      report.warnings.push_back(n.type + " " + n.name + ": " + n.message);
    report.errors.push_back(NothingMatches());
    report.bad_state_file = true;
    return report;
  }
  report.failed_resources += static_cast<int>(report.unknown.size());
  MakePlan(snaps, state, report);
  // Account-wide limits (one call per type that needs them, before any
  // change and in dry runs too): a restore the account cannot grant is
  // planned as an error instead of attempted.
  StartFactsByType facts = GatherStartFacts(report);
  if (!facts.empty()) MakePlan(snaps, state, report, &facts);
  for (auto& n : RecordedOutside(snaps, report.unknown, state))
    report.plan.notes.push_back(std::move(n));
  // Only the selection is restored: entries outside it keep their status.
  std::set<std::pair<std::string, std::string>> inside;
  for (const auto& [type_id, list] : snaps)
    for (const auto& snap : list) inside.insert({type_id, snap.name});
  if (options.dry_run) return report;
  snaps.clear();  // planned: not needed while the plan runs (megabytes on a
                  // large estate)
  bool anything_saved = false;
  for (const auto& r : state.resources)
    anything_saved = anything_saved || (HoldsOriginal(&r) && inside.count({r.type, r.name}));
  if (!anything_saved) return report;
  if (!Confirmed(options, report)) return report;
  for (auto& r : state.resources) {
    if (!inside.count({r.type, r.name}) || !HoldsOriginal(&r)) continue;
    r.status = kStatusStarting;
    r.updated_at = FormatIso8601(clock_.Now());
  }
  Status s = store_.Save(state);
  if (!s.ok()) {
    report.errors.push_back("could not save the state file before acting (nothing was changed): " +
                            s.ToString());
    return report;
  }
  report.outcomes.reserve(report.plan.ActionCount());
  // Reverse stop order; alarms (stage 0) last, after the rest is verified.
  std::vector<PlanStage*> early, last;
  for (auto& st : report.plan.stages) (st.order == kWatcherStage ? last : early).push_back(&st);
  bool stopped = false;  // a save before a stage failed: no later stage runs
  for (const PlanStage* st : early) {
    if (!stopped) stopped = !RunAndRecord(*st, options, state, report, nullptr).ok();
  }
  // Verify every started type (including those with nothing to do).
  std::vector<PlanStage> all_types;
  for (const auto* t : SelectedTypes())
    all_types.push_back({std::string(t->type()), t->stop_stage(), {}});
  std::vector<const PlanStage*> verify_early, verify_last;
  for (const auto& st : all_types)
    (st.order == kWatcherStage ? verify_last : verify_early).push_back(&st);
  if (stopped) {
    // Nothing more is attempted; the save below keeps what the run did.
  } else if (!(options.interrupted && options.interrupted->load())) {
    VerifyAndRecord(verify_early, report.plan, options, state, report);
    Status saved = store_.Save(state);
    if (!saved.ok()) report.errors.push_back("could not save the state file: " + saved.ToString());
    // Alarms only for what came back: those watching a resource that failed,
    // timed out or did not verify stay disabled, reported as errors.
    std::map<std::string, std::string> not_back = NotBack(report);
    // Nor for what this run did not bring back at all (left out by --only or
    // --resource, or recorded outside the selection): it is still parked.
    for (const auto& r : state.resources) {
      const ResourceType* t = TypeById(r.type);
      if (t != nullptr && t->stop_stage() != kWatcherStage && HoldsOriginal(&r) &&
          r.status != kStatusRunning)
        not_back.emplace(r.name, "is still parked");
    }
    auto why = [&not_back](const std::string& name) -> std::string {
      auto it = not_back.find(name);
      return it == not_back.end() ? "" : it->second;
    };
    for (PlanStage* st : last) {
      // The plan keeps what is attempted: steps held back are notes, not
      // steps "not attempted".
      std::vector<PlanNote> held;
      st->actions = TypeById(st->type)->HoldBack(std::move(st->actions), why, &held);
      for (auto& n : held) report.plan.notes.push_back(std::move(n));
      if (!RunAndRecord(*st, options, state, report, nullptr).ok()) break;
    }
    VerifyAndRecord(verify_last, report.plan, options, state, report);
  } else {
    report.interrupted = true;
  }
  Status saved = store_.Save(state);
  if (!saved.ok()) report.errors.push_back("could not save the state file: " + saved.ToString());
  return report;
}

}  // namespace arm
