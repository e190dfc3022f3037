// install-schedule: prints (or installs) the cron line or the systemd
// timer + service that run `reconcile` every few minutes, with absolute
// paths and --force, so nobody hand-writes them. No AWS call.
#include <algorithm>
#include <filesystem>
#include <iostream>

#include "cli/schedule_common.h"
#include "core/printable.h"
#include "schedule/install.h"

namespace arm {
namespace {

std::string Absolute(const std::string& path) {
  if (path.empty()) return path;
  std::error_code ec;
  auto p = std::filesystem::absolute(path, ec);
  return ec ? path : p.lexically_normal().string();
}

// The running binary: the line must name this one, wherever it was run from.
std::string SelfPath() {
  std::error_code ec;
  auto p = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? "aws-resource-manager" : p.string();
}

ExitCode WriteCrontab(CommandContext& ctx, const std::string& line, const std::string& marker) {
  App& app = ctx.app;
  auto current = app.seams().process.Run({"crontab", "-l"}, std::chrono::seconds(30), 1 << 20);
  if (!current.ok()) {
    ctx.err << "error: could not read the crontab (crontab -l): "
            << Printable(current.status().ToString()) << "; add the line above by hand\n";
    return ExitCode::kPartialFailure;
  }
  // `crontab -l` fails with "no crontab for USER" when there is none yet.
  std::string existing = current->exit_code == 0 ? current->stdout_data : "";
  std::string merged = MergeCrontab(existing, line, marker);
  std::string tmp = JoinPath(DirName(app.state_store().path()), ".crontab.new");
  Status written = app.seams().fs.WriteFileDurable(tmp, merged, 0600);
  if (!written.ok()) {
    ctx.err << "error: " << Printable(written.ToString()) << "\n";
    return ExitCode::kPartialFailure;
  }
  auto installed =
      app.seams().process.Run({"crontab", Absolute(tmp)}, std::chrono::seconds(30), 1 << 20);
  (void)app.seams().fs.Remove(tmp);
  if (!installed.ok() || installed->exit_code != 0) {
    ctx.err << "error: crontab refused the new table"
            << (installed.ok() ? "" : ": " + Printable(installed.status().ToString())) << "\n";
    return ExitCode::kPartialFailure;
  }
  ctx.out << "Installed in your crontab (a line ending in \"" << marker
          << "\" is replaced, never added twice).\n";
  return ExitCode::kOk;
}

}  // namespace

ExitCode RunInstallSchedule(CommandContext& ctx, const InstallScheduleOptions& options) {
  App& app = ctx.app;
  if (!options.cron && !options.systemd) {
    ctx.err << "error: say which: install-schedule --cron or install-schedule --systemd\n";
    return ExitCode::kUsage;
  }
  // Installing a reconcile without a valid schedule would fail every few
  // minutes: check it now.
  auto loaded = LoadSchedule(app);
  if (!loaded.ok()) {
    ctx.err << "error: " << Printable(loaded.status().message()) << "\n";
    return ExitCode::kUsage;
  }
  // The job applies transitions to whole types: reconcile never records a
  // --resource run, so such a job would re-apply the schedule every run.
  if (!app.options().resources.empty()) {
    ctx.err << "error: install-schedule does not take --resource: a scheduled reconcile applies "
               "each transition to whole types (narrow with --only/--exclude, or exempt a "
               "resource with the tag aws-resource-manager:schedule=never)\n";
    return ExitCode::kUsage;
  }
  InstallSpec spec;
  spec.binary = SelfPath();
  spec.working_dir = Absolute(".");
  spec.config = Absolute(app.config().config_path);
  spec.state_file = Absolute(app.state_store().path());
  spec.log_file = Absolute(JoinPath(app.config().log_dir, "reconcile.log"));
  spec.project = app.config().project_name;
  spec.environment = app.config().environment;
  spec.every_minutes = options.every_minutes;
  // The job must act as this command would: the same account, region,
  // endpoint and selection. Flags are repeated, and the configuration keys
  // only this shell's environment set go with the job.
  const GlobalOptions& g = app.options();
  for (const auto& [flag, value] :
       {std::pair<const char*, const std::string&>{"--profile", g.profile},
        {"--region", g.region},
        {"--endpoint-url", g.endpoint_url}}) {
    if (!value.empty()) spec.flags.insert(spec.flags.end(), {flag, value});
  }
  auto joined = [](const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
    return out;
  };
  if (!g.only.empty()) spec.flags.insert(spec.flags.end(), {"--only", joined(g.only)});
  if (!g.exclude.empty()) spec.flags.insert(spec.flags.end(), {"--exclude", joined(g.exclude)});
  for (const auto& [key, where] : app.config().origin)
    if (where == "environment") spec.env.emplace_back(key, app.seams().env.GetOr(key, ""));
  // The AWS variables that say where and how to connect go with the job too;
  // never a secret, which no crontab or unit file may hold.
  std::vector<std::string> carried = {"AWS_REGION",
                                      "AWS_DEFAULT_REGION",
                                      "AWS_DEFAULT_PROFILE",
                                      "AWS_ENDPOINT_URL",
                                      "AWS_CONFIG_FILE",
                                      "AWS_SHARED_CREDENTIALS_FILE",
                                      "AWS_CA_BUNDLE",
                                      "AWS_ROLE_ARN",
                                      "AWS_ROLE_SESSION_NAME",
                                      "AWS_MAX_ATTEMPTS",
                                      "AWS_WEB_IDENTITY_TOKEN_FILE",
                                      "AWS_EC2_METADATA_DISABLED",
                                      "AWS_RETRY_MODE"};
  for (auto& name : app.seams().env.NamesStartingWith("AWS_ENDPOINT_URL_"))  // _KINESIS, ...
    carried.push_back(std::move(name));
  for (const auto& key : carried) {
    std::string value = app.seams().env.GetOr(key, "");
    bool known = std::any_of(spec.env.begin(), spec.env.end(),
                             [&](const auto& kv) { return kv.first == key; });
    if (!value.empty() && !known) spec.env.emplace_back(key, value);
  }
  // A line break would end the cron line or the unit's line: what follows
  // would be a line of its own.
  for (const auto& [key, value] : spec.env) {
    if (value.find_first_of("\r\n") == std::string::npos) continue;
    ctx.err << "error: " << key
            << " holds a line break, which cannot go into a crontab line or a unit file; "
               "remove it\n";
    return ExitCode::kUsage;
  }
  // A configuration that makes every run a dry run would give a job that
  // never acts.
  // (--dry-run/--no-dry-run given here hide the configuration's value.)
  if (app.config().dry_run_default || g.dry_run) spec.flags.push_back("--no-dry-run");
  if (app.config().dry_run_default && !g.dry_run)
    ctx.err << "note: the configuration sets DRY_RUN_DEFAULT=true: the job gets --no-dry-run, "
               "or it would only ever preview\n";
  std::string secrets;
  for (const char* key : {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"})
    if (!app.seams().env.GetOr(key, "").empty())
      secrets += (secrets.empty() ? "" : ", ") + std::string(key);
  if (!secrets.empty())
    ctx.err << "warning: this shell has " << secrets
            << ", which the scheduled job will not have (a secret never goes into a crontab "
               "or unit file): give the job credentials it can find by itself, a profile in "
               "~/.aws/credentials (install-schedule --profile NAME) or an instance role\n";
  if (options.cron) {
    std::string line = CronLine(spec);
    if (!options.write) {
      ctx.out << "# Every " << spec.every_minutes << " minutes; output appended to "
              << spec.log_file << ".\n"
              << "# Add it with `crontab -e`, or run again with --write.\n"
              << line << "\n";
      return ExitCode::kOk;
    }
    ctx.out << line << "\n";
    return WriteCrontab(ctx, line, CronMarker(spec));
  }
  const std::string name = UnitName(spec);
  const std::string service = SystemdService(spec), timer = SystemdTimer(spec);
  std::string home = app.seams().env.GetOr("HOME", "");
  std::string dir =
      JoinPath(app.seams().env.GetOr("XDG_CONFIG_HOME", home + "/.config"), "systemd/user");
  if (!options.write) {
    ctx.out << "# " << JoinPath(dir, name + ".service") << "\n"
            << service << "\n# " << JoinPath(dir, name + ".timer") << "\n"
            << timer << "\n# Write them with --write, then: systemctl --user daemon-reload && "
            << "systemctl --user enable --now " << name << ".timer\n";
    return ExitCode::kOk;
  }
  if (home.empty() && app.seams().env.GetOr("XDG_CONFIG_HOME", "").empty()) {
    ctx.err << "error: HOME is not set: cannot find ~/.config/systemd/user\n";
    return ExitCode::kUsage;
  }
  Status s = app.seams().fs.CreateDirs(dir, 0755);
  if (s.ok()) s = app.seams().fs.WriteFileDurable(JoinPath(dir, name + ".service"), service, 0644);
  if (s.ok()) s = app.seams().fs.WriteFileDurable(JoinPath(dir, name + ".timer"), timer, 0644);
  if (!s.ok()) {
    ctx.err << "error: " << Printable(s.ToString()) << "\n";
    return ExitCode::kPartialFailure;
  }
  ctx.out << "Wrote " << JoinPath(dir, name + ".service") << " and " << name << ".timer.\n"
          << "Now run: systemctl --user daemon-reload && systemctl --user enable --now " << name
          << ".timer\n"
          << "(and `loginctl enable-linger $USER` so that it runs while you are logged out)\n";
  return ExitCode::kOk;
}

}  // namespace arm
