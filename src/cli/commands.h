#pragma once
// One function per subcommand (cmd_<name>.cc); main.cc holds the table.
#include <atomic>
#include <iosfwd>
#include <string>

#include "cli/app.h"
#include "cli/exit_codes.h"
#include "cli/options.h"
#include "cli/terminal.h"

namespace arm {

struct CommandContext {
  App& app;
  std::ostream& out;  // data
  std::ostream& err;  // logs, progress, prompts
  Style style;        // colours for `out`
  Style err_style;    // colours for `err`
  const std::atomic<bool>* interrupted = nullptr;
};

ExitCode RunStatus(CommandContext& ctx);
ExitCode RunStop(CommandContext& ctx, const StopOptions& options);
ExitCode RunStart(CommandContext& ctx, const StartOptions& options);
ExitCode RunHistory(CommandContext& ctx, const HistoryOptions& options);
ExitCode RunSnapshot(CommandContext& ctx, const SnapshotOptions& options);
ExitCode RunIamPolicy(CommandContext& ctx, const IamPolicyOptions& options);
ExitCode RunReconcile(CommandContext& ctx, const ReconcileOptions& options);
ExitCode RunSchedule(CommandContext& ctx, const ScheduleOptions& options);
ExitCode RunOverride(CommandContext& ctx, const OverrideOptions& options);
ExitCode RunInstallSchedule(CommandContext& ctx, const InstallScheduleOptions& options);
// Offline: ctx.app comes from App::CreateOffline.
ExitCode RunPlan(CommandContext& ctx, const PlanOptions& options);

// Shared by stop/start/status: why a failure happened and how to fix it.
// `type`: the type whose action `api` failed, for its own hints (may be null).
std::string FixHint(const Status& status, const std::string& api, const ResourceType* type);

}  // namespace arm
