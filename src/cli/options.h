#pragma once
// Everything the command line says, before the config file and the
// environment are merged in.
#include <optional>
#include <string>
#include <vector>

namespace arm {

struct GlobalOptions {
  std::string config_file;        // --config (empty: config/aws-resource-manager.conf if present)
  std::string profile;            // --profile
  std::string region;             // --region
  std::string endpoint_url;       // --endpoint-url
  std::string state_file;         // --state-file
  std::vector<std::string> only;  // --only
  std::vector<std::string> exclude;    // --exclude
  std::vector<std::string> resources;  // --resource
  std::string output = "text";         // --output text|json
  std::string log_level;               // --log-level
  bool no_color = false;
  bool quiet = false;
  bool yes = false;  // --yes, or stop/start --force
  // Set by main for commands that read no AWS resource (history): a config
  // that selects nothing is not an error there.
  bool selection_optional = false;
  // stop/start --dry-run (true) or --no-dry-run (false); unset:
  // DRY_RUN_DEFAULT.
  std::optional<bool> dry_run;
  std::optional<int> max_attempts;  // --max-attempts
  std::optional<int> max_workers;   // --max-workers
  int read_timeout_seconds = 30;    // --cli-read-timeout (whole request)
  int connect_timeout_seconds = 5;  // --cli-connect-timeout
};

struct HistoryOptions {
  int limit = 20;  // --limit; 0 = all
};

struct StopOptions {
  bool force = false;
  int wait_timeout_seconds = 1800;
};

struct StartOptions {
  bool force = false;
  bool no_wait = false;
  int wait_timeout_seconds = 1800;
  bool state_from_s3 = false;  // --state-from-s3
};

struct SnapshotOptions {
  std::string output_file;  // snapshot --output FILE; "" or "-" = stdout
};

struct IamPolicyOptions {
  std::string output_file;  // iam-policy --output FILE; "" or "-" = stdout
  std::string account;      // --account: no STS call
};

struct PlanOptions {
  std::string command;         // "stop" | "start"
  std::string resources_file;  // --resources (a snapshot file)
  std::string state_file;      // --state ("" = the configured state file)
  std::string format;          // --format text|json; "" = the global --output
};

// Makes every relative path given on the command line (--config,
// --state-file, snapshot --output, plan --resources and --state) relative to
// `caller_dir`, the folder the user ran scripts/aws-resource-manager.sh from
// (ARM_CALLER_DIR): the script runs the binary from the repository root, where
// the default files and the paths inside the config file are found. "" leaves
// the paths as they are; absolute paths and "-" (stdout) are kept.
void ResolvePathsFrom(const std::string& caller_dir, GlobalOptions* global,
                      SnapshotOptions* snapshot, PlanOptions* plan,
                      IamPolicyOptions* iam_policy = nullptr);

}  // namespace arm

namespace arm {

struct ReconcileOptions {
  bool force = false;
  std::string now;  // --now: evaluate the schedule at this instant ("" = the clock)
};

struct ScheduleOptions {
  std::string from;  // --from ("" = now)
  int days = 7;      // --days
};

struct OverrideOptions {
  std::string running_until;  // --running-until
  std::string parked_until;   // --parked-until
  bool clear = false;         // --clear
  std::string reason;         // --reason
  std::string now;            // --now ("" = the clock)
};

struct InstallScheduleOptions {
  bool cron = false;     // --cron
  bool systemd = false;  // --systemd
  bool write = false;    // --write
  int every_minutes = 5;
};

}  // namespace arm
