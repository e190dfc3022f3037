#include "audit/run_journal.h"

#include <gtest/gtest.h>

#include "audit/report_writer.h"
#include "tests/testing/mem_file_system.h"

namespace arm {
namespace {

std::chrono::system_clock::time_point At(const std::string& iso) {
  std::chrono::system_clock::time_point t;
  EXPECT_TRUE(ParseIso8601(iso, &t));
  return t;
}

OperationInfo Info() {
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
  auto journal =
      RunJournal::Create(fs, "logs", At("2026-11-25T21:49:37Z"), Info());
  ASSERT_TRUE(journal.ok()) << journal.status().ToString();
  EXPECT_EQ((*journal)->path(),
            "logs/operations/20261125T214937.000Z-stop.jsonl");
  EXPECT_EQ((*journal)->report_path(),
            "logs/operations/20261125T214937.000Z-stop.json");
  EXPECT_EQ(fs.FileMode((*journal)->path()), 0600);
  (*journal)->OnIdentity("arn:aws:iam::000000000000:user/ops", "000000000000");
  CallRecord call;
  call.service = "kinesis";
  call.operation = "DescribeStreamSummary";
  call.target = "s1";
  (*journal)->OnCall(call);
  (*journal)->OnAction(Done("s1", Status::Ok()));
  (*journal)->OnAction(
      Done("s2", Status::Aws("LimitExceededException", "x", 400, "r", false)));
  // The process dies here: nothing more is written.
  std::string text = *fs.ReadFile((*journal)->path());
  EXPECT_NE(text.find("\"target\":\"s1\""), std::string::npos) << text;
  auto all = LoadHistory(fs, "logs", 0, nullptr);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 1u);
  const HistoryEntry& e = (*all)[0];
  EXPECT_TRUE(e.unfinished);
  EXPECT_EQ(e.command, "stop");
  EXPECT_EQ(e.caller_arn, "arn:aws:iam::000000000000:user/ops");
  EXPECT_EQ(e.credentials, "environment variables");
  EXPECT_EQ(e.actions, 2);
  EXPECT_EQ(e.failed, 1);
  EXPECT_EQ(e.savings_daily_usd, 0);
}

TEST(RunJournalTest, AFinishedRunIsItsReportAlone) {
  testing::MemFileSystem fs;
  auto journal =
      RunJournal::Create(fs, "logs", At("2026-11-25T21:49:37Z"), Info());
  ASSERT_TRUE(journal.ok());
  (*journal)->OnAction(Done("s1", Status::Ok()));
  OperationInfo info = Info();
  info.exit_code = 0;
  OperationReport report;
  report.outcomes.push_back(Done("s1", Status::Ok()));
  ASSERT_TRUE(WriteOperationReport(fs, (*journal)->report_path(), info, report,
                                   {}, (*journal)->Calls())
                  .ok());
  // Until the journal goes, the report stands for the run.
  auto all = LoadHistory(fs, "logs", 0, nullptr);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 1u);
  EXPECT_FALSE((*all)[0].unfinished);
  ASSERT_TRUE((*journal)->Remove().ok());
  EXPECT_EQ(fs.Files(), std::vector<std::string>{
                            "logs/operations/20261125T214937.000Z-stop.json"});
}

TEST(RunJournalTest, ANewRunNeverTakesTheNameOfAJournal) {
  testing::MemFileSystem fs;
  auto first =
      RunJournal::Create(fs, "logs", At("2026-11-25T21:49:37Z"), Info());
  auto second =
      RunJournal::Create(fs, "logs", At("2026-11-25T21:49:37Z"), Info());
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ((*second)->path(),
            "logs/operations/20261125T214937.000Z-stop-2.jsonl");
}

}  // namespace
}  // namespace arm
