#include "audit/run_journal.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "audit/report_writer.h"
#include "tests/testing/mem_file_system.h"

namespace arm {
namespace {

std::chrono::system_clock::time_point JournalAt(const std::string& iso) {
  std::chrono::system_clock::time_point t;
  EXPECT_TRUE(ParseIso8601(iso, &t));
  return t;
}

OperationInfo JournalInfo() {
  OperationInfo info;
  info.command = "stop";
  info.started_at = "2026-11-25T21:49:37Z";
  info.profile = "default";
  info.credentials = "environment variables";
  return info;
}

ActionOutcome Done(const std::string& name, Status status) {
  ActionOutcome o;
  o.action.type = "kinesis-stream";
  o.action.names = {name};
  o.action.api = "kinesis:UpdateShardCount";
  o.ran = true;
  o.status = std::move(status);
  return o;
}

TEST(RunJournalTest, AKilledRunIsInHistoryAsUnfinishedWithWhatItDid) {
  testing::MemFileSystem fs;
  auto journal = RunJournal::Create(fs, "logs", JournalAt("2026-11-25T21:49:37Z"), JournalInfo());
  ASSERT_TRUE(journal.ok()) << journal.status().ToString();
  EXPECT_EQ((*journal)->path(), "logs/operations/20261125T214937.000Z-stop.jsonl");
  EXPECT_EQ((*journal)->report_path(), "logs/operations/20261125T214937.000Z-stop.json");
  EXPECT_EQ(fs.FileMode((*journal)->path()), 0600);
  (*journal)->OnIdentity("arn:aws:iam::000000000000:user/ops", "000000000000");
  unsigned long long id = 0;
  auto call = [&](const std::string& target) {
    CallRecord c;
    c.id = ++id;
    c.service = "kinesis";
    c.operation = "UpdateShardCount";
    c.target = target;
    return c;
  };
  for (const char* name : {"s1", "s2"}) {
    (*journal)->OnActionStarted(Done(name, Status::Ok()).action);
    CallRecord c = call(name);
    (*journal)->OnCallSent(c);
    (*journal)->OnCall(c);
  }
  (*journal)->OnAction(Done("s1", Status::Ok()));
  (*journal)->OnAction(Done("s2", Status::Aws("LimitExceededException", "x", 400, "r", false)));
  // s3's call is sent; meanwhile another worker reports s4 not attempted
  // (which syncs what came before); the process dies before s3's answer.
  (*journal)->OnActionStarted(Done("s3", Status::Ok()).action);
  (*journal)->OnCallSent(call("s3"));
  ActionOutcome s4 = Done("s4", Status::Aborted("not attempted"));
  s4.ran = false;
  (*journal)->OnAction(s4);
  std::string text = *fs.ReadFile((*journal)->path());
  EXPECT_NE(text.find("\"target\":\"s1\""), std::string::npos) << text;
  EXPECT_NE(text.find("{\"call_sent\":{\"api\":\"kinesis:UpdateShardCount\","
                      "\"id\":3,\"target\":\"s3\"}}"),
            std::string::npos)
      << text;
  auto all = LoadHistory(fs, "logs", 0, nullptr);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 1u);
  const HistoryEntry& e = (*all)[0];
  EXPECT_TRUE(e.unfinished);
  EXPECT_EQ(e.command, "stop");
  EXPECT_EQ(e.caller_arn, "arn:aws:iam::000000000000:user/ops");
  EXPECT_EQ(e.credentials, "environment variables");
  EXPECT_EQ(e.actions, 4);  // s1, s2, s4 reported; s3 in flight
  EXPECT_EQ(e.in_flight, 1);
  EXPECT_EQ(e.failed, 1);
  EXPECT_EQ(e.calls, 3);
  // Who runs it: history tells a run in progress from a killed one.
  EXPECT_EQ(e.pid, static_cast<long>(::getpid()));
  EXPECT_FALSE(e.host.empty());
  EXPECT_EQ(e.calls_unanswered, 1);
  EXPECT_EQ(e.savings_daily_usd, 0);
}

TEST(RunJournalTest, AFinishedRunIsItsReportAlone) {
  testing::MemFileSystem fs;
  auto journal = RunJournal::Create(fs, "logs", JournalAt("2026-11-25T21:49:37Z"), JournalInfo());
  ASSERT_TRUE(journal.ok());
  (*journal)->OnAction(Done("s1", Status::Ok()));
  OperationInfo info = JournalInfo();
  info.exit_code = 0;
  OperationReport report;
  report.outcomes.push_back(Done("s1", Status::Ok()));
  ASSERT_TRUE(
      WriteOperationReport(fs, (*journal)->report_path(), info, report, {}, (*journal)->Calls())
          .ok());
  // Until the journal goes, the report stands for the run.
  auto all = LoadHistory(fs, "logs", 0, nullptr);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 1u);
  EXPECT_FALSE((*all)[0].unfinished);
  ASSERT_TRUE((*journal)->Remove().ok());
  EXPECT_EQ(fs.Files(), std::vector<std::string>{"logs/operations/20261125T214937.000Z-stop.json"});
}

TEST(RunJournalTest, ANewRunNeverTakesTheNameOfAJournal) {
  testing::MemFileSystem fs;
  auto first = RunJournal::Create(fs, "logs", JournalAt("2026-11-25T21:49:37Z"), JournalInfo());
  auto second = RunJournal::Create(fs, "logs", JournalAt("2026-11-25T21:49:37Z"), JournalInfo());
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ((*second)->path(), "logs/operations/20261125T214937.000Z-stop-2.jsonl");
}

}  // namespace
}  // namespace arm
