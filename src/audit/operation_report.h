#pragma once
// The audit report of one stop or start (dry runs included): who ran it,
// where, when, every action with the AWS calls it made, the cost change and
// the exit code. Written to logs/operations/ (report_writer.h) and read back
// by `history`.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/json_stream.h"
#include "aws/call_record.h"
#include "core/status.h"
#include "engine/manager.h"

namespace arm {

inline constexpr int kOperationReportVersion = 1;

struct OperationInfo {
  std::string command;  // "stop" | "start"
  bool dry_run = false;
  std::string caller_arn, account_id, region, profile, tool_version;
  std::string project, environment;
  std::string started_at, ended_at;  // ISO 8601 UTC
  int exit_code = 0;
};

// An AWS call made outside the plan's actions (state backup, notification).
struct SideCall {
  std::string purpose;  // "state backup", "notification"
  CallRecord call;
};

// "done" | "skipped" | "deferred" | "failed" | "not attempted".
std::string OutcomeResult(const ActionOutcome& outcome);
// Failed actions as the exit code counts them (not the ones left unattempted).
int FailedActions(const OperationReport& report);

// "cloudwatch:DisableAlarmActions": the IAM action name of the call.
std::string CallApi(const CallRecord& call);
nlohmann::json CallRecordToJson(const CallRecord& call);
// Writes the report through `write`, one action (note, verification, side
// call) at a time: the same text as the dump(2) of the report as one JSON
// document, followed by "\n", without that document or its text ever being
// in memory (a large estate's report is 2,400 actions and 7,700 calls).
Status WriteOperationReportJson(const OperationInfo& info, const OperationReport& report,
                                const std::vector<SideCall>& side_calls, const JsonSink& write);

// One line of `history`, read back from a report.
struct HistoryEntry {
  std::string file;  // name in logs/operations/
  std::string started_at, ended_at, caller_arn, account_id, region, profile;
  std::string command;
  bool dry_run = false;
  int exit_code = 0;
  int actions = 0, failed = 0;
  double savings_daily_usd = 0;  // cost before - cost after (negative: adds)
  bool cost_known = true;
};

// InvalidArgument naming the missing or mistyped field.
Result<HistoryEntry> ParseHistoryEntry(const nlohmann::json& report);

}  // namespace arm
