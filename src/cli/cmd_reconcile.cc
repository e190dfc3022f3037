// reconcile: what the schedule wants now, applied through the same stop or
// start as the manual commands (plan, state file, lock, reports,
// notifications), on transitions only (src/schedule/decision.h). Meant for
// cron or a systemd timer every few minutes: when nothing is due it makes no
// AWS call at all.
#include <algorithm>
#include <iostream>
#include <set>

#include "cli/park.h"
#include "cli/report_output.h"
#include "cli/schedule_common.h"
#include "core/clock.h"
#include "core/printable.h"
#include "resources/capabilities.h"
#include "schedule/decision.h"
#include "schedule/exemption.h"
#include "state/run_lock.h"

namespace arm {
namespace {

ExitCode Fail(CommandContext& ctx, const Status& s) {
  ctx.err << "error: " << Printable(s.ToString()) << "\n";
  return ExitCode::kUsage;
}

// "desired parked: outside Mon-Fri 08:00-18:00 Europe/Berlin"
std::string DesiredLine(const Decision& d) {
  return std::string("desired ") + DesiredName(d.desired.state) + ": " + d.desired.why;
}

// Selector -> the latest time at or before `now` at which AWS ended one of
// the type's parks recorded in the state file (ParkExpiry): read from the
// file alone, no AWS call. A park that stop renewed since ends later.
std::map<std::string, ParkEnded> EndedParks(App& app, SysSeconds now) {
  std::map<std::string, ParkEnded> out;
  auto loaded = app.state_store().Load();
  if (!loaded.ok() || !loaded->has_value()) return out;
  for (const ResourceType* t : app.manager().SelectedTypes()) {
    const ParkExpiry* expiry = t->park_expiry();
    if (expiry == nullptr) continue;
    for (const auto& e : (*loaded)->resources) {
      std::chrono::system_clock::time_point at;
      if (e.type != t->type() || !ParseIso8601(e.updated_at, &at)) continue;
      auto ends = expiry->EndsAt(e.original, e.status, at);
      if (!ends) continue;
      const SysSeconds end = date::floor<std::chrono::seconds>(*ends);
      if (end > now) continue;
      ParkEnded& slot = out[std::string(t->selector())];
      if (end > slot.at) slot = {end, expiry->Why()};
    }
  }
  return out;
}

}  // namespace

ExitCode RunReconcile(CommandContext& ctx, const ReconcileOptions& options) {
  App& app = ctx.app;
  auto loaded = LoadSchedule(app);
  if (!loaded.ok()) return Fail(ctx, loaded.status());
  PrintWarnings(ctx, *loaded);
  auto now = EvaluationTime(app, options.now, "--now");
  if (!now.ok()) return Fail(ctx, now.status());
  const bool dry_run = app.config().dry_run_default;  // --dry-run/--no-dry-run applied
  const bool json = app.options().output == "json";
  // A real run at a --now still to come would record a transition that has
  // not happened, and every run until then would take the clock as gone
  // back and do nothing.
  if (!dry_run && !options.now.empty()) {
    auto clock = EvaluationTime(app, "", "");
    if (clock.ok() && *now > *clock + std::chrono::minutes(5))
      return Fail(ctx, Status::InvalidArgument(
                           "--now " + options.now +
                           " is later than the clock: a reconcile that changes resources "
                           "applies only what is due by now; add --dry-run to preview it"));
  }
  std::ostream& say = json ? ctx.err : ctx.out;
  if (Status usable = app.state_store().CheckPath(); !usable.ok()) return Fail(ctx, usable);
  // As stop and start: a run from cron never waits for an answer. Checked on
  // every run, not only when a transition is due.
  if (!dry_run && !options.force && !app.options().yes && app.config().require_confirmation &&
      !app.seams().terminal.StdinIsTty()) {
    ctx.err << "error: refusing to reconcile without confirmation: stdin is not a terminal. Add "
               "--force (or --yes) to run unattended, e.g. from cron (install-schedule writes "
               "the line), or set REQUIRE_CONFIRMATION=false\n";
    return ExitCode::kUsage;
  }
  // The lock first: an overlapping run (a slow start, a manual stop) is not
  // an error, and must not become an error mail every few minutes.
  std::unique_ptr<RunLock> lock;
  if (!dry_run) {
    Status made = app.seams().fs.CreateDirs(DirName(app.state_store().path()), 0700);
    if (!made.ok()) return Fail(ctx, made);
    auto l = RunLock::Acquire(app.state_store().path(), "reconcile", app.seams().clock);
    if (!l.ok() && l.status().code() == StatusCode::kConflict) {
      say << "another run is active (" << Printable(l.status().message())
          << "); this reconcile changes nothing, the next one applies what is due\n";
      return ExitCode::kOk;
    }
    if (!l.ok()) return Fail(ctx, l.status());
    lock = std::move(*l);
  }
  ScheduleStore& store = *loaded->store;
  auto log = store.LoadLog();
  if (!log.ok()) return Fail(ctx, Status::InvalidArgument(log.status().message()));
  std::vector<std::string> types;
  for (const ResourceType* t : app.manager().SelectedTypes()) types.emplace_back(t->selector());
  Decision d = Decide(loaded->schedule(), *log, types, loaded->settings.enforce, *now,
                      EndedParks(app, *now));
  const bool start = d.desired.state == Desired::kRunning;
  if (!d.act) {  // a dry run previews the same: nothing
    if (json) {
      ctx.out << nlohmann::json{{"desired", DesiredName(d.desired.state)},
                                {"why", d.desired.why},
                                {"act", false},
                                {"waiting", d.waiting},
                                {"decision", d.why}}
                     .dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
              << "\n";
    } else {
      ctx.out << Printable(DesiredLine(d)) << "; " << Printable(d.why) << "\n";
    }
    return ExitCode::kOk;
  }
  say << Printable(DesiredLine(d)) << "\n" << Printable(d.why) << "\n";
  // --resource picks resources inside a type: such a run applies the
  // transition to none of the types as a whole.
  const bool by_name = !app.options().resources.empty();
  if (by_name && !dry_run)
    say << "note: --resource narrows the run to single resources: the transition is not "
           "recorded as applied, and the next run without --resource applies it\n";
  ReconcileLog updated = *log;
  // A version 2 file's one failure record, for every type, is split per type.
  if (auto all = updated.failed.find(kAllTypes); all != updated.failed.end()) {
    for (const auto& type : types) updated.failed.emplace(type, all->second);
    updated.failed.erase(all);
  }
  auto save = [&]() -> ExitCode {
    if (dry_run || by_name) return ExitCode::kOk;
    Status saved = store.SaveLog(updated);
    if (saved.ok()) return ExitCode::kOk;
    ctx.err << "error: could not record the applied transition in " << store.record_path() << ": "
            << Printable(saved.ToString()) << " (the next run applies it again)\n";
    return ExitCode::kPartialFailure;
  };
  auto applied = [&]() -> ExitCode {
    for (const auto& type : d.due) {
      updated.applied[type] = d.record;
      updated.failed.erase(type);
    }
    return save();
  };
  if (start && !app.seams().fs.Exists(app.state_store().path())) {
    say << "actual running (no state file " << Printable(app.state_store().path())
        << ": nothing is parked) → nothing to do\n";
    return applied();
  }
  // The watchers (alarms) move with what they watch: they join every run
  // that acts on another type, and in a run narrowed to some types they
  // change only the alarms on what this run parks.
  bool narrowed = false;
  if (d.act && d.due.size() < types.size()) {
    for (const ResourceType* t : app.manager().SelectedTypes()) {
      const std::string sel(t->selector());
      if (t->stop_stage() == kWatcherStage && !std::count(d.due.begin(), d.due.end(), sel) &&
          !d.due.empty())
        d.due.push_back(sel);
    }
    narrowed = d.due.size() < types.size();
    if (narrowed) app.manager().set_only_types(std::set<std::string>(d.due.begin(), d.due.end()));
  }
  ParkRequest req;
  req.command = start ? "start" : "stop";
  req.dry_run = dry_run;
  req.force = options.force;
  req.lock_held = true;
  req.watch_only_this_run = narrowed && !start;
  req.scheduled =
      d.act ? (d.last ? d.last->why + " at " + FormatUtc(d.last->at) : d.why) : std::string();
  if (d.act && loaded->settings.enforce) req.scheduled = "SCHEDULE_ENFORCE: " + d.desired.why;
  if (!start) req.exempt_tag = std::pair<std::string, std::string>(kExemptTagKey, kExemptTagValue);
  // The selectors whose part of the run did not finish (TypesNotDone).
  std::set<std::string> not_done;
  req.before_render = [&](const OperationReport& report) {
    std::vector<std::string> ids;
    for (const ResourceType* t : app.manager().SelectedTypes()) ids.emplace_back(t->type());
    for (const auto& id : TypesNotDone(report, ids))
      if (const ResourceType* t = app.manager().TypeById(id)) not_done.emplace(t->selector());
    bool acts = report.plan.ActionCount() > 0;
    const char* actual = acts == start ? "parked" : "running";
    say << "actual " << actual << " → " << (acts ? req.command : std::string("nothing to do"))
        << "\n";
  };
  ExitCode code = RunPark(ctx, req);
  // A type due only because AWS ended a park, that still has such a park
  // after the run (AWS had not started that database yet, so there was
  // nothing to park; or its stop did not go through): looked at again after
  // a back-off, neither on every tick nor only at the next transition.
  std::string waiting_for_aws;
  SysSeconds look_again{};
  if (!dry_run && !by_name && code != ExitCode::kInterrupted && !d.reparked.empty()) {
    auto still = EndedParks(app, *now);
    for (const auto& type : d.reparked) {
      if (!still.count(type) || not_done.count(type)) continue;  // done, or failed as such
      FailedRun f;
      if (const FailedRun* before = updated.FailedFor(type);
          before && before->transition == d.record.transition && before->state == d.record.state)
        f = *before;
      f.transition = d.record.transition;
      f.state = d.record.state;
      f.attempts += 1;
      f.last_attempt = *now;
      f.retry_at = RetryAt(f.attempts, false, *now);
      f.why = "a park AWS ends was not renewed: " + still[type].why;
      updated.failed[type] = f;
      std::erase_if(d.due, [&](const std::string& t) { return t == type; });
      waiting_for_aws += (waiting_for_aws.empty() ? "" : ", ") + type;
      look_again = f.retry_at;
    }
  }
  if (!waiting_for_aws.empty())
    say << "reconcile: " << waiting_for_aws
        << ": a database whose park AWS ends was not parked again (AWS had not started it yet, "
           "or it is not in this selection); the next reconcile runs look again from "
        << FormatLocal(loaded->schedule().zone(), look_again) << "\n";
  if (code == ExitCode::kOk) return applied();
  // A failed transition waits for its back-off (docs/design.md), for the
  // types whose part failed; the types that finished are recorded applied.
  // An interrupted run (Ctrl-C, TERM) is tried again on the next run.
  if (dry_run || by_name || code == ExitCode::kInterrupted || !d.act) return code;
  // A failure the report ties to no type (the lock, the state file) counts
  // for every type of the run.
  if (not_done.empty()) not_done.insert(d.due.begin(), d.due.end());
  const bool lasting = code == ExitCode::kCredentials || code == ExitCode::kUsage;
  std::vector<std::string> failed_types;
  int attempts = 0;
  SysSeconds retry_at{};
  for (const auto& type : d.due) {
    if (!not_done.count(type)) {
      updated.applied[type] = d.record;
      updated.failed.erase(type);
      continue;
    }
    FailedRun f;
    const FailedRun* before = updated.FailedFor(type);
    if (before && before->transition == d.record.transition && before->state == d.record.state)
      f = *before;
    f.transition = d.record.transition;
    f.state = d.record.state;
    f.attempts += 1;
    f.last_attempt = *now;
    f.retry_at = RetryAt(f.attempts, lasting, *now);
    f.why = "exit " + std::to_string(static_cast<int>(code)) +
            (lasting ? " (credentials, permission or configuration)" : "");
    updated.failed[type] = f;
    failed_types.push_back(type);
    attempts = std::max(attempts, f.attempts);
    if (retry_at == SysSeconds{} || f.retry_at < retry_at) retry_at = f.retry_at;
  }
  if (save() == ExitCode::kOk && !failed_types.empty()) {
    std::string which;
    for (const auto& t : failed_types) which += (which.empty() ? "" : ", ") + t;
    ctx.err << "reconcile: the " << req.command << " failed for " << which << " (attempt "
            << attempts << "); the next reconcile runs wait until "
            << FormatLocal(loaded->schedule().zone(), retry_at) << " before trying them again (a "
            << req.command << " by hand does not wait)";
    if (failed_types.size() < d.due.size()) ctx.err << "; the other types are recorded as done";
    ctx.err << "\n";
  }
  return code;
}

}  // namespace arm
