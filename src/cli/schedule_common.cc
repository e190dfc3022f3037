#include "cli/schedule_common.h"

#include <unistd.h>

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
  if (applied)
    out.lines.push_back("Last applied by reconcile: " + std::string(DesiredName(applied->state)) +
                        " for the transition at " + FormatLocal(s.zone(), applied->transition) +
                        ", at " + FormatLocal(s.zone(), applied->applied_at));
  const FailedRun* failed = log.ok() && log->failed ? &*log->failed : nullptr;
  if (failed)
    out.lines.push_back("Failing: the " +
                        std::string(failed->state == Desired::kParked ? "stop" : "start") +
                        " for the transition at " + FormatLocal(s.zone(), failed->transition) +
                        " failed " + std::to_string(failed->attempts) + " time(s), last at " +
                        FormatLocal(s.zone(), failed->last_attempt) + " (" + failed->why +
                        "); next attempt at " + FormatLocal(s.zone(), failed->retry_at));
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
                                                {"at", FormatUtc(applied->applied_at)}}
                               : nlohmann::json()},
      {"failing", failed ? nlohmann::json{{"state", DesiredName(failed->state)},
                                          {"transition", FormatUtc(failed->transition)},
                                          {"attempts", failed->attempts},
                                          {"last_attempt", FormatUtc(failed->last_attempt)},
                                          {"retry_at", FormatUtc(failed->retry_at)},
                                          {"why", failed->why}}
                         : nlohmann::json()}};
  return out;
}

}  // namespace arm
