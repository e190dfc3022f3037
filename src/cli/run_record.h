#pragma once
// The audit trail of every stop and start, whatever its outcome: a journal
// opened when the run starts (each AWS call and action appended as it
// happens, so a killed run still leaves its trail), then, when the run ends,
// the SNS notification (real runs, SNS_TOPIC_ARN set) and the final audit
// report in LOG_DIR/operations/. None of it ever changes the exit code.
#include <chrono>
#include <memory>
#include <string>

#include "audit/run_journal.h"
#include "cli/commands.h"
#include "engine/manager.h"

namespace arm {

struct RunRecord {
  std::string command;  // "stop" | "start"
  bool dry_run = false;
  std::chrono::system_clock::time_point started;
  std::string scheduled;  // OperationInfo::scheduled
  // Null when it could not be created (a warning was printed; the report is
  // still written at the end).
  std::unique_ptr<RunJournal> journal;
  // Every AWS call of the run when there is no journal.
  std::unique_ptr<CallLog> calls;
};

// Opens the run's journal and attaches it to the AWS client: call before the
// run's first AWS call.
// `scheduled`: the transition a reconcile run applies ("" by hand).
RunRecord StartRunRecord(CommandContext& ctx, const std::string& command, bool dry_run,
                         const std::string& scheduled = "");
// Who the run is, once STS answered.
void RecordIdentity(CommandContext& ctx, RunRecord& run);
// Writes the final report (and notifies), then drops the journal.
void RecordRun(CommandContext& ctx, RunRecord& run, const OperationReport& report, ExitCode code);

}  // namespace arm
