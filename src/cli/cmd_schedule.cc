// schedule: the coming transitions, local and UTC, with holidays and
// overrides marked. No AWS call.
#include <iostream>

#include "cli/schedule_common.h"
#include "cli/table.h"
#include "core/printable.h"

namespace arm {

ExitCode RunSchedule(CommandContext& ctx, const ScheduleOptions& options) {
  App& app = ctx.app;
  auto loaded = LoadSchedule(app);
  if (!loaded.ok()) {
    ctx.err << "error: " << Printable(loaded.status().message()) << "\n";
    return ExitCode::kUsage;
  }
  PrintWarnings(ctx, *loaded);
  auto from = EvaluationTime(app, options.from, "--from");
  if (!from.ok()) {
    ctx.err << "error: " << Printable(from.status().message()) << "\n";
    return ExitCode::kUsage;
  }
  Schedule& s = loaded->schedule();
  const SysSeconds to = *from + std::chrono::hours(24 * options.days);
  std::vector<Transition> transitions = s.Between(*from, to);
  DesiredState desired = s.At(*from);
  // The holidays in the window, also those that change nothing (a Sunday).
  std::vector<std::pair<std::string, std::string>> holidays;
  for (auto d = date::floor<date::days>(ToLocal(s.zone(), *from));
       d <= date::floor<date::days>(ToLocal(s.zone(), to)); d += date::days(1))
    if (const std::string* name = s.holidays().Find(d))
      holidays.emplace_back(date::format("%Y-%m-%d %a", d), *name);
  const auto& o = loaded->override_on_file;
  const bool show_override = o && o->until > *from;
  if (app.options().output == "json") {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& t : transitions) list.push_back(TransitionJson(s, t));
    nlohmann::json hol = nlohmann::json::array();
    for (const auto& [day, name] : holidays)
      hol.push_back({{"day", day.substr(0, 10)}, {"name", name}});
    ctx.out << nlohmann::json{{"running", s.Describe()},
                              {"timezone", std::string(s.zone()->name())},
                              {"enforce", loaded->settings.enforce},
                              {"from", FormatUtc(*from)},
                              {"to", FormatUtc(to)},
                              {"wants_at_from", DesiredName(desired.state)},
                              {"why", desired.why},
                              {"override",
                               show_override ? OverrideJson(s, *o, *from) : nlohmann::json()},
                              {"holidays", hol},
                              {"transitions", list}}
                   .dump(2)
            << "\n";
    return ExitCode::kOk;
  }
  ctx.out << "Schedule: running " << Printable(s.Describe())
          << (loaded->settings.enforce ? " (SCHEDULE_ENFORCE=true)" : "") << "\n";
  if (!s.holidays().empty()) ctx.out << "Holidays: " << Printable(s.holidays().source()) << "\n";
  ctx.out << "At " << FormatLocal(s.zone(), *from) << ": " << DesiredName(desired.state) << " ("
          << Printable(desired.why) << ")\n";
  if (show_override) ctx.out << "Override: " << Printable(OverrideText(s, *o, *from)) << "\n";
  ctx.out << "\n";
  if (transitions.empty()) {
    ctx.out << "No transition in the " << options.days << " days from "
            << FormatLocal(s.zone(), *from) << ".\n";
  } else {
    TextTable table({"LOCAL (" + std::string(s.zone()->name()) + ")", "UTC", "STATE", "WHY"});
    for (const auto& t : transitions) {
      std::string why = t.why;
      if (t.holiday) why += " [holiday]";
      if (t.by_override) why += " [override]";
      table.AddRow({date::format("%a ", date::floor<date::days>(ToLocal(s.zone(), t.at))) +
                        FormatLocal(s.zone(), t.at),
                    FormatUtc(t.at), DesiredName(t.to), Printable(why)});
    }
    ctx.out << table.Render({false, false, false, false});
  }
  for (const auto& [day, name] : holidays)
    ctx.out << "Holiday " << day << (name.empty() ? "" : " (" + Printable(name) + ")")
            << ": parked all day\n";
  return ExitCode::kOk;
}

}  // namespace arm
