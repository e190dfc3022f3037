#pragma once
// The one rendering of a stop/start report, as text or JSON. `stop`,
// `start`, their dry runs and the offline `plan` all print through
// RenderReport, so `plan stop --resources F` and `stop --dry-run` print the
// same bytes for the same estate.
#include <set>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "engine/manager.h"

namespace arm {

// Where the report comes from: the live account, or the snapshot `plan` read.
struct ReportHeader {
  std::string command;  // "stop" | "start"
  bool dry_run = false;
  bool json = false;
  std::string account_id;
  std::string region;
  std::string state_file;
};

// Prints `report` to ctx.out (errors and warnings to ctx.err) and returns the
// exit code it calls for.
ExitCode RenderReport(CommandContext& ctx, const ReportHeader& header,
                      const OperationReport& report);

// Running vs parked for this command: stop parks (before = running), start
// restores (after = running).
SavingsSummary SavingsOf(const std::string& command, const OperationReport& report);

// The type ids whose part of the run did not finish: a step failed, was not
// attempted or not waited for, planning found an error or held a resource
// back, a verify failed, a resource could not be described. All of `types`
// when the run failed as a whole (an error tied to no type, interrupted,
// declined, a bad state file).
std::set<std::string> TypesNotDone(const OperationReport& report,
                                   const std::vector<std::string>& types);

}  // namespace arm
