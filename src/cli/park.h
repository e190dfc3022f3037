#pragma once
// The one stop/start flow (lock, discover, plan, confirm, act, report,
// notify) that the manual commands and the scheduled ones (reconcile) share.
#include <functional>
#include <optional>
#include <string>
#include <utility>

#include "cli/commands.h"

namespace arm {

struct ParkRequest {
  std::string command;  // "stop" | "start"
  bool dry_run = false;
  bool force = false;
  bool state_from_s3 = false;
  ApplyOptions apply;
  // The caller holds the run lock already (reconcile takes it first, to
  // tell "another run is active" apart from an error).
  bool lock_held = false;
  // Stop only: resources tagged key=value are left as they are.
  std::optional<std::pair<std::string, std::string>> exempt_tag;
  // A reconcile run: the transition it applies, for the audit report and
  // `history` (OperationInfo::scheduled).
  std::string scheduled;
  // RunOptions::watch_only_this_run (reconcile narrowed to some types).
  bool watch_only_this_run = false;
  // Called with the report just before it is rendered.
  std::function<void(const OperationReport&)> before_render;
};

ExitCode RunPark(CommandContext& ctx, const ParkRequest& req);

}  // namespace arm
