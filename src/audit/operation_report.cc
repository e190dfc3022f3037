#include "audit/operation_report.h"

#include <map>
#include <utility>

namespace arm {
namespace {

nlohmann::json CostJson(const Cost& c) {
  return {{"hourly_usd", c.hourly_usd},
          {"daily_usd", c.daily_usd()},
          {"monthly_usd", c.monthly_usd()},
          {"annual_usd", c.annual_usd()},
          {"known", c.known}};
}

bool Failed(const ActionOutcome& o) {
  return !o.status.ok() && o.status.code() != StatusCode::kAborted &&
         o.status.code() != StatusCode::kInterrupted;
}

}  // namespace

nlohmann::json ActionJson(const ActionOutcome& o, const ResourceChange* change) {
  const Action& a = o.action;
  nlohmann::json j = {
      {"resource_type", a.type},    {"resources", a.names},       {"api", a.api},
      {"summary", a.summary},       {"mutating", a.mutating},     {"request", a.params},
      {"result", OutcomeResult(o)}, {"started_at", o.started_at}, {"duration_ms", o.duration_ms}};
  j["before"] = change != nullptr ? change->before : nlohmann::json();
  j["after"] = change != nullptr ? change->after : nlohmann::json();
  int attempts = 0;
  std::string request_id;
  nlohmann::json calls = nlohmann::json::array();
  for (const auto& c : o.calls) {
    attempts += c.attempts;
    if (!c.request_id.empty()) request_id = c.request_id;
    calls.push_back(CallRecordToJson(c));
  }
  if (!o.status.ok()) {
    j["error"] = o.status.ToString();
    if (!o.status.request_id().empty()) request_id = o.status.request_id();
  }
  j["aws_error_code"] = o.status.aws_code();
  j["request_id"] = request_id;
  j["attempts"] = attempts;
  j["calls"] = std::move(calls);
  return j;
}

std::string OutcomeResult(const ActionOutcome& o) {
  if (o.deferred) return "deferred";
  if (o.status.ok()) return o.ran ? "done" : "skipped";
  return Failed(o) ? "failed" : "not attempted";
}

int FailedActions(const OperationReport& report) {
  int n = 0;
  for (const auto& o : report.outcomes) n += Failed(o);
  return n;
}

std::string CallApi(const CallRecord& c) {
  // As IAM policies name it (some services sign with another name).
  return (c.iam_name.empty() ? c.service : c.iam_name) + ":" + c.operation;
}

nlohmann::json CallRecordToJson(const CallRecord& c) {
  return {{"api", CallApi(c)},
          {"target", c.target},
          {"ok", c.ok},
          {"attempts", c.attempts},
          {"http_status", c.http_status},
          {"request_id", c.request_id},
          {"aws_error_code", c.error_code},
          {"duration_ms", c.duration_ms}};
}

nlohmann::json OperationInfoJson(const OperationInfo& info) {
  nlohmann::json j = {{"report_version", kOperationReportVersion},
                      {"command", info.command},
                      {"dry_run", info.dry_run},
                      {"caller_arn", info.caller_arn},
                      {"account_id", info.account_id},
                      {"region", info.region},
                      {"profile", info.profile},
                      {"credentials", info.credentials},
                      {"project", info.project},
                      {"environment", info.environment},
                      {"tool_version", info.tool_version},
                      {"started_at", info.started_at},
                      {"ended_at", info.ended_at}};
  // Only a run of reconcile has it: the reports of other runs are unchanged.
  if (!info.scheduled.empty()) j["scheduled"] = info.scheduled;
  return j;
}

double RealisedSavingsDaily(const OperationReport& report) {
  if (report.dry_run) return 0;
  // Per resource ("type/name"): its steps that change the bill, and how many
  // of them were done (or started and not waited for).
  struct Steps {
    int billing = 0, billing_done = 0;
  };
  std::map<std::string, Steps> steps;
  for (const auto& o : report.outcomes) {
    if (!o.action.mutating || !o.action.changes_cost) continue;
    bool done = o.status.ok() && (o.ran || o.deferred);
    for (const auto& n : o.action.names) {
      Steps& s = steps[o.action.type + "/" + n];
      s.billing += 1;
      s.billing_done += done;
    }
  }
  double hourly = 0;
  for (const auto& c : report.changes) {
    auto it = steps.find(c.type + "/" + c.name);
    if (it == steps.end() || it->second.billing_done == 0) continue;
    hourly +=
        (c.hourly_before_usd - c.hourly_after_usd) * it->second.billing_done / it->second.billing;
  }
  return hourly * 24;
}

Status WriteOperationReportJson(const OperationInfo& info, const OperationReport& report,
                                const std::vector<SideCall>& side_calls,
                                const std::vector<CallRecord>& calls, const JsonSink& write) {
  std::map<std::string, const ResourceChange*> changes;
  for (const auto& c : report.changes) changes[c.type + "/" + c.name] = &c;
  int done = 0, deferred = 0;
  for (const auto& o : report.outcomes) {
    done += o.status.ok() && o.ran;
    deferred += o.deferred;
  }
  // Everything but the arrays, which are streamed in their places.
  nlohmann::json head = OperationInfoJson(info);
  head.update(nlohmann::json{{"errors", report.diagnostics.errors},
                             {"warnings", report.diagnostics.warnings},
                             {"summary",
                              {{"actions", report.outcomes.size()},
                               {"done", done},
                               {"failed", FailedActions(report)},
                               {"deferred", deferred},
                               {"interrupted", report.interrupted},
                               {"aborted_by_user", report.aborted_by_user}}},
                             {"cost",
                              {{"before", CostJson(report.cost_before)},
                               {"after", CostJson(report.cost_after)},
                               {"savings_daily_usd", RealisedSavingsDaily(report)},
                               {"planned_savings_daily_usd",
                                report.cost_before.daily_usd() - report.cost_after.daily_usd()}}},
                             {"exit_code", info.exit_code},
                             {"actions", nlohmann::json::array()},
                             {"notes", nlohmann::json::array()},
                             {"verification", nlohmann::json::array()},
                             {"other_calls", nlohmann::json::array()},
                             {"calls", nlohmann::json::array()}});
  // What a dry run printed: its plan is all it did.
  if (info.dry_run) {
    head["plan"] = PlanToJson(report.plan);
    head["plan_text"] = PlanToText(report.plan);
  }
  using Emit = std::function<Status(const nlohmann::json&)>;
  std::map<std::string, JsonElements> streamed;
  streamed["actions"] = [&](const Emit& emit) {
    for (const auto& o : report.outcomes) {
      const ResourceChange* change = nullptr;
      if (!o.action.names.empty()) {
        auto it = changes.find(o.action.type + "/" + o.action.names.front());
        if (it != changes.end()) change = it->second;
      }
      ARM_RETURN_IF_ERROR(emit(ActionJson(o, change)));
    }
    return Status::Ok();
  };
  streamed["notes"] = [&](const Emit& emit) {
    for (const auto& n : report.plan.notes)
      ARM_RETURN_IF_ERROR(emit({{"resource_type", n.type},
                                {"name", n.name},
                                {"severity", SeverityName(n.severity)},
                                {"message", n.message}}));
    return Status::Ok();
  };
  streamed["verification"] = [&](const Emit& emit) {
    for (const auto& v : report.verified)
      ARM_RETURN_IF_ERROR(emit({{"resource_type", v.type},
                                {"name", v.name},
                                {"ok", v.problem.empty()},
                                {"problem", v.problem}}));
    return Status::Ok();
  };
  streamed["other_calls"] = [&](const Emit& emit) {
    for (const auto& s : side_calls) {
      nlohmann::json j = CallRecordToJson(s.call);
      j["purpose"] = s.purpose;
      ARM_RETURN_IF_ERROR(emit(j));
    }
    return Status::Ok();
  };
  streamed["calls"] = [&](const Emit& emit) {
    for (const auto& c : calls) ARM_RETURN_IF_ERROR(emit(CallRecordToJson(c)));
    return Status::Ok();
  };
  return WriteJsonObject(head, streamed, write);
}

Result<HistoryEntry> ParseHistoryEntry(const nlohmann::json& j) {
  try {
    HistoryEntry e;
    if (!j.is_object()) return Status::InvalidArgument("not a JSON object");
    e.command = j.at("command").get<std::string>();
    e.dry_run = j.at("dry_run").get<bool>();
    e.started_at = j.at("started_at").get<std::string>();
    e.ended_at = j.value("ended_at", "");
    e.caller_arn = j.value("caller_arn", "");
    e.account_id = j.value("account_id", "");
    e.region = j.value("region", "");
    e.profile = j.value("profile", "");
    e.credentials = j.value("credentials", "");
    e.exit_code = j.at("exit_code").get<int>();
    e.scheduled = j.value("scheduled", "");
    if (auto plan = j.find("plan"); plan != j.end() && plan->is_object())
      e.planned_actions = plan->value("action_count", 0);
    const auto& summary = j.at("summary");
    e.actions = summary.at("actions").get<int>();
    e.failed = summary.at("failed").get<int>();
    const auto& cost = j.at("cost");
    e.savings_daily_usd = cost.at("savings_daily_usd").get<double>();
    // Version 1 reports had the planned change only, done or not.
    e.planned_savings_daily_usd = cost.value("planned_savings_daily_usd", e.savings_daily_usd);
    e.cost_known = cost.at("before").value("known", true) && cost.at("after").value("known", true);
    // Every call of a finished run has its answer (or its error) recorded.
    if (auto calls = j.find("calls"); calls != j.end() && calls->is_array())
      e.calls = static_cast<int>(calls->size());
    return e;
  } catch (const nlohmann::json::exception& ex) {
    return Status::InvalidArgument(std::string("not an operation report: ") + ex.what());
  }
}

}  // namespace arm
