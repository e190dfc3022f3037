// Manager: stop and start, from their shared opening to verification.
#include <algorithm>
#include <set>

#include "core/parallel.h"
#include "engine/manager.h"
#include "engine/state_index.h"
#include "resources/capabilities.h"
#include "schedule/exemption.h"
#include "services/tagging_client.h"

namespace arm {

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
    if (n.severity == Severity::kError && !watcher(n.type))
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
      if (t->Classify(s, HoldsOriginal(e) ? &e->original : nullptr) == Condition::kRunning)
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

bool Manager::Open(const RunOptions& options, OperationReport& report, State* state,
                   SnapshotSet* snaps) {
  const bool stopping = report.command == "stop";
  std::vector<std::string> warnings;
  auto loaded = LoadState(&warnings);
  if (!loaded.ok()) {
    report.diagnostics.errors.push_back(loaded.status().ToString());
    report.bad_state_file = true;
    return false;
  }
  for (auto& w : warnings) report.diagnostics.warnings.push_back(w);
  const bool recorded = loaded->has_value();
  if (!recorded && !stopping) {
    report.diagnostics.errors.push_back(
        "state file " + store_.path() +
        " not found: `stop` creates it when it parks resources. To record the running "
        "resources without stopping them, use `aws-resource-manager snapshot`.");
    report.bad_state_file = true;
    return false;
  }
  *state = recorded ? std::move(**loaded) : NewState();
  const size_t errors_before = report.diagnostics.errors.size();
  *snaps = Discover(recorded ? state : nullptr, options.workers, &report.diagnostics,
                    &report.permission_error, &report.unknown, /*parking=*/stopping);
  if (Status named = CheckResourceNames(
          *snaps, report.diagnostics.errors.size() > errors_before || !report.unknown.empty());
      !named.ok()) {
    report.diagnostics.errors.push_back(named.message());
    report.bad_state_file = true;
    return false;
  }
  // A selection that matches nothing is almost always the wrong region or a
  // mistyped rule: "everything is already parked" (stop) or "already as
  // recorded" (start) would hide it.
  if (report.diagnostics.errors.size() == errors_before && report.unknown.empty() &&
      MatchesNothing(*snaps, *state)) {
    if (!stopping) {
      for (const auto& n : RecordedOutside(*snaps, report.unknown, *state))
        report.diagnostics.warnings.push_back(n.type + " " + n.name + ": " + n.message);
    }
    report.diagnostics.errors.push_back(NothingMatches());
    report.bad_state_file = true;
    return false;
  }
  report.failed_resources += static_cast<int>(report.unknown.size());
  return true;
}

OperationReport Manager::Stop(const RunOptions& options) {
  OperationReport report;
  report.command = "stop";
  report.dry_run = options.dry_run;
  State state;
  SnapshotSet snaps;
  if (!Open(options, report, &state, &snaps)) return report;
  MakePlan(snaps, state, report);
  if (options.exempt_tag && tagging_ != nullptr) {  // scheduled stop: leave the exempt alone
    auto tagged = tagging_->GetResources(
        {{options.exempt_tag->first, {options.exempt_tag->second}}}, TaggingTypes());
    if (!tagged.ok()) {  // who is exempt is unknown: park nothing
      report.diagnostics.errors.push_back("find the resources exempt from schedules: " +
                                          tagged.status().ToString());
      report.plan.stages.clear();
      return report;
    }
    std::set<std::pair<std::string, std::string>> exempt;
    for (const auto& r : *tagged) exempt.insert(TypeAndNameFromArn(r.arn));
    ExemptFromPlan(exempt, SelectedTypes(), report.plan);
    EstimateCosts(snaps, state, report);
  }
  if (options.watch_only_this_run) {
    HoldBackStages(SelectedTypes(), OutsideThisRun(snaps, state, report), report.plan);
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
    if (!saved.ok())
      report.diagnostics.errors.push_back("could not save the state file: " + saved.ToString());
  }
  // Planned: the snapshots (megabytes on a large estate) are not needed while
  // the plan runs.
  snaps.clear();
  if (report.plan.ActionCount() == 0) return report;
  // Write-ahead: every original is durable before the first change.
  Status s = WriteAhead(state, report.plan);
  if (!s.ok()) {
    report.diagnostics.errors.push_back(
        "could not save the state file before acting (nothing was changed): " + s.ToString());
    return report;
  }
  report.outcomes.reserve(report.plan.ActionCount());
  size_t ran_stages = 0;
  for (const auto& stage : report.plan.stages) {
    Status ran = RunAndRecord(stage, options, state, report, kStatusStopped);
    ++ran_stages;
    Status saved = store_.Save(state);
    if (!saved.ok())
      report.diagnostics.errors.push_back("could not save the state file: " + saved.ToString());
    if (!ran.ok()) break;
    if (options.interrupted && options.interrupted->load()) {
      report.interrupted = true;
      break;
    }
  }
  RevertWatchersOfUnparked(ran_stages, options, state, report);
  return report;
}

std::function<std::string(const std::string&)> Manager::OutsideThisRun(
    const SnapshotSet& snaps, const State& state, const OperationReport& report) const {
  std::set<std::string> inside;  // discovered by this run, or recorded as parked
  for (const auto& [type_id, list] : snaps) {
    const ResourceType* t = TypeById(type_id);
    if (t == nullptr || t->stop_stage() == kWatcherStage) continue;
    for (const Snapshot& s : list) inside.insert(s.name);
  }
  for (const Snapshot& u : report.unknown) inside.insert(u.name);
  for (const auto& r : state.resources) {
    const ResourceType* t = TypeById(r.type);
    if (t != nullptr && t->stop_stage() != kWatcherStage && HoldsOriginal(&r))
      inside.insert(r.name);
  }
  return [inside = std::move(inside)](const std::string& name) -> std::string {
    if (inside.count(name)) return "";
    return std::string(kLeftRunning) + " (not in this run: its type is not part of it)";
  };
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
    const Watcher* watcher = TypeById(type_id)->watcher();
    if (watcher == nullptr) continue;
    std::vector<Action> done;
    for (const auto& o : report.outcomes)
      if (o.action.type == type_id && o.status.ok() && o.ran) done.push_back(o.action);
    std::vector<PlanNote> held;
    watcher->HoldBack(done, why, &held);
    if (held.empty()) continue;
    std::set<std::string> names;
    for (const auto& n : held) names.insert(n.name);
    PlanStage revert{type_id, kWatcherStage, watcher->Revert(done, names)};
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
  if (!saved.ok())
    report.diagnostics.errors.push_back("could not save the state file: " + saved.ToString());
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
    if (n.severity == Severity::kError)
      skipped.emplace(std::pair(n.type, n.name), "planning found an error");
    if (n.severity == Severity::kHeld)
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
      report.diagnostics.errors.push_back("verify " + type_id + ": " + snaps.status().ToString());
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
    if (n.severity == Severity::kError) out.emplace(n.name, "did not come back");
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
  State state;
  SnapshotSet snaps;
  if (!Open(options, report, &state, &snaps)) return report;
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
    report.diagnostics.errors.push_back(
        "could not save the state file before acting (nothing was changed): " + s.ToString());
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
    if (!saved.ok())
      report.diagnostics.errors.push_back("could not save the state file: " + saved.ToString());
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
      if (const Watcher* watcher = TypeById(st->type)->watcher())
        st->actions = watcher->HoldBack(std::move(st->actions), why, &held);
      for (auto& n : held) report.plan.notes.push_back(std::move(n));
      if (!RunAndRecord(*st, options, state, report, nullptr).ok()) break;
    }
    VerifyAndRecord(verify_last, report.plan, options, state, report);
  } else {
    report.interrupted = true;
  }
  Status saved = store_.Save(state);
  if (!saved.ok())
    report.diagnostics.errors.push_back("could not save the state file: " + saved.ToString());
  return report;
}

}  // namespace arm
