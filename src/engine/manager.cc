#include "engine/manager.h"

#include <algorithm>
#include <future>
#include <mutex>
#include <set>

#include "aws/call_record.h"
#include "core/parallel.h"
#include "engine/state_index.h"
#include "engine/state_journal.h"
#include "resources/capabilities.h"
#include "services/tagging_client.h"

namespace arm {
namespace {

Status NotManaged(const std::string& name) {
  return Status::InvalidArgument(
      name +
      " is not managed by this configuration (no selected resource of that "
      "name: the selection is the config's name prefix, tag and lists, with "
      "--only/--exclude; --resource only narrows it); nothing was changed");
}

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

std::pair<std::string, std::string> Manager::TypeAndNameFromArn(const std::string& arn) const {
  for (const auto& t : types_) {
    std::string name = t->info().NameFromArn(arn);
    if (!name.empty()) return {std::string(t->type()), name};
  }
  return {};
}

std::vector<std::string> Manager::TaggingTypes() const {
  std::vector<std::string> out;
  for (const auto& t : types_)
    if (!t->info().tagging_type.empty()) out.emplace_back(t->info().tagging_type);
  return out;
}

const std::string& Manager::PrefixFor(const ResourceType& type) const {
  auto it = selection_.type_prefixes.find(std::string(type.selector()));
  return it != selection_.type_prefixes.end() ? it->second : selection_.name_prefix;
}

bool Manager::AnyPrefix() const {
  if (!selection_.name_prefix.empty()) return true;
  for (const auto& [selector, prefix] : selection_.type_prefixes)
    if (!prefix.empty()) return true;
  return false;
}

std::vector<ResourceType*> Manager::SelectedTypesToDiscover() const {
  std::vector<ResourceType*> out;
  for (const ResourceType* t : SelectedTypes()) out.push_back(TypeById(std::string(t->type())));
  return out;
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
  s.name_prefix = PrefixFor(type);
  s.prefix_on_own_name = type.info().prefix_on_own_name;
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
  // The rules of the selected types only (--only/--exclude).
  std::vector<std::string> rules;
  bool by_name_prefix = false;
  std::vector<std::string> own_prefixes;
  size_t listed = 0;
  for (const ResourceType* t : SelectedTypes()) {
    const std::string& prefix = PrefixFor(*t);
    if (!prefix.empty() && prefix == selection_.name_prefix) by_name_prefix = true;
    if (!prefix.empty() && prefix != selection_.name_prefix)
      own_prefixes.push_back((t->info().prefix_key.empty() ? std::string(t->selector()) + " prefix"
                                                           : std::string(t->info().prefix_key)) +
                             "=\"" + prefix + "\"");
    auto names = selection_.explicit_names.find(std::string(t->selector()));
    if (names != selection_.explicit_names.end()) listed += names->second.size();
  }
  if (by_name_prefix) rules.push_back("names starting with \"" + selection_.name_prefix + "\"");
  rules.insert(rules.end(), own_prefixes.begin(), own_prefixes.end());
  if (!selection_.tag_key.empty())
    rules.push_back("tag " + selection_.tag_key + "=" + selection_.tag_value);
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
        if (sel.Keep(s)) list.push_back(std::move(s));
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
    out.push_back({r.type, r.name, Severity::kWarning,
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
    const StartLimits* limits = TypeById(stage.type)->start_limits();
    if (limits == nullptr) continue;
    auto f = limits->StartFacts(stage.actions);
    if (!f.ok()) {
      report.diagnostics.warnings.push_back(
          stage.type + ": could not check the account's limits before restoring (" +
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

}  // namespace arm
