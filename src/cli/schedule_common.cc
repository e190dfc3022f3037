#include "cli/schedule_common.h"

#include <unistd.h>

#include <algorithm>
#include <set>

#include "cli/report_output.h"
#include "core/printable.h"
#include "schedule/decision.h"

namespace arm {

Result<LoadedSchedule> LoadSchedule(App& app) {
  auto settings = LoadScheduleSettings(app.seams().fs, app.config());
  if (!settings.ok()) return settings.status();
  LoadedSchedule out;
  out.settings = std::move(*settings);
  out.store = std::make_unique<ScheduleStore>(app.seams().fs, app.state_store().path());
  out.warnings = out.schedule().holidays().warnings();
  auto o = out.store->LoadOverride();
  if (!o.ok()) return Status::InvalidArgument(o.status().message());
  // `override` refuses more than the maximum; a file edited by hand is not
  // trusted beyond it either.
  if (*o && (*o)->until - (*o)->since > out.settings.override_max) {
    out.warnings.push_back(out.store->override_path() + ": the override " +
                           std::string(DesiredName((*o)->state)) + " from " +
                           FormatUtc((*o)->since) + " until " + FormatUtc((*o)->until) +
                           " is longer than SCHEDULE_OVERRIDE_MAX_DAYS (" +
                           std::to_string(out.settings.override_max.count() / 24) +
                           " days): ignored, the schedule applies (a new override replaces it)");
    *o = std::nullopt;
  }
  out.override_on_file = *o;
  out.schedule().set_override(*o);
  return out;
}

void PrintWarnings(CommandContext& ctx, const LoadedSchedule& loaded) {
  for (const auto& w : loaded.warnings) ctx.err << "warning: " << Printable(w) << "\n";
}

Result<SysSeconds> EvaluationTime(App& app, const std::string& flag, const std::string& name) {
  if (flag.empty()) return date::floor<std::chrono::seconds>(app.seams().clock.Now());
  auto t = ParseInstant(flag);
  if (!t.ok()) return Status::InvalidArgument(name + ": " + t.status().message());
  return *t;
}

std::string WhoAmI(App& app) {
  std::string user = app.seams().env.GetOr("USER", "");
  if (user.empty()) user = app.seams().env.GetOr("LOGNAME", "");
  if (user.empty()) user = "uid " + std::to_string(::geteuid());
  char host[256] = {};
  if (::gethostname(host, sizeof(host) - 1) != 0) host[0] = '\0';
  return user + (host[0] ? "@" + std::string(host) : "");
}

std::string OverrideText(const Schedule& schedule, const Override& o, SysSeconds now) {
  std::string when = o.ActiveAt(now) ? "" : o.until <= now ? " (ended)" : " (not yet)";
  return std::string(DesiredName(o.state)) + " until " + FormatLocal(schedule.zone(), o.until) +
         " = " + FormatUtc(o.until) + ", set by " + o.who + " at " + FormatUtc(o.since) +
         (o.reason.empty() ? "" : ": " + o.reason) + (o.cleared ? " (cleared)" : "") + when;
}

nlohmann::json OverrideJson(const Schedule& schedule, const Override& o, SysSeconds now) {
  return {{"state", DesiredName(o.state)},
          {"since", FormatUtc(o.since)},
          {"until", FormatUtc(o.until)},
          {"until_local", FormatOffset(schedule.zone(), o.until)},
          {"who", o.who},
          {"reason", o.reason},
          {"cleared", o.cleared},
          {"active", o.ActiveAt(now)}};
}

nlohmann::json TransitionJson(const Schedule& schedule, const Transition& t) {
  return {{"utc", FormatUtc(t.at)},     {"local", FormatOffset(schedule.zone(), t.at)},
          {"state", DesiredName(t.to)}, {"why", t.why},
          {"holiday", t.holiday},       {"override", t.by_override}};
}

void NoteManualRun(CommandContext& ctx, const std::string& command, const OperationReport& report) {
  App& app = ctx.app;
  if (report.dry_run || report.bad_state_file || report.aborted_by_user || report.interrupted)
    return;
  auto loaded = LoadSchedule(app);
  if (!loaded.ok()) {
    // A schedule kept by another shell (the cron job's environment) has its
    // record beside the state file: this run cannot tell it.
    const std::string record =
        ScheduleStore(app.seams().fs, app.state_store().path()).record_path();
    if (!loaded.status().IsNotFound())
      ctx.err << "warning: this " << command << " is not recorded for the schedule ("
              << Printable(loaded.status().message())
              << "): the next reconcile may apply its last transition again\n";
    else if (app.seams().fs.Exists(record))
      ctx.err << "note: " << Printable(record)
              << " shows a schedule, but SCHEDULE_RUNNING is not set here: this " << command
              << " is not recorded for it, and the next reconcile may apply its last transition "
                 "again (run it with the schedule's configuration)\n";
    return;
  }
  auto now = EvaluationTime(app, "", "");
  if (!now.ok()) return;
  const Desired manual = command == "stop" ? Desired::kParked : Desired::kRunning;
  Schedule& s = loaded->schedule();
  const DesiredState desired = s.At(*now);
  const std::optional<Transition> next = s.Next(*now);
  const std::string until =
      next ? "the next transition at " + FormatLocal(s.zone(), next->at) : "the next transition";
  const std::string keep = std::string("; `aws-resource-manager override --") +
                           (manual == Desired::kRunning ? "running" : "parked") +
                           "-until TIME` keeps it so";
  if (loaded->settings.enforce) {
    if (desired.state != manual)
      ctx.err << "note: SCHEDULE_ENFORCE=true: the next reconcile brings the resources back to "
              << DesiredName(desired.state) << " (" << Printable(desired.why) << ")"
              << Printable(keep) << "\n";
    return;
  }
  std::vector<std::string> selectors, ids;
  for (const ResourceType* t : app.manager().SelectedTypes()) {
    selectors.emplace_back(t->selector());
    ids.emplace_back(t->type());
  }
  auto log = loaded->store->LoadLog();
  if (!log.ok()) {
    ctx.err << "warning: " << Printable(log.status().message()) << ": this " << command
            << " is not recorded for the schedule's reconcile\n";
    return;
  }
  if (!app.options().resources.empty()) {
    // One resource of a type is not the type: nothing is recorded. Say so
    // when the next reconcile would act against this run.
    Decision d = Decide(s, *log, selectors, false, *now);
    if ((d.act || d.waiting) && d.desired.state != manual)
      ctx.err << "note: --resource runs are not recorded for the schedule: the next reconcile "
                 "still applies the transition "
              << (d.last ? "at " + FormatLocal(s.zone(), d.last->at) + " " : std::string()) << "("
              << DesiredName(d.desired.state) << ") and may undo this" << Printable(keep) << "\n";
    return;
  }
  std::set<std::string> not_done;
  for (const auto& id : TypesNotDone(report, ids))
    if (const ResourceType* t = app.manager().TypeById(id)) not_done.emplace(t->selector());
  const std::optional<Transition> last = s.Previous(*now);
  ReconcileLog updated = *log;
  if (auto all = updated.failed.find(kAllTypes); all != updated.failed.end()) {
    for (const auto& type : selectors) updated.failed.emplace(type, all->second);
    updated.failed.erase(all);
  }
  bool recorded = false;
  for (const auto& type : selectors) {
    // A type this run did not finish (denied, failed) is not what the user
    // chose yet: reconcile still applies its transition.
    if (not_done.count(type)) continue;
    updated.applied[type] = ReconcileRecord{last ? last->at : *now, manual, *now, command};
    updated.failed.erase(type);
    recorded = true;
  }
  if (!recorded) return;
  Status saved = loaded->store->SaveLog(updated);
  if (!saved.ok()) {
    ctx.err << "warning: could not record this " << command << " in "
            << loaded->store->record_path() << ": " << Printable(saved.ToString())
            << " (the next reconcile may apply the schedule's last transition again)\n";
    return;
  }
  if (desired.state != manual)
    ctx.err << "note: the schedule wants the resources " << DesiredName(desired.state) << " ("
            << Printable(desired.why) << "); reconcile leaves them " << DesiredName(manual)
            << " until " << until << "\n";
}

ScheduleSummary SummarizeSchedule(CommandContext& ctx) {
  ScheduleSummary out;
  auto loaded = LoadSchedule(ctx.app);
  if (!loaded.ok()) {
    if (!loaded.status().IsNotFound()) out.error = loaded.status().message();
    return out;
  }
  out.warnings = loaded->warnings;
  auto now = EvaluationTime(ctx.app, "", "");
  Schedule& s = loaded->schedule();
  DesiredState desired = s.At(*now);
  std::optional<Transition> next = s.Next(*now);
  out.lines.push_back("Schedule: " + s.Describe() +
                      (loaded->settings.enforce ? " (enforced)" : "") +
                      (s.holidays().empty() ? "" : "; holidays: " + s.holidays().source()));
  out.lines.push_back(std::string("Wants now: ") + DesiredName(desired.state) + " (" + desired.why +
                      ")");
  if (next)
    out.lines.push_back("Next transition: " + FormatLocal(s.zone(), next->at) + " = " +
                        FormatUtc(next->at) + " -> " + DesiredName(next->to) + " (" + next->why +
                        ")");
  const auto& o = loaded->override_on_file;
  if (o && o->until > *now) out.lines.push_back("Override: " + OverrideText(s, *o, *now));
  auto log = loaded->store->LoadLog();
  if (!log.ok()) out.error = log.status().message();
  const ReconcileRecord* applied = log.ok() ? log->Latest() : nullptr;
  auto by = [](const ReconcileRecord& r) {
    return r.by == "reconcile" ? std::string("by reconcile") : "by a " + r.by + " by hand";
  };
  if (applied)
    out.lines.push_back("Last applied " + by(*applied) + ": " +
                        std::string(DesiredName(applied->state)) + " for the transition at " +
                        FormatLocal(s.zone(), applied->transition) + ", at " +
                        FormatLocal(s.zone(), applied->applied_at));
  // The failing types, with the soonest retry.
  const FailedRun* failed = nullptr;
  std::vector<std::string> failing;
  int attempts = 0;
  if (log.ok())
    for (const auto& [type, f] : log->failed) {
      failing.push_back(type == kAllTypes ? "every type" : type);
      attempts = std::max(attempts, f.attempts);
      if (failed == nullptr || f.retry_at < failed->retry_at) failed = &f;
    }
  std::string failing_text;
  for (const auto& t : failing) failing_text += (failing_text.empty() ? "" : ", ") + t;
  if (failed)
    out.lines.push_back(
        "Failing: the " + std::string(failed->state == Desired::kParked ? "stop" : "start") +
        " for the transition at " + FormatLocal(s.zone(), failed->transition) + " failed for " +
        failing_text + " (" + std::to_string(attempts) + " time(s), last at " +
        FormatLocal(s.zone(), failed->last_attempt) + ": " + failed->why + "); next attempt at " +
        FormatLocal(s.zone(), failed->retry_at));
  out.json = {
      {"running", s.Describe()},
      {"timezone", std::string(s.zone()->name())},
      {"enforce", loaded->settings.enforce},
      {"holidays", s.holidays().source()},
      {"wants_now", DesiredName(desired.state)},
      {"why", desired.why},
      {"next_transition", next ? TransitionJson(s, *next) : nlohmann::json()},
      {"override", o && o->until > *now ? OverrideJson(s, *o, *now) : nlohmann::json()},
      {"last_applied", applied ? nlohmann::json{{"state", DesiredName(applied->state)},
                                                {"transition", FormatUtc(applied->transition)},
                                                {"at", FormatUtc(applied->applied_at)},
                                                {"by", applied->by}}
                               : nlohmann::json()},
      {"failing", failed ? nlohmann::json{{"state", DesiredName(failed->state)},
                                          {"transition", FormatUtc(failed->transition)},
                                          {"types", failing},
                                          {"attempts", attempts},
                                          {"last_attempt", FormatUtc(failed->last_attempt)},
                                          {"retry_at", FormatUtc(failed->retry_at)},
                                          {"why", failed->why}}
                         : nlohmann::json()}};
  return out;
}

}  // namespace arm
