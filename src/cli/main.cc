// Composition root: the only place the real seams are built. Subcommands are
// one table (name, help, examples, runner), as ninja's kTools[].
#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <iostream>

#include "audit/log_setup.h"
#include "cli/app.h"
#include "cli/commands.h"
#include "cli/completion.h"
#include "cli/main_guard.h"
#include "core/clock.h"
#include "core/hardening.h"
#include "core/printable.h"
#include "http/curl_transport.h"
#include "resources/registry.h"
#include "version.h"

namespace {

std::atomic<bool> g_interrupted{false};
// Written to by OnSignal so that a wait for the confirmation answer ends.
int g_wake[2] = {-1, -1};

extern "C" void OnSignal(int sig) {
  if (g_interrupted.exchange(true)) {
    // Second signal: give up at once.
    std::signal(sig, SIG_DFL);
    std::raise(sig);
  }
  if (g_wake[1] >= 0) {
    char byte = 1;
    [[maybe_unused]] ssize_t n = ::write(g_wake[1], &byte, 1);
  }
}

struct CommandSpec {
  std::string name;
  std::string help;
  std::string examples;
};

// "a,b" from the first two selectors, for examples.
std::string TwoSelectors() {
  auto s = arm::ResourceSelectors();
  return s.size() >= 2 ? s[0] + "," + s[1] : s.empty() ? std::string() : s[0];
}

// What stop does to each type, from the registry: "alarm actions off; ...".
std::string WhatStopDoes() {
  std::string out;
  for (const auto& entry : arm::Registry())
    if (!entry.info->parked.empty())
      out += (out.empty() ? "" : "; ") + std::string(entry.info->parked);
  return out;
}

std::vector<CommandSpec> Commands() {
  return {
      {"status", "Show every managed resource: state, configuration and idle cost",
       "  aws-resource-manager status\n  aws-resource-manager status --output "
       "json\n"
       "  aws-resource-manager --config config/demo.conf --endpoint-url "
       "http://127.0.0.1:4566 status"},
      {"stop",
       "Record each resource's configuration, then park it (" + WhatStopDoes() +
           "), except for what was not parked",
       "  aws-resource-manager stop --dry-run\n  aws-resource-manager stop "
       "--force          # from cron\n"
       "  aws-resource-manager stop --only " +
           TwoSelectors() + " --force"},
      {"start",
       "Restore every parked resource exactly as recorded, wait until it works, "
       "verify; what watches other resources comes back last, "
       "only for what came back",
       "  aws-resource-manager start --dry-run\n  aws-resource-manager start "
       "--force\n"
       "  aws-resource-manager start --no-wait --force"},
      {"plan",
       "Print the plan stop/start would carry out, offline, from a snapshot "
       "file: no credentials, no network",
       "  aws-resource-manager snapshot --output snap.json      # where AWS is "
       "reachable\n"
       "  aws-resource-manager plan stop --resources snap.json\n"
       "  aws-resource-manager plan start --state config/aws-resource-state.json "
       "--resources snap.json --format json"},
      {"snapshot", "Write the discovered resources and their context as JSON, for `plan`",
       "  aws-resource-manager snapshot --output snap.json\n  "
       "aws-resource-manager snapshot > snap.json\n"
       "  aws-resource-manager --only " +
           TwoSelectors() + " snapshot --output -"},
      {"history",
       "List past stops and starts from the audit reports in LOG_DIR/operations "
       "(no AWS call)",
       "  aws-resource-manager history\n  aws-resource-manager history --limit 5 "
       "--output json"},
      {"iam-policy",
       "Print the least-privilege IAM policy this configuration needs: changes only on the "
       "project's "
       "ARNs",
       "  aws-resource-manager iam-policy > policy.json\n"
       "  aws-resource-manager iam-policy --account 123456789012 --output policy.json   # no "
       "credentials\n"
       "  aws iam create-policy --policy-name parking --policy-document file://policy.json"},
      {"reconcile",
       "Apply the schedule (SCHEDULE_RUNNING) through the same stop/start: only at its "
       "transitions, "
       "so a manual change is kept until the next one (SCHEDULE_ENFORCE=true: always); for cron",
       "  aws-resource-manager reconcile --dry-run     # the decision, why, and the plan\n"
       "  aws-resource-manager reconcile --force       # from cron or a systemd timer\n"
       "  aws-resource-manager reconcile --dry-run --now 2026-03-30T08:00:00+02:00"},
      {"schedule",
       "List the coming transitions of the schedule, local and UTC, with holidays and overrides "
       "(no AWS call)",
       "  aws-resource-manager schedule\n  aws-resource-manager schedule --days 14 --output json\n"
       "  aws-resource-manager schedule --from 2026-12-21T00:00:00Z"},
      {"override",
       "Keep the resources running (or parked) until a time, whatever the schedule says; reconcile "
       "honours it until it expires",
       "  aws-resource-manager override --running-until 22:00 --reason \"release\"\n"
       "  aws-resource-manager override --parked-until 2026-12-28T08:00 --reason \"office "
       "closed\"\n"
       "  aws-resource-manager override --clear"},
      {"install-schedule",
       "Print (or install with --write) the cron line or systemd timer that runs reconcile, with "
       "absolute paths",
       "  aws-resource-manager install-schedule --cron\n"
       "  aws-resource-manager install-schedule --cron --every 10 --write\n"
       "  aws-resource-manager install-schedule --systemd --write"},
      {"completion", "Print a shell completion script (bash or zsh)",
       "  source <(aws-resource-manager completion bash)\n"
       "  aws-resource-manager completion zsh > "
       "\"${fpath[1]}/_aws-resource-manager\""},
  };
}

const char kExitCodes[] =
    "Exit codes: 0 done (or nothing to do), 1 some resources failed (the others were done) or the "
    "confirmation "
    "was declined (nothing changed), 2 usage/config/input error (nothing changed), 3 credentials "
    "or permission, "
    "4 AWS could not be reached or refused before anything changed (safe to retry), 130 "
    "interrupted (state saved).";

bool ColourWanted(bool is_tty, bool no_color_flag) {
  const char* nc = std::getenv("NO_COLOR");
  return is_tty && !no_color_flag && (nc == nullptr || nc[0] == '\0');
}

// Everything main does after hardening; main runs it inside RunGuarded.
int Run(int argc, char** argv) {
  using arm::ExitCode;
  CLI::App app{
      "aws-resource-manager: parks an application's AWS resources when nobody "
      "needs them and brings "
      "them back exactly as they were."};
  app.footer(std::string("\n") + kExitCodes +
             "\nConfiguration: flags > environment > "
             "config/aws-resource-manager.conf > defaults. AWS settings "
             "follow the AWS CLI: --profile/AWS_PROFILE, --region/AWS_REGION, "
             "--endpoint-url/AWS_ENDPOINT_URL[_<SERVICE>], "
             "~/.aws/config and ~/.aws/credentials.");
  app.set_version_flag("--version", std::string("aws-resource-manager ") + ARM_VERSION);
  app.require_subcommand(1);
  app.fallthrough();

  arm::GlobalOptions g;
  app.add_option("--config", g.config_file,
                 "Config file (default config/aws-resource-manager.conf if present)");
  app.add_option("--profile", g.profile, "AWS profile from ~/.aws/config (also AWS_PROFILE)");
  app.add_option("--region", g.region,
                 "AWS region (also AWS_REGION, AWS_DEFAULT_REGION, the profile)");
  app.add_option("--endpoint-url", g.endpoint_url,
                 "Send every AWS call to this URL (e.g. aws-sandbox)");
  app.add_option("--state-file", g.state_file,
                 "State file (default config/aws-resource-state.json)");
  std::string selectors;
  for (const auto& t : arm::ResourceSelectors()) selectors += (selectors.empty() ? "" : ",") + t;
  app.add_option("--only", g.only, "Only these types: " + selectors)->delimiter(',');
  app.add_option("--exclude", g.exclude, "All types but these")->delimiter(',');
  app.add_option(
      "--resource", g.resources,
      "Only the resource with this name (repeatable); narrows the selection, never widens it");
  app.add_option("--output", g.output, "Output format on stdout")
      ->check(CLI::IsMember({"text", "json"}));
  app.add_option("--log-level", g.log_level,
                 "trace, debug, info, warn, error or off (also LOG_LEVEL)");
  app.add_flag("--no-color", g.no_color, "No colours (also NO_COLOR)");
  app.add_flag("--quiet,-q", g.quiet, "No progress lines on stderr");
  app.add_flag("--yes,-y", g.yes, "Do not ask for confirmation (same as --force)");
  app.add_option("--max-attempts", g.max_attempts,
                 "Attempts per AWS call (also AWS_MAX_ATTEMPTS; default 3)")
      ->check(CLI::Range(1, 20));
  app.add_option("--max-workers", g.max_workers,
                 "Parallel AWS calls (also MAX_WORKERS; default 10)")
      ->check(CLI::Range(1, 256));
  app.add_option("--cli-read-timeout", g.read_timeout_seconds,
                 "Seconds an AWS call may take before it is retried (default 30)")
      ->check(CLI::Range(1, 3600));
  app.add_option("--cli-connect-timeout", g.connect_timeout_seconds,
                 "Seconds to connect to AWS (default 5)")
      ->check(CLI::Range(1, 3600));

  arm::StopOptions stop;
  arm::StartOptions start;
  std::map<std::string, CLI::App*> subs;
  const std::vector<CommandSpec> commands = Commands();
  for (const auto& spec : commands) {
    auto* sub = app.add_subcommand(spec.name, spec.help);
    sub->footer(std::string("\nExamples:\n") + spec.examples + "\n\n" + kExitCodes);
    subs[spec.name] = sub;
  }
  for (const char* command : {"stop", "start", "reconcile"}) {
    auto* dry = subs[command]->add_flag_callback(
        "--dry-run", [&g] { g.dry_run = true; },
        "Print the plan and the cost change; change nothing");
    auto* real = subs[command]->add_flag_callback(
        "--no-dry-run", [&g] { g.dry_run = false; },
        "Change AWS even if DRY_RUN_DEFAULT=true (this run only)");
    dry->excludes(real);
  }
  subs["stop"]->add_flag("--force,--yes", stop.force,
                         "Do not ask for confirmation (required without a terminal)");
  subs["start"]->add_flag("--force,--yes", start.force,
                          "Do not ask for confirmation (required without a terminal)");
  subs["stop"]
      ->add_option("--wait-timeout", stop.wait_timeout_seconds,
                   "Seconds to wait for each resource to be parked (default 1800)")
      ->check(CLI::Range(1, 86400));
  subs["start"]->add_flag("--no-wait", start.no_wait,
                          "Do not wait for restored resources to be ready");
  subs["start"]
      ->add_option("--wait-timeout", start.wait_timeout_seconds,
                   "Seconds to wait for each resource to be ready (default 1800)")
      ->check(CLI::Range(1, 86400));
  subs["start"]->add_flag("--state-from-s3", start.state_from_s3,
                          "Restore from the S3 copy of the state "
                          "(STATE_BACKUP_S3_BUCKET), not the local file");
  arm::HistoryOptions history;
  subs["history"]
      ->add_option("--limit", history.limit,
                   "Show at most N operations, newest first (0: all; default 20)")
      ->check(CLI::Range(0, 1000000));
  arm::SnapshotOptions snapshot;
  // Wins over the global --output (text|json) on this subcommand.
  subs["snapshot"]->add_option(
      "--output", snapshot.output_file,
      "File to write the snapshot to (JSON, mode 0600); - or none for stdout. "
      "The global "
      "--output text|json does not apply: a snapshot is always JSON");
  arm::IamPolicyOptions iam_policy;
  subs["iam-policy"]->add_option(
      "--output", iam_policy.output_file,
      "File to write the policy to (JSON, mode 0600); - or none for stdout");
  subs["iam-policy"]->add_option(
      "--account", iam_policy.account,
      "Account ID to put in the ARNs (default: ask STS with the current credentials)");
  arm::PlanOptions plan;
  subs["plan"]->require_subcommand(1);
  for (const char* command : {"stop", "start"}) {
    auto* p = subs["plan"]->add_subcommand(command,
                                           std::string("Print what `") + command +
                                               " --dry-run` would print for the snapshot's estate");
    p->add_option("--resources", plan.resources_file,
                  "Snapshot file written by `snapshot --output FILE`")
        ->required();
    p->add_option("--state", plan.state_file,
                  std::string("State file (default: --state-file, as `") + command + "` uses it)" +
                      (std::string(command) == "start" ? "; must exist" : ""));
    p->add_option("--format", plan.format, "text or json (default: the global --output, text)")
        ->check(CLI::IsMember({"text", "json"}));
    p->callback([&plan, command] { plan.command = command; });
  }
  arm::ReconcileOptions reconcile;
  subs["reconcile"]->add_flag("--force,--yes", reconcile.force,
                              "Do not ask for confirmation (required without a terminal)");
  subs["reconcile"]->add_option(
      "--now", reconcile.now,
      "Evaluate the schedule at this time (ISO 8601 with offset or Z), for previews and tests");
  arm::ScheduleOptions schedule;
  subs["schedule"]->add_option("--from", schedule.from,
                               "Start here (ISO 8601 with offset or Z; default now)");
  subs["schedule"]
      ->add_option("--days", schedule.days, "How many days to list (default 7)")
      ->check(CLI::Range(1, 366));
  arm::OverrideOptions override_options;
  auto* o_run = subs["override"]->add_option(
      "--running-until", override_options.running_until,
      "Keep running until TIME: HH:MM today or YYYY-MM-DDTHH:MM in SCHEDULE_TIMEZONE, or ISO 8601 "
      "with offset");
  auto* o_park = subs["override"]->add_option("--parked-until", override_options.parked_until,
                                              "Keep parked until TIME (as --running-until)");
  auto* o_clear =
      subs["override"]->add_flag("--clear", override_options.clear, "End the override now");
  o_run->excludes(o_park)->excludes(o_clear);
  o_park->excludes(o_clear);
  subs["override"]->add_option("--reason", override_options.reason,
                               "Why (recorded with who, shown by status and schedule)");
  subs["override"]->add_option("--now", override_options.now,
                               "Take this as the current time (ISO 8601 with offset), for tests");
  arm::InstallScheduleOptions install;
  auto* i_cron = subs["install-schedule"]->add_flag("--cron", install.cron, "A crontab line");
  auto* i_systemd = subs["install-schedule"]->add_flag(
      "--systemd", install.systemd, "A systemd user timer and service (~/.config/systemd/user)");
  i_cron->excludes(i_systemd);
  subs["install-schedule"]
      ->add_option("--every", install.every_minutes,
                   "Minutes between runs, a divisor of the hour: 1-6, 10, 12, 15, 20, 30 or 60 "
                   "(default 5)")
      ->check(CLI::Validator(
          [](const std::string& v) -> std::string {
            // cron's */N and systemd's *:0/N restart at each full hour: only a
            // divisor of 60 gives evenly spaced runs.
            int n = 0;
            try {
              n = std::stoi(v);
            } catch (const std::exception&) {
              return "not a number of minutes: " + v;
            }
            if (n >= 1 && 60 % n == 0) return "";
            return "--every must divide the hour (1-6, 10, 12, 15, 20, 30 or 60), not " + v;
          },
          "MINUTES"));
  subs["install-schedule"]->add_flag(
      "--write", install.write,
      "Install it (the crontab, or the unit files) instead of printing it");
  std::string shell;
  subs["completion"]
      ->add_option("shell", shell, "bash or zsh")
      ->required()
      ->check(CLI::IsMember({"bash", "zsh"}));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : static_cast<int>(ExitCode::kUsage);
  }

  // --force answers the same question as --yes: both override
  // REQUIRE_CONFIRMATION.
  if (stop.force || start.force) g.yes = true;
  arm::RealEnvironment env;
  arm::ResolvePathsFrom(env.GetOr("ARM_CALLER_DIR", ""), &g, &snapshot, &plan, &iam_policy);

  std::string chosen;
  for (const auto& spec : commands)
    if (subs[spec.name]->parsed()) chosen = spec.name;
  if (chosen == "completion") {
    auto root = arm::DescribeCli(
        app, {{"--only", arm::ResourceSelectors()}, {"--exclude", arm::ResourceSelectors()}});
    std::cout << (shell == "zsh" ? arm::ZshCompletion(root, "aws-resource-manager")
                                 : arm::BashCompletion(root, "aws-resource-manager"));
    return 0;
  }

  if (::pipe2(g_wake, O_CLOEXEC | O_NONBLOCK) != 0) g_wake[0] = g_wake[1] = -1;
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  std::signal(SIGPIPE, SIG_IGN);

  arm::RealFileSystem fs;
  arm::RealClock clock;
  arm::CurlTransport transport;
  transport.SetTimeoutCaps(std::chrono::seconds(g.read_timeout_seconds),
                           std::chrono::seconds(g.connect_timeout_seconds));
  arm::RealProcessRunner process;
  arm::RealTerminal terminal(g_wake[0]);
  arm::Seams seams{env, fs, clock, transport, process, terminal};

  g.selection_optional = chosen == "history" || chosen == "schedule" || chosen == "override" ||
                         chosen == "install-schedule";
  std::vector<std::string> warnings;
  // plan is offline: no credential chain, no STS, no transport.
  auto made = chosen == "plan" ? arm::App::CreateOffline(seams, g, &warnings)
                               : arm::App::Create(seams, g, &warnings);
  for (const auto& w : warnings) std::cerr << "warning: " << arm::Printable(w) << "\n";
  if (!made.ok()) {
    std::cerr << "error: " << arm::Printable(made.status().ToString()) << "\n";
    ExitCode code = arm::ExitCodeFor(made.status());
    return static_cast<int>(code == ExitCode::kPartialFailure ? ExitCode::kUsage : code);
  }
  {
    arm::LogOptions log;
    log.log_dir = (*made)->config().log_dir;
    log.console_level = (*made)->config().log_level;
    log.colour = ColourWanted(terminal.StderrIsTty(), g.no_color);
    arm::Status logging = arm::SetupLogging(fs, log);
    // A log folder or file someone else could swap ends the run.
    if (logging.code() == arm::StatusCode::kInvalidArgument) {
      std::cerr << "error: " << arm::Printable(logging.ToString()) << "\n";
      return static_cast<int>(ExitCode::kUsage);
    }
    if (!logging.ok()) std::cerr << "warning: " << arm::Printable(logging.ToString()) << "\n";
  }
  arm::CommandContext ctx{**made, std::cout, std::cerr, {}, {}, &g_interrupted};
  ctx.style.enabled = ColourWanted(terminal.StdoutIsTty(), g.no_color);
  ctx.err_style.enabled = ColourWanted(terminal.StderrIsTty(), g.no_color);

  ExitCode code = ExitCode::kOk;
  if (chosen == "status") code = arm::RunStatus(ctx);
  if (chosen == "stop") code = arm::RunStop(ctx, stop);
  if (chosen == "start") code = arm::RunStart(ctx, start);
  if (chosen == "history") code = arm::RunHistory(ctx, history);
  if (chosen == "snapshot") code = arm::RunSnapshot(ctx, snapshot);
  if (chosen == "plan") code = arm::RunPlan(ctx, plan);
  if (chosen == "iam-policy") code = arm::RunIamPolicy(ctx, iam_policy);
  if (chosen == "reconcile") code = arm::RunReconcile(ctx, reconcile);
  if (chosen == "schedule") code = arm::RunSchedule(ctx, schedule);
  if (chosen == "override") code = arm::RunOverride(ctx, override_options);
  if (chosen == "install-schedule") code = arm::RunInstallSchedule(ctx, install);
  if (std::string retries = (*made)->RetrySummary(); !retries.empty()) spdlog::info("{}", retries);
  arm::FlushLogs();
  std::cout.flush();
  return static_cast<int>(code);
}

}  // namespace

int main(int argc, char** argv) {
  arm::HardenProcess();
  return arm::RunGuarded([argc, argv] { return Run(argc, argv); }, std::cerr);
}
