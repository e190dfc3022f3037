#pragma once
// What happens after every stop and start, whatever its outcome: the SNS
// notification (real runs, SNS_TOPIC_ARN set) and the audit report in
// LOG_DIR/operations/. Neither ever changes the exit code.
#include <chrono>
#include <string>

#include "cli/commands.h"
#include "engine/manager.h"

namespace arm {

struct RunRecord {
  std::string command;  // "stop" | "start"
  bool dry_run = false;
  std::chrono::system_clock::time_point started;
};

void RecordRun(CommandContext& ctx, const RunRecord& run, const OperationReport& report, ExitCode code);

}  // namespace arm
