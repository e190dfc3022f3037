#pragma once
// The audit report of one stop or start (dry runs included): who ran it,
// where, when, every action with the AWS calls it made, the cost change and
// the exit code. Written to logs/operations/ (report_writer.h) and read back
// by `history`.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "aws/call_record.h"
#include "core/json_stream.h"
#include "core/status.h"
#include "engine/manager.h"

namespace arm {

// 2: "calls" (every AWS call of the run), "credentials", "plan" of a dry
// run, "planned_savings_daily_usd"; savings_daily_usd counts only what was
// done. Version 1 reports are still read by `history`.
inline constexpr int kOperationReportVersion = 2;

struct OperationInfo {
  std::string command;  // "stop" | "start"
  bool dry_run = false;
  std::string caller_arn, account_id, region, tool_version;
  // The AWS profile the run used (App::profile_used): the credentials' own,
  // or one chosen explicitly; "" when none (environment keys, no profile
  // named).
  std::string profile;
  // Where the credentials came from: the provider of the chain that answered
  // ("environment variables", "profile NAME", "assume role ARN (profile
  // NAME)", ...); "" when none was asked.
  std::string credentials;
  std::string project, environment;
  std::string started_at, ended_at;  // ISO 8601 UTC
  int exit_code = 0;
  // A run of `reconcile`: the transition it applies ("end of Mon-Fri
  // 08:00-18:00 at 2026-07-06T16:00:00Z"); "" for a stop or start by hand.
  std::string scheduled;
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

// The fields of `info` as the report's top level has them.
nlohmann::json OperationInfoJson(const OperationInfo& info);
// One action of the report; `change` (the resource before and after) may be
// null.
nlohmann::json ActionJson(const ActionOutcome& outcome, const ResourceChange* change);
// The idle cost per day that the run took off (negative: added): the
// planned change of each resource whose steps that change its bill
// (Action::changes_cost) were done, in proportion when only some were (a
// stream scaled 4 -> 2 of 4 -> 2 -> 1 counts half). Resources whose billing
// steps all failed or were not attempted count 0, whatever their other steps
// did; so does a dry run or a run that changed nothing.
double RealisedSavingsDaily(const OperationReport& report);

// "cloudwatch:DisableAlarmActions": the IAM action name of the call.
std::string CallApi(const CallRecord& call);
nlohmann::json CallRecordToJson(const CallRecord& call);
// Writes the report through `write`, one action (note, verification, side
// call) at a time: the same text as the dump(2) of the report as one JSON
// document, followed by "\n", without that document or its text ever being
// in memory (a large estate's report is 2,400 actions and 7,700 calls).
// `calls` is every AWS call of the run (discovery, STS, actions,
// verification, backup...), in the order they ended.
Status WriteOperationReportJson(const OperationInfo& info, const OperationReport& report,
                                const std::vector<SideCall>& side_calls,
                                const std::vector<CallRecord>& calls, const JsonSink& write);

// One line of `history`, read back from a report.
struct HistoryEntry {
  std::string file;  // name in logs/operations/
  std::string started_at, ended_at, caller_arn, account_id, region, profile, credentials;
  std::string command;
  bool dry_run = false;
  int exit_code = 0;
  int actions = 0, failed = 0;
  double savings_daily_usd = 0;          // what the run took off per day (negative: added)
  double planned_savings_daily_usd = 0;  // what its plan would take off (dry runs)
  bool cost_known = true;
  // A journal without its report: the run was killed before it ended
  // (exit_code -1).
  bool unfinished = false;
  // The calls the run sent. Of an unfinished run: the actions it was in
  // when killed (counted in `actions`, outcome unknown) and the calls that
  // got no answer.
  int in_flight = 0, calls = 0, calls_unanswered = 0;
  // A dry run's planned actions (its `actions` are 0: nothing was done).
  int planned_actions = 0;
  // OperationInfo::scheduled.
  std::string scheduled;
  // Of an unfinished run: the process that runs it (its journal says), to
  // tell a run in progress from one that was killed; 0 when not known.
  long pid = 0;
  std::string host;
};

// InvalidArgument naming the missing or mistyped field.
Result<HistoryEntry> ParseHistoryEntry(const nlohmann::json& report);

}  // namespace arm
