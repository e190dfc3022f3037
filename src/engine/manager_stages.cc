// Manager: a plan's stages run with the state file written ahead of every change.
#include <map>
#include <set>

#include "engine/manager.h"
#include "engine/state_index.h"
#include "engine/state_journal.h"
#include "resources/capabilities.h"

namespace arm {

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
  const StageReservations* reservations = type.stage_reservations();
  if (reservations == nullptr) return Status::Ok();
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
        reservations->ReserveBeforeStage(actions, e->extra, now, options.apply, queue_of[name]))
      changed = true;
  }
  // Local only, as the journal's edits: the save after the stage uploads.
  return changed ? store_.Save(state, StateStore::kLocalOnly) : Status::Ok();
}

void Manager::ReleaseAfterStage(const PlanStage& stage, const ResourceType& type, State& state) {
  const StageReservations* reservations = type.stage_reservations();
  if (reservations == nullptr) return;
  std::set<std::string> names;
  for (const auto& a : stage.actions) names.insert(a.names.begin(), a.names.end());
  const StateIndex index(state);
  for (const auto& name : names)
    if (ResourceState* e = index.Find(state, stage.type, name))
      reservations->ReleaseAfterStage(e->extra);
}

Status Manager::RunAndRecord(const PlanStage& stage, const RunOptions& options, State& state,
                             OperationReport& report, const char* done_status) {
  ResourceType* type = TypeById(stage.type);
  ExecOptions exec;
  exec.workers = options.workers;
  exec.apply = options.apply;
  exec.interrupted = options.interrupted;
  exec.apply.interrupted = options.interrupted;
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
    report.diagnostics.errors.push_back(
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
      if (type->Classify(s, &e->original) != Condition::kStopped) continue;
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

}  // namespace arm
