#include "engine/plan.h"

#include <algorithm>
#include <set>

#include "core/printable.h"
#include "engine/state_index.h"
#include "resources/capabilities.h"

namespace arm {

size_t Plan::ActionCount() const {
  size_t n = 0;
  for (const auto& s : stages) n += s.actions.size();
  return n;
}

size_t Plan::MutatingCount() const {
  size_t n = 0;
  for (const auto& s : stages)
    for (const auto& a : s.actions) n += a.mutating ? 1 : 0;
  return n;
}

bool Plan::HasErrors() const {
  return std::any_of(notes.begin(), notes.end(),
                     [](const PlanNote& n) { return n.severity == Severity::kError; });
}

PlanNote UnknownNote(const Snapshot& s) {
  return {s.type, s.name, Severity::kError,
          "could not be described, so it is skipped: nothing is changed and "
          "its state entry is kept (" +
              s.describe_error.ToString() + ")"};
}

bool HoldsOriginal(const ResourceState* e) {
  return e != nullptr && (e->status == kStatusStopping || e->status == kStatusStopped ||
                          e->status == kStatusStarting);
}

namespace {

// "shard_count (was 4, now 3), tags": the top-level keys whose values
// differ, small values shown.
std::string DifferingKeys(const nlohmann::json& was, const nlohmann::json& now) {
  std::set<std::string> keys;
  for (const auto* j : {&was, &now})
    if (j->is_object())
      for (auto it = j->begin(); it != j->end(); ++it) keys.insert(it.key());
  std::string out;
  for (const auto& k : keys) {
    nlohmann::json a = was.is_object() ? was.value(k, nlohmann::json()) : nlohmann::json();
    nlohmann::json b = now.is_object() ? now.value(k, nlohmann::json()) : nlohmann::json();
    if (a == b) continue;
    std::string item = k;
    if (a.is_primitive() && b.is_primitive())
      item += " (was " + a.dump() + ", now " + b.dump() + ")";
    out += (out.empty() ? "" : ", ") + item;
  }
  return out.empty() ? "nothing it shows" : out;
}

const std::vector<Snapshot>& SnapshotsOf(const SnapshotSet& set, std::string_view type) {
  static const std::vector<Snapshot> kEmpty;
  auto it = set.find(std::string(type));
  return it == set.end() ? kEmpty : it->second;
}

void AddStage(const ResourceType& type, const std::vector<PlanTarget>& targets, PlanOutput out,
              Plan& plan) {
  for (auto& n : out.notes) plan.notes.push_back(std::move(n));
  if (out.actions.empty()) return;
  std::set<std::string> acted;
  for (const auto& a : out.actions) acted.insert(a.names.begin(), a.names.end());
  for (const auto& t : targets)
    if (acted.count(t.current->name))
      plan.selected.push_back({std::string(type.type()), t.current->name, t.current->selected_by});
  plan.stages.push_back({std::string(type.type()), type.stop_stage(), std::move(out.actions)});
}

}  // namespace

Plan PlanStop(const std::vector<const ResourceType*>& types, const SnapshotSet& snapshots,
              const State* state, std::chrono::system_clock::time_point now) {
  Plan plan;
  plan.command = "stop";
  const StateIndex index = state ? StateIndex(*state) : StateIndex();
  for (const ResourceType* type : types) {
    const auto& snaps = SnapshotsOf(snapshots, type->type());
    std::vector<PlanTarget> targets;
    targets.reserve(snaps.size());
    for (const auto& s : snaps) {
      if (!s.known()) {
        plan.notes.push_back(UnknownNote(s));
        continue;
      }
      const ResourceState* saved = state ? index.Find(*state, type->type(), s.name) : nullptr;
      PlanTarget t;
      t.current = &s;
      t.saved_status = saved ? saved->status : "";
      // Never overwrite a recorded original with a parked value (or a value
      // half-way through a stop or a start). After a completed stop, a
      // resource that is live again was started or changed outside this
      // tool: what it runs with now is what the next start must restore.
      t.original = HoldsOriginal(saved) ? saved->original : s.config;
      if (saved != nullptr && saved->status == kStatusStopped && !s.transitioning &&
          type->Classify(s, nullptr) == Condition::kRunning &&
          type->Classify(s, &saved->original) != Condition::kStopped &&
          s.config != saved->original) {
        t.original = s.config;
        plan.notes.push_back(
            {std::string(type->type()), s.name, Severity::kWarning,
             "live again since the stop recorded it" +
                 (saved->updated_at.empty() ? std::string() : " (" + saved->updated_at + ")") +
                 ", with another configuration (started or changed outside this tool): this stop "
                 "records its configuration of now, which the next start restores; the record it "
                 "replaces differs in " +
                 DifferingKeys(saved->original, s.config)});
      }
      if (saved != nullptr) t.extra = saved->extra;
      t.now = now;
      targets.push_back(std::move(t));
    }
    PlanOutput out = type->PlanStop(targets);
    std::set<std::string> acted;
    for (const auto& a : out.actions)
      for (const auto& n : a.names) acted.insert(n);
    for (const auto& t : targets) {
      if (acted.count(t.current->name))
        plan.records.push_back(
            {std::string(type->type()), t.current->name, t.original, t.current->selected_by});
    }
    AddStage(*type, targets, std::move(out), plan);
  }
  std::stable_sort(plan.stages.begin(), plan.stages.end(),
                   [](const PlanStage& a, const PlanStage& b) { return a.order < b.order; });
  return plan;
}

Plan PlanStart(const std::vector<const ResourceType*>& types, const SnapshotSet& snapshots,
               const State& state, std::chrono::system_clock::time_point now,
               const StartFactsByType* facts) {
  Plan plan;
  plan.command = "start";
  const StateIndex index(state);
  for (const ResourceType* type : types) {
    const auto& snaps = SnapshotsOf(snapshots, type->type());
    std::vector<PlanTarget> targets;
    for (const auto& s : snaps) {
      if (!s.known()) {
        plan.notes.push_back(UnknownNote(s));
        continue;
      }
      const ResourceState* saved = index.Find(state, type->type(), s.name);
      if (!HoldsOriginal(saved)) continue;
      PlanTarget t;
      t.current = &s;
      t.saved_status = saved->status;
      t.original = saved->original;
      t.extra = saved->extra;
      t.now = now;
      targets.push_back(std::move(t));
    }
    PlanOutput out = type->PlanStart(targets);
    if (facts != nullptr) {
      auto f = facts->find(std::string(type->type()));
      const StartLimits* limits = type->start_limits();
      if (limits != nullptr && f != facts->end() && !f->second.is_null())
        limits->FitStart(targets, f->second, out);
    }
    AddStage(*type, targets, std::move(out), plan);
  }
  std::stable_sort(plan.stages.begin(), plan.stages.end(),
                   [](const PlanStage& a, const PlanStage& b) { return a.order > b.order; });
  return plan;
}

void HoldBackStages(const std::vector<const ResourceType*>& types,
                    const std::function<std::string(const std::string&)>& why, Plan& plan) {
  std::set<std::pair<std::string, std::string>> held;
  for (auto& stage : plan.stages) {
    auto type = std::find_if(types.begin(), types.end(),
                             [&](const ResourceType* t) { return t->type() == stage.type; });
    if (type == types.end() || (*type)->watcher() == nullptr) continue;
    std::vector<PlanNote> notes;
    stage.actions = (*type)->watcher()->HoldBack(std::move(stage.actions), why, &notes);
    for (auto& n : notes) {
      held.insert({n.type, n.name});
      plan.notes.push_back(std::move(n));
    }
  }
  if (held.empty()) return;
  plan.stages.erase(std::remove_if(plan.stages.begin(), plan.stages.end(),
                                   [](const PlanStage& s) { return s.actions.empty(); }),
                    plan.stages.end());
  plan.records.erase(std::remove_if(plan.records.begin(), plan.records.end(),
                                    [&](const PlanRecord& r) {
                                      return held.count({r.type, r.name}) > 0;
                                    }),
                     plan.records.end());
  plan.selected.erase(std::remove_if(plan.selected.begin(), plan.selected.end(),
                                     [&](const PlanSelected& r) {
                                       return held.count({r.type, r.name}) > 0;
                                     }),
                      plan.selected.end());
}

nlohmann::json PlanToJson(const Plan& plan) {
  nlohmann::json stages = nlohmann::json::array();
  for (const auto& s : plan.stages) {
    nlohmann::json actions = nlohmann::json::array();
    for (const auto& a : s.actions) actions.push_back(a);
    stages.push_back({{"type", s.type}, {"actions", actions}});
  }
  nlohmann::json notes = nlohmann::json::array();
  for (const auto& n : plan.notes)
    notes.push_back({{"type", n.type},
                     {"name", n.name},
                     {"severity", SeverityName(n.severity)},
                     {"message", n.message}});
  nlohmann::json records = nlohmann::json::array();
  for (const auto& r : plan.records)
    records.push_back({{"type", r.type}, {"name", r.name}, {"original", r.original}});
  nlohmann::json selected = nlohmann::json::array();
  for (const auto& r : plan.selected)
    selected.push_back(
        {{"type", r.type}, {"name", r.name}, {"selected_by", r.selected_by.ToString()}});
  return {{"command", plan.command},
          {"selected", selected},
          {"stages", stages},
          {"notes", notes},
          {"records", records},
          {"action_count", plan.ActionCount()},
          {"mutating_call_count", plan.MutatingCount()}};
}

std::string PlanToText(const Plan& plan, bool run_errors) {
  std::string out;
  if (plan.ActionCount() == 0 && (plan.HasErrors() || run_errors)) {
    out += "Nothing to " + plan.command + " that can be done now: see the errors below.\n";
  } else if (plan.ActionCount() == 0) {
    // Resources a type leaves alone by policy (an on-demand stream, a
    // serverless endpoint) are not "already parked": say which they are.
    bool left_alone = false;
    for (const auto& n : plan.notes)
      left_alone = left_alone || n.severity == Severity::kInfo || n.severity == Severity::kHeld;
    std::string done = plan.command == "stop" ? "parked" : "as recorded";
    out += left_alone ? "Nothing to " + plan.command +
                            ": the resources noted below are left as they are; every "
                            "other "
                            "selected resource is already " +
                            done + ".\n"
                      : "Nothing to " + plan.command + ": every selected resource is already " +
                            done + ".\n";
  } else {
    out += "Plan: " + std::to_string(plan.ActionCount()) + " step" +
           (plan.ActionCount() == 1 ? "" : "s") + " (" + std::to_string(plan.MutatingCount()) +
           " changing AWS)\n";
    int i = 1;
    for (const auto& s : plan.stages) {
      out += "  " + s.type + ":\n";
      for (const auto& a : s.actions) {
        out += "    " + std::to_string(i++) + ". " + Printable(a.summary) + "   [" + a.api + "]\n";
      }
    }
    // A prefix also matches other projects' names that merely start with it.
    out += "  Selected by:\n";
    for (const auto& r : plan.selected)
      out += "    " + r.type + " " + Printable(r.name) + ": " +
             Printable(r.selected_by.ToString()) + "\n";
  }
  for (const auto& n : plan.notes) {
    std::string tag = n.severity == Severity::kError     ? "ERROR"
                      : n.severity == Severity::kWarning ? "WARN "
                      : n.severity == Severity::kHeld    ? "HELD "
                                                         : "note ";
    out += "  " + tag + " " + n.type + " " + Printable(n.name) + ": " + Printable(n.message) + "\n";
  }
  return out;
}

}  // namespace arm
