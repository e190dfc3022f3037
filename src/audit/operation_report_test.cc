#include "audit/operation_report.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "tests/testing/testing.h"

namespace arm {
namespace {

// The report's bytes are its format (report_version 2): `history` and other
// tools read them. A change shows as a failure against the golden file;
// ARM_UPDATE_GOLDEN=1 rewrites the file instead, to be reviewed in the diff.
void ExpectMatchesGolden(const std::string& name, const std::string& actual) {
  const std::string path = testing::SourceDir() + "/tests/data/operation_report/" + name;
  const char* update = std::getenv("ARM_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << actual;
    out.close();
    ASSERT_TRUE(out) << "cannot write " << path;
    return;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << "missing golden file " << path
                  << "\nCreate it with: ARM_UPDATE_GOLDEN=1 build/unit_tests "
                     "--gtest_filter='OperationReport*'";
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string expected = ss.str();
  if (expected == actual) return;
  size_t at = 0;
  while (at < expected.size() && at < actual.size() && expected[at] == actual[at]) ++at;
  // The texts agree up to `at`: the line holding it starts at the same byte.
  size_t line_start = at == 0 ? std::string::npos : expected.rfind('\n', at - 1);
  line_start = line_start == std::string::npos ? 0 : line_start + 1;
  auto line_of = [&](const std::string& text) {
    size_t end = text.find('\n', line_start);
    return line_start >= text.size() ? std::string("<end of text>")
                                     : text.substr(line_start, end - line_start);
  };
  ADD_FAILURE() << "the report differs from " << path << " at byte " << at << " (line "
                << 1 + std::count(expected.begin(), expected.begin() + at, '\n')
                << "):\n  golden: " << line_of(expected) << "\n  now:    " << line_of(actual)
                << "\nIf the change of format is intended, rewrite the file with"
                   "\n  ARM_UPDATE_GOLDEN=1 build/unit_tests "
                   "--gtest_filter='OperationReport*'"
                   "\nand review `git diff tests/data/operation_report`.";
}

// The streamed report as written to the file.
std::string Streamed(const OperationInfo& info, const OperationReport& r,
                     const std::vector<SideCall>& side, size_t* largest_piece = nullptr,
                     const std::vector<CallRecord>& calls = {}) {
  std::string out;
  Status s = WriteOperationReportJson(info, r, side, calls, [&](std::string_view piece) {
    out.append(piece);
    if (largest_piece) *largest_piece = std::max(*largest_piece, piece.size());
    return Status::Ok();
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
  return out;
}

nlohmann::json BuildOperationReport(const OperationInfo& info, const OperationReport& r,
                                    const std::vector<SideCall>& side) {
  return nlohmann::json::parse(Streamed(info, r, side));
}

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

CallRecord Call(const std::string& op, int attempts, const std::string& id, bool ok,
                const std::string& code = "") {
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
                               {Call("UpdateShardCount", 2, "req-a", true),
                                Call("DescribeStreamSummary", 1, "req-b", true)}));
  r.outcomes.push_back(
      Outcome("b", "kinesis:UpdateShardCount",
              Status::Aws("LimitExceededException", "too many", 400, "req-c", false), true,
              {Call("UpdateShardCount", 1, "req-c", false, "LimitExceededException")}));
  r.outcomes.push_back(
      Outcome("b", "kinesis:UpdateShardCount", Status::Aborted("not attempted"), false, {}));
  r.changes.push_back(
      {"kinesis-stream", "a", {{"shard_count", 2}}, {{"shard_count", 1}}, 0.03, 0.015});
  r.changes.push_back(
      {"kinesis-stream", "b", {{"shard_count", 2}}, {{"shard_count", 1}}, 0.03, 0.015});
  r.cost_before.hourly_usd = 0.03;
  r.cost_after.hourly_usd = 0.015;

  nlohmann::json j =
      BuildOperationReport(info, r, {{"state backup", Call("PutObject", 1, "req-s3", true)}});
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
  EXPECT_EQ(b["before"], (nlohmann::json{{"shard_count", 2}}));
  EXPECT_EQ(j["actions"][2]["result"], "not attempted");
  EXPECT_EQ(j["summary"]["failed"], 1);
  EXPECT_EQ(j["summary"]["done"], 1);
  EXPECT_EQ(j["other_calls"][0]["purpose"], "state backup");
  EXPECT_EQ(j["other_calls"][0]["api"], "kinesis:PutObject");
  // Only "a" was parked; "b" failed and counts nothing.
  EXPECT_NEAR(j["cost"]["savings_daily_usd"].get<double>(), 0.36, 1e-9);

  auto entry = ParseHistoryEntry(j);
  ASSERT_TRUE(entry.ok()) << entry.status().ToString();
  EXPECT_EQ(entry->command, "stop");
  EXPECT_EQ(entry->failed, 1);
  EXPECT_EQ(entry->actions, 3);
  EXPECT_EQ(entry->exit_code, 1);
  EXPECT_EQ(entry->calls, 0);  // the run's list of calls is empty here
  nlohmann::json with_calls = j;
  with_calls["calls"] = nlohmann::json::array(
      {{{"api", "kinesis:ListStreams"}}, {{"api", "kinesis:UpdateShardCount"}}});
  EXPECT_EQ(ParseHistoryEntry(with_calls)->calls, 2);  // history's calls_sent of a finished run
  EXPECT_EQ(entry->scheduled, "");                     // a run by hand
  nlohmann::json scheduled = j;
  scheduled["scheduled"] = "end of Mon-Fri 08:00-18:00 at 2026-07-06T16:00:00Z";
  scheduled["plan"] = {{"action_count", 4}};
  EXPECT_EQ(ParseHistoryEntry(scheduled)->scheduled,
            "end of Mon-Fri 08:00-18:00 at 2026-07-06T16:00:00Z");
  EXPECT_EQ(ParseHistoryEntry(scheduled)->planned_actions, 4);
  EXPECT_NEAR(entry->savings_daily_usd, 0.36, 1e-9);
}

OperationInfo Info() {
  OperationInfo info;
  info.command = "start";
  info.caller_arn = "arn:aws:iam::000000000000:user/ops";
  info.account_id = "000000000000";
  info.region = "eu-west-1";
  info.profile = "prod \"ops\"";
  info.project = "générateur";
  info.environment = "bench";
  info.tool_version = "1.2.3";
  info.started_at = "2026-11-25T21:00:00Z";
  info.ended_at = "2026-11-25T21:00:05Z";
  info.exit_code = 1;
  return info;
}

TEST(OperationReportTest, StreamedReportIsByteForByteTheGoldenFile) {
  OperationReport r;
  r.diagnostics.warnings = {"state file had \"x\"\nline two"};
  r.diagnostics.errors = {"kinesis-stream: throttled"};
  r.interrupted = true;
  r.plan.notes.push_back({"lambda-function", "f1", Severity::kError,
                          "function no longer exists; it had reserved concurrency 5"});
  r.plan.notes.push_back({"dynamodb-table", "t1", Severity::kInfo, "on-demand: nothing to do"});
  r.outcomes.push_back(Outcome(
      "a", "kinesis:UpdateShardCount", Status::Ok(), true,
      {Call("UpdateShardCount", 2, "req-a", true), Call("DescribeStreamSummary", 1, "", true)}));
  r.outcomes.push_back(Outcome(
      "b", "kinesis:UpdateShardCount",
      Status::Aws("LimitExceededException", "too many \"ops\" — 10/day", 400, "req-c", false), true,
      {Call("UpdateShardCount", 3, "req-c", false, "LimitExceededException")}));
  r.outcomes.push_back(
      Outcome("b", "kinesis:UpdateShardCount", Status::Aborted("not attempted"), false, {}));
  ActionOutcome deferred = Outcome("c", "kinesis:UpdateShardCount", Status::Ok(), false, {});
  deferred.deferred = true;
  r.outcomes.push_back(deferred);
  r.outcomes.push_back(
      Outcome("d", "kinesis:UpdateShardCount", Status::Interrupted("interrupted"), false, {}));
  ActionOutcome alarms = Outcome("x", "cloudwatch:EnableAlarmActions", Status::Ok(), true, {});
  alarms.action.type = "cloudwatch-alarm";
  alarms.action.names = {"alarm-1", "alarm-2"};
  alarms.action.params = {{"AlarmNames", {"alarm-1", "alarm-2"}},
                          {"nested", {{"empty", nlohmann::json::object()}}}};
  alarms.action.mutating = false;
  alarms.started_at = "2026-11-25T21:00:01Z";
  r.outcomes.push_back(alarms);
  r.changes.push_back(
      {"kinesis-stream", "a", {{"shard_count", 2}, {"mode", "PROVISIONED"}}, {{"shard_count", 1}}});
  r.changes.push_back(
      {"cloudwatch-alarm", "alarm-1", {{"actions_enabled", false}}, {{"actions_enabled", true}}});
  r.verified.push_back({"kinesis-stream", "a", ""});
  r.verified.push_back({"lambda-function", "f2", "reserved concurrency 3, expected 5"});
  r.cost_before.hourly_usd = 0.1;
  r.cost_after.hourly_usd = 1.0 / 3;
  r.cost_after.known = false;
  std::vector<SideCall> side = {{"state backup", Call("PutObject", 1, "req-s3", true)},
                                {"notification", Call("Publish", 4, "", false, "Throttling")}};
  OperationInfo info = Info();

  std::vector<CallRecord> all = {Call("DescribeStreamSummary", 1, "req-0", true), side[0].call};
  all[0].target = "a";
  size_t largest_piece = 0;
  std::string streamed = Streamed(info, r, side, &largest_piece, all);
  ExpectMatchesGolden("run.json", streamed);
  info.dry_run = true;
  ExpectMatchesGolden("dry-run.json", Streamed(info, r, side, nullptr, all));
  info.dry_run = false;
  EXPECT_LT(largest_piece,
            2000u);  // one action at a time, never the whole report

  // A report with nothing in its arrays (a run that could not connect).
  OperationReport empty;
  empty.diagnostics.errors = {"sts:GetCallerIdentity: no credentials"};
  ExpectMatchesGolden("empty.json", Streamed(info, empty, {}));
}

TEST(OperationReportTest, LargeReportIsWrittenInSmallPiecesAndReadsBack) {
  OperationReport r;
  for (int i = 0; i < 300; ++i) {
    std::string name = "stream-" + std::to_string(i);
    r.outcomes.push_back(Outcome(name, "kinesis:UpdateShardCount", Status::Ok(), true,
                                 {Call("UpdateShardCount", 1, "req-" + name, true),
                                  Call("DescribeStreamSummary", 1, "req-d-" + name, true)}));
    r.changes.push_back({"kinesis-stream", name, {{"shard_count", 2}}, {{"shard_count", 1}}});
    r.verified.push_back({"kinesis-stream", name, ""});
  }
  size_t largest_piece = 0;
  std::string streamed = Streamed(Info(), r, {}, &largest_piece);
  EXPECT_GT(streamed.size(), 300'000u);
  EXPECT_LT(largest_piece, 2000u);
  // Byte for byte what dump(2) of the whole tree would be (key order,
  // indentation, escapes), as the golden files show for small reports.
  nlohmann::json j = nlohmann::json::parse(streamed);
  EXPECT_EQ(streamed, j.dump(2) + "\n");
  ASSERT_EQ(j["actions"].size(), 300u);
  EXPECT_EQ(j["actions"][299]["resources"][0], "stream-299");
  EXPECT_EQ(j["actions"][299]["request_id"], "req-d-stream-299");
  EXPECT_EQ(j["verification"].size(), 300u);
  auto entry = ParseHistoryEntry(j);
  ASSERT_TRUE(entry.ok()) << entry.status().ToString();
  EXPECT_EQ(entry->actions, 300);
}

TEST(OperationReportTest, WriteErrorStopsTheReport) {
  OperationReport r;
  for (int i = 0; i < 10; ++i)
    r.outcomes.push_back(Outcome("s", "kinesis:UpdateShardCount", Status::Ok(), true, {}));
  int writes = 0;
  Status s = WriteOperationReportJson(Info(), r, {}, {}, [&](std::string_view) {
    return ++writes == 3 ? Status::IoError("disk full") : Status::Ok();
  });
  EXPECT_EQ(s.code(), StatusCode::kIoError);
  EXPECT_EQ(writes, 3);
}

TEST(OperationReportTest, ARunThatChangedNothingSavesNothing) {
  // Every action denied: the plan would have saved, the run did not.
  OperationReport r;
  r.command = "stop";
  r.outcomes.push_back(Outcome("a", "kinesis:UpdateShardCount",
                               Status::Aws("AccessDeniedException", "no", 400, "req-1", false),
                               true, {}));
  r.changes.push_back(
      {"kinesis-stream", "a", {{"shard_count", 2}}, {{"shard_count", 1}}, 0.03, 0.015});
  r.cost_before.hourly_usd = 0.03;
  r.cost_after.hourly_usd = 0.015;
  nlohmann::json j = nlohmann::json::parse(Streamed(Info(), r, {}));
  EXPECT_EQ(j["cost"]["savings_daily_usd"].get<double>(), 0);
  EXPECT_NEAR(j["cost"]["planned_savings_daily_usd"].get<double>(), 0.36, 1e-9);
  auto entry = ParseHistoryEntry(j);
  ASSERT_TRUE(entry.ok());
  EXPECT_EQ(entry->savings_daily_usd, 0);
  // A dry run changes nothing either, whatever its plan.
  r.dry_run = true;
  r.outcomes.clear();
  EXPECT_EQ(RealisedSavingsDaily(r), 0);
}

// A stop where some resources were parked and others failed: the savings
// are exactly those of the resources whose billing steps were done.
TEST(OperationReportTest, APartlySuccessfulRunCountsTheResourcesItChanged) {
  OperationReport r;
  r.command = "stop";
  Status denied = Status::Aws("AccessDeniedException", "no", 400, "r", false);
  // a: parked. b: its scaling failed. c: bookkeeping done, then the billing
  // step failed. d: two billing steps, the second not attempted.
  r.outcomes.push_back(Outcome("a", "kinesis:UpdateShardCount", Status::Ok(), true, {}));
  r.outcomes.push_back(Outcome("b", "kinesis:UpdateShardCount", denied, true, {}));
  ActionOutcome bookkeeping = Outcome("c", "x:Deregister", Status::Ok(), true, {});
  bookkeeping.action.changes_cost = false;
  r.outcomes.push_back(bookkeeping);
  r.outcomes.push_back(Outcome("c", "kinesis:UpdateShardCount", denied, true, {}));
  ActionOutcome wait =
      Outcome("c", "kinesis:DescribeStreamSummary", Status::Aborted("not attempted"), false, {});
  wait.action.mutating = false;
  r.outcomes.push_back(wait);
  r.outcomes.push_back(Outcome("d", "kinesis:UpdateShardCount", Status::Ok(), true, {}));
  r.outcomes.push_back(
      Outcome("d", "kinesis:UpdateShardCount", Status::Aborted("not attempted"), false, {}));
  for (const char* n : {"a", "b", "c"})
    r.changes.push_back({"kinesis-stream", n, {}, {}, 0.03, 0.015});
  r.changes.push_back({"kinesis-stream", "d", {}, {}, 0.06, 0.015});
  nlohmann::json j = nlohmann::json::parse(Streamed(Info(), r, {}));
  // a: 0.015/h; d: half of 0.045/h.
  double want = (0.015 + 0.0225) * 24;
  EXPECT_NEAR(j["cost"]["savings_daily_usd"].get<double>(), want, 1e-9);
  auto entry = ParseHistoryEntry(j);
  ASSERT_TRUE(entry.ok());
  EXPECT_NEAR(entry->savings_daily_usd, want, 1e-9);

  // A start: what came back costs again (negative savings), only that.
  r.command = "start";
  for (auto& c : r.changes) std::swap(c.hourly_before_usd, c.hourly_after_usd);
  EXPECT_NEAR(RealisedSavingsDaily(r), -want, 1e-9);
}

TEST(OperationReportTest, DryRunReportHoldsThePlanItPrinted) {
  OperationReport r;
  r.command = "stop";
  r.dry_run = true;
  r.plan.command = "stop";
  r.plan.stages.push_back({"kinesis-stream",
                           2,
                           {ResourceAction("kinesis-stream", "a", "kinesis:UpdateShardCount",
                                           "UpdateShardCount a 2 -> 1", {})}});
  OperationInfo info = Info();
  info.dry_run = true;
  nlohmann::json j = nlohmann::json::parse(Streamed(info, r, {}));
  EXPECT_EQ(j["plan_text"], PlanToText(r.plan));
  EXPECT_EQ(j["plan"]["action_count"], 1);
  EXPECT_EQ(j["plan"]["stages"][0]["actions"][0]["summary"], "UpdateShardCount a 2 -> 1");
}

TEST(OperationReportTest, HistoryEntryNamesWhatIsMissing) {
  auto e = ParseHistoryEntry(nlohmann::json{{"command", "stop"}});
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.status().message().find("dry_run"), std::string::npos) << e.status().message();
}

}  // namespace
}  // namespace arm
