#pragma once
// install-schedule: the cron line and the systemd timer + service that run
// `reconcile` every few minutes, with absolute paths. Pure.
#include <string>
#include <utility>
#include <vector>

namespace arm {

struct InstallSpec {
  std::string binary;       // absolute path of aws-resource-manager
  std::string working_dir;  // absolute: where relative paths in the config resolve
  std::string config;       // absolute config file ("" = none)
  std::string state_file;   // absolute
  std::string log_file;     // absolute: the cron line appends the output here
  std::string project;      // PROJECT_NAME and ENVIRONMENT name the units and mark the
  std::string environment;  // cron line, with the state file
  // The global flags of the command that installs it (--region, --only...),
  // repeated so that the job acts on the same selection, account and region.
  std::vector<std::string> flags;
  // Configuration keys this shell's environment set (KEY, value): the job
  // gets them too (cron: KEY=value before the command; systemd:
  // Environment=), since it does not inherit this environment.
  std::vector<std::pair<std::string, std::string>> env;
  int every_minutes = 5;
};

// "*/5 * * * * cd '/srv/app' && '/usr/bin/aws-resource-manager' --config ... reconcile --force
// >> '/srv/app/logs/reconcile.log' 2>&1 # aws-resource-manager reconcile PROJECT".
std::string CronLine(const InstallSpec& spec);
// The comment that ends the cron line: it marks the line to replace (one per
// project, environment and state file).
std::string CronMarker(const InstallSpec& spec);
// `crontab` with every line carrying the marker replaced by `line` (or the
// line appended).
std::string MergeCrontab(const std::string& crontab, const std::string& line,
                         const std::string& marker);
// "aws-resource-manager-reconcile-PROJECT-ENVIRONMENT" (reduced to [A-Za-z0-9_-]).
std::string UnitName(const InstallSpec& spec);
std::string SystemdService(const InstallSpec& spec);
std::string SystemdTimer(const InstallSpec& spec);
// Quotes for /bin/sh (cron) when needed.
std::string ShellQuote(const std::string& s);

}  // namespace arm
