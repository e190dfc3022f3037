// Composition root: the only place the real seams are built. Subcommands are
// one table (name, help, examples, runner), as ninja's kTools[].
#include <csignal>
#include <cstdio>
#include <iostream>

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "cli/app.h"
#include "cli/commands.h"
#include "core/clock.h"
#include "http/curl_transport.h"
#include "version.h"

namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void OnSignal(int sig) {
  if (g_interrupted.exchange(true)) {
    // Second signal: give up at once.
    std::signal(sig, SIG_DFL);
    std::raise(sig);
  }
}

struct CommandSpec {
  const char* name;
  const char* help;
  const char* examples;
};

constexpr CommandSpec kCommands[] = {
    {"status", "Show every managed resource: state, configuration and idle cost",
     "  aws-resource-manager status\n  aws-resource-manager status --output json\n"
     "  aws-resource-manager --config config/demo.conf --endpoint-url http://127.0.0.1:4566 status"},
    {"stop", "Record each resource's configuration, then park it (delete endpoints, 1 shard, concurrency 0, "
             "alarm actions off)",
     "  aws-resource-manager stop --dry-run\n  aws-resource-manager stop --force          # from cron\n"
     "  aws-resource-manager stop --only lambda,kinesis --force"},
    {"start", "Restore every parked resource exactly as recorded, wait until it works, verify",
     "  aws-resource-manager start --dry-run\n  aws-resource-manager start --force\n"
     "  aws-resource-manager start --no-wait --force"},
    {"plan", "Plan stop/start offline from a snapshot file (not implemented yet)", "  aws-resource-manager plan stop --resources snapshot.json"},
    {"snapshot", "Write the discovered resources as JSON (not implemented yet)", "  aws-resource-manager snapshot --output-file snap.json"},
    {"history", "List past operations (not implemented yet)", "  aws-resource-manager history --limit 10"},
};

const char kExitCodes[] =
    "Exit codes: 0 done, 1 some resources failed, 2 usage/config/input error (nothing changed), "
    "3 credentials or permission, 130 interrupted (state saved).";

bool ColourWanted(bool is_tty, bool no_color_flag) {
  const char* nc = std::getenv("NO_COLOR");
  return is_tty && !no_color_flag && (nc == nullptr || nc[0] == '\0');
}

}  // namespace

int main(int argc, char** argv) {
  using arm::ExitCode;
  CLI::App app{"aws-resource-manager: parks an application's AWS resources when nobody needs them and brings "
               "them back exactly as they were."};
  app.footer(std::string("\n") + kExitCodes +
             "\nConfiguration: flags > environment > config/aws-resource-manager.conf > defaults. AWS settings "
             "follow the AWS CLI: --profile/AWS_PROFILE, --region/AWS_REGION, --endpoint-url/AWS_ENDPOINT_URL[_<SERVICE>], "
             "~/.aws/config and ~/.aws/credentials.");
  app.set_version_flag("--version", std::string("aws-resource-manager ") + ARM_VERSION);
  app.require_subcommand(1);
  app.fallthrough();

  arm::GlobalOptions g;
  app.add_option("--config", g.config_file, "Config file (default config/aws-resource-manager.conf if present)");
  app.add_option("--profile", g.profile, "AWS profile from ~/.aws/config (also AWS_PROFILE)");
  app.add_option("--region", g.region, "AWS region (also AWS_REGION, AWS_DEFAULT_REGION, the profile)");
  app.add_option("--endpoint-url", g.endpoint_url, "Send every AWS call to this URL (e.g. aws-sandbox)");
  app.add_option("--state-file", g.state_file, "State file (default config/aws-resource-state.json)");
  app.add_option("--only", g.only, "Only these types: sagemaker,kinesis,lambda,cloudwatch,dynamodb")->delimiter(',');
  app.add_option("--exclude", g.exclude, "All types but these")->delimiter(',');
  app.add_option("--resource", g.resources, "Only the resource with this name (repeatable)");
  app.add_option("--output", g.output, "Output format on stdout")->check(CLI::IsMember({"text", "json"}));
  app.add_option("--log-level", g.log_level, "trace, debug, info, warn, error or off (also LOG_LEVEL)");
  app.add_flag("--no-color", g.no_color, "No colours (also NO_COLOR)");
  app.add_flag("--quiet,-q", g.quiet, "No progress lines on stderr");
  app.add_flag("--yes,-y", g.yes, "Do not ask for confirmation (same as --force)");
  app.add_option("--max-attempts", g.max_attempts, "Attempts per AWS call (also AWS_MAX_ATTEMPTS; default 3)")
      ->check(CLI::Range(1, 20));
  app.add_option("--max-workers", g.max_workers, "Parallel AWS calls (also MAX_WORKERS; default 10)")
      ->check(CLI::Range(1, 256));
  app.add_option("--cli-read-timeout", g.read_timeout_seconds, "Seconds an AWS call may take before it is retried (default 30)")
      ->check(CLI::Range(1, 3600));
  app.add_option("--cli-connect-timeout", g.connect_timeout_seconds, "Seconds to connect to AWS (default 5)")
      ->check(CLI::Range(1, 3600));

  arm::StopOptions stop;
  arm::StartOptions start;
  std::map<std::string, CLI::App*> subs;
  for (const auto& spec : kCommands) {
    auto* sub = app.add_subcommand(spec.name, spec.help);
    sub->footer(std::string("\nExamples:\n") + spec.examples + "\n\n" + kExitCodes);
    subs[spec.name] = sub;
  }
  subs["stop"]->add_flag("--dry-run", stop.dry_run, "Print the plan and the cost change; change nothing");
  subs["stop"]->add_flag("--force,--yes", stop.force, "Do not ask for confirmation (required without a terminal)");
  subs["start"]->add_flag("--dry-run", start.dry_run, "Print the plan and the cost change; change nothing");
  subs["start"]->add_flag("--force,--yes", start.force, "Do not ask for confirmation (required without a terminal)");
  subs["start"]->add_flag("--no-wait", start.no_wait, "Do not wait for endpoints to be InService");
  subs["start"]->add_option("--wait-timeout", start.wait_timeout_seconds, "Seconds to wait for each endpoint (default 1800)")
      ->check(CLI::Range(1, 86400));
  for (const char* name : {"plan", "snapshot", "history"}) subs[name]->allow_extras();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : static_cast<int>(ExitCode::kUsage);
  }

  std::string chosen;
  for (const auto& spec : kCommands)
    if (subs[spec.name]->parsed()) chosen = spec.name;
  if (chosen == "plan" || chosen == "snapshot" || chosen == "history") {
    std::cerr << "aws-resource-manager: '" << chosen << "' is not implemented yet\n";
    return static_cast<int>(ExitCode::kUsage);
  }

  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  std::signal(SIGPIPE, SIG_IGN);

  arm::RealEnvironment env;
  arm::RealFileSystem fs;
  arm::RealClock clock;
  arm::CurlTransport transport;
  transport.SetTimeoutCaps(std::chrono::seconds(g.read_timeout_seconds), std::chrono::seconds(g.connect_timeout_seconds));
  arm::RealProcessRunner process;
  arm::RealTerminal terminal;
  arm::Seams seams{env, fs, clock, transport, process, terminal};

  std::vector<std::string> warnings;
  auto made = arm::App::Create(seams, g, &warnings);
  for (const auto& w : warnings) std::cerr << "warning: " << w << "\n";
  if (!made.ok()) {
    std::cerr << "error: " << made.status().ToString() << "\n";
    ExitCode code = arm::ExitCodeFor(made.status());
    return static_cast<int>(code == ExitCode::kPartialFailure ? ExitCode::kUsage : code);
  }
  {
    auto sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>(
        ColourWanted(terminal.StderrIsTty(), g.no_color) ? spdlog::color_mode::automatic : spdlog::color_mode::never);
    auto logger = std::make_shared<spdlog::logger>("arm", sink);
    logger->set_pattern("%^%l%$: %v");
    logger->set_level(spdlog::level::from_str((*made)->config().log_level));
    spdlog::set_default_logger(logger);
  }
  arm::CommandContext ctx{**made, std::cout, std::cerr, {}, {}, &g_interrupted};
  ctx.style.enabled = ColourWanted(terminal.StdoutIsTty(), g.no_color);
  ctx.err_style.enabled = ColourWanted(terminal.StderrIsTty(), g.no_color);

  ExitCode code = ExitCode::kOk;
  if (chosen == "status") code = arm::RunStatus(ctx);
  if (chosen == "stop") code = arm::RunStop(ctx, stop);
  if (chosen == "start") code = arm::RunStart(ctx, start);
  std::cout.flush();
  return static_cast<int>(code);
}
