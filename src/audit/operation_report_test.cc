#include "audit/operation_report.h"

#include <gtest/gtest.h>

namespace arm {
namespace {

ActionOutcome Outcome(const std::string& name, const std::string& api, Status status, bool ran,
                      std::vector<CallRecord> calls) {
  ActionOutcome o;
  o.action.type = "kinesis-stream";
  o.action.names = {name};
  o.action.api = api;
  o.action.summary = "UpdateShardCount " + name;
  o.action.params = {{"from", 2}, {"target", 1}};
  o.status = std::move(status);
  o.ran = ran;
  o.duration_ms = 40;
  o.calls = std::move(calls);
  return o;
}

CallRecord Call(const std::string& op, int attempts, const std::string& id, bool ok, const std::string& code = "") {
  CallRecord c;
  c.service = "kinesis";
  c.operation = op;
  c.attempts = attempts;
  c.request_id = id;
  c.ok = ok;
  c.error_code = code;
  c.http_status = ok ? 200 : 400;
  return c;
}

TEST(OperationReportTest, EachActionCarriesItsCallsBeforeAfterAndResult) {
  OperationInfo info;
  info.command = "stop";
  info.caller_arn = "arn:aws:iam::000000000000:user/ops";
  info.account_id = "000000000000";
  info.region = "us-east-1";
  info.profile = "default";
  info.tool_version = "1.2.3";
  info.started_at = "2026-11-25T21:00:00Z";
  info.ended_at = "2026-11-25T21:00:05Z";
  info.exit_code = 1;
  OperationReport r;
  r.outcomes.push_back(Outcome("a", "kinesis:UpdateShardCount", Status::Ok(), true,
                               {Call("UpdateShardCount", 2, "req-a", true), Call("DescribeStreamSummary", 1, "req-b", true)}));
  r.outcomes.push_back(Outcome("b", "kinesis:UpdateShardCount",
                               Status::Aws("LimitExceededException", "too many", 400, "req-c", false), true,
                               {Call("UpdateShardCount", 1, "req-c", false, "LimitExceededException")}));
  r.outcomes.push_back(Outcome("b", "kinesis:UpdateShardCount", Status::Aborted("not attempted"), false, {}));
  r.changes.push_back({"kinesis-stream", "a", {{"shard_count", 2}}, {{"shard_count", 1}}});
  r.cost_before.hourly_usd = 0.03;
  r.cost_after.hourly_usd = 0.015;

  nlohmann::json j = BuildOperationReport(info, r, {{"state backup", Call("PutObject", 1, "req-s3", true)}});
  EXPECT_EQ(j["caller_arn"], info.caller_arn);
  EXPECT_EQ(j["profile"], "default");
  EXPECT_EQ(j["tool_version"], "1.2.3");
  EXPECT_EQ(j["exit_code"], 1);
  ASSERT_EQ(j["actions"].size(), 3u);
  const auto& a = j["actions"][0];
  EXPECT_EQ(a["result"], "done");
  EXPECT_EQ(a["api"], "kinesis:UpdateShardCount");
  EXPECT_EQ(a["before"], (nlohmann::json{{"shard_count", 2}}));
  EXPECT_EQ(a["after"], (nlohmann::json{{"shard_count", 1}}));
  EXPECT_EQ(a["attempts"], 3);
  EXPECT_EQ(a["request_id"], "req-b");
  ASSERT_EQ(a["calls"].size(), 2u);
  EXPECT_EQ(a["calls"][0]["api"], "kinesis:UpdateShardCount");
  EXPECT_EQ(a["calls"][0]["attempts"], 2);
  const auto& b = j["actions"][1];
  EXPECT_EQ(b["result"], "failed");
  EXPECT_EQ(b["aws_error_code"], "LimitExceededException");
  EXPECT_EQ(b["request_id"], "req-c");
  EXPECT_TRUE(b["before"].is_null());
  EXPECT_EQ(j["actions"][2]["result"], "not attempted");
  EXPECT_EQ(j["summary"]["failed"], 1);
  EXPECT_EQ(j["summary"]["done"], 1);
  EXPECT_EQ(j["other_calls"][0]["purpose"], "state backup");
  EXPECT_EQ(j["other_calls"][0]["api"], "kinesis:PutObject");
  EXPECT_NEAR(j["cost"]["savings_daily_usd"].get<double>(), 0.36, 1e-9);

  auto entry = ParseHistoryEntry(j);
  ASSERT_TRUE(entry.ok()) << entry.status().ToString();
  EXPECT_EQ(entry->command, "stop");
  EXPECT_EQ(entry->failed, 1);
  EXPECT_EQ(entry->actions, 3);
  EXPECT_EQ(entry->exit_code, 1);
  EXPECT_NEAR(entry->savings_daily_usd, 0.36, 1e-9);
}

TEST(OperationReportTest, HistoryEntryNamesWhatIsMissing) {
  auto e = ParseHistoryEntry(nlohmann::json{{"command", "stop"}});
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.status().message().find("dry_run"), std::string::npos) << e.status().message();
}

}  // namespace
}  // namespace arm
