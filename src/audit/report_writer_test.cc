#include "audit/report_writer.h"

#include <gtest/gtest.h>

#include <cmath>

#include "tests/testing/mem_file_system.h"

namespace arm {
namespace {

using std::chrono::system_clock;

system_clock::time_point At(const std::string& iso) {
  system_clock::time_point t;
  EXPECT_TRUE(ParseIso8601(iso, &t));
  return t;
}

// A report with `failed` failed actions and, when `savings` is not 0, one
// done action that took that much off per day.
struct Run {
  OperationInfo info;
  OperationReport report;
};
Run Report(const std::string& command, const std::string& started, int exit_code, int failed,
           double savings) {
  Run run;
  run.info.command = command;
  run.info.started_at = started;
  run.info.caller_arn = "arn:aws:iam::000000000000:user/ops";
  run.info.exit_code = exit_code;
  for (int i = 0; i < failed; ++i) {
    ActionOutcome o;
    o.status = Status::Aws("LimitExceededException", "too many", 400, "req", false);
    o.ran = true;
    run.report.outcomes.push_back(o);
  }
  if (savings != 0) {
    ActionOutcome o;
    o.action.type = "kinesis-stream";
    o.action.names = {"s"};
    o.ran = true;
    run.report.outcomes.push_back(o);
    ResourceChange change{"kinesis-stream", "s", {}, {}};
    (savings >= 0 ? change.hourly_before_usd : change.hourly_after_usd) = std::abs(savings) / 24;
    run.report.changes.push_back(change);
  }
  (savings >= 0 ? run.report.cost_before : run.report.cost_after).hourly_usd =
      std::abs(savings) / 24;
  return run;
}

Result<std::string> Write(testing::MemFileSystem& fs, std::chrono::system_clock::time_point when,
                          const Run& run) {
  std::string path = NewReportStem(fs, "logs", when, run.info.command) + ".json";
  ARM_RETURN_IF_ERROR(WriteOperationReport(fs, path, run.info, run.report, {}, {}));
  return path;
}

TEST(ReportWriterTest, WritesPrivateFileInPrivateFolderNamedByUtcTimeAndCommand) {
  testing::MemFileSystem fs;
  auto path = Write(fs, At("2026-11-25T21:49:37Z"), Report("stop", "x", 0, 0, 0));
  ASSERT_TRUE(path.ok()) << path.status().ToString();
  EXPECT_EQ(*path, "logs/operations/20261125T214937.000Z-stop.json");
  EXPECT_EQ(fs.FileMode(*path), 0600);
  EXPECT_EQ(fs.DirMode("logs/operations"), 0700);
  EXPECT_EQ(fs.DirMode("logs"), 0700);
  auto text = fs.ReadFile(*path);
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(nlohmann::json::parse(*text).at("command"), "stop");
}

TEST(ReportWriterTest, SameSecondGetsASecondName) {
  testing::MemFileSystem fs;
  auto t = At("2026-11-25T21:49:37Z");
  auto a = Write(fs, t, Report("stop", "a", 0, 0, 0));
  auto b = Write(fs, t, Report("stop", "b", 0, 0, 0));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
  EXPECT_EQ(*b, "logs/operations/20261125T214937.000Z-stop-2.json");
}

TEST(ReportWriterTest, FailedWriteIsAnError) {
  testing::MemFileSystem fs;
  fs.SetReadOnly(true);
  EXPECT_FALSE(Write(fs, At("2026-11-25T21:49:37Z"), Report("stop", "x", 0, 0, 0)).ok());
}

TEST(ReportWriterTest, WriteFailingAtTheDurableStepLeavesNoFile) {
  testing::MemFileSystem fs;
  fs.FailWriteNumber(1);
  EXPECT_FALSE(Write(fs, At("2026-11-25T21:49:37Z"), Report("stop", "x", 1, 2, 0)).ok());
  for (const auto& f : fs.Files()) ADD_FAILURE() << "left behind: " << f;
  EXPECT_TRUE(Write(fs, At("2026-11-25T21:49:37Z"), Report("stop", "x", 1, 2, 0)).ok());
  EXPECT_EQ(fs.Files(), std::vector<std::string>{"logs/operations/20261125T214937.000Z-stop.json"});
}

TEST(ReportWriterTest, HistoryIsNewestFirstWithLimit) {
  testing::MemFileSystem fs;
  ASSERT_TRUE(
      Write(fs, At("2026-11-24T08:00:00Z"), Report("start", "2026-11-24T08:00:00Z", 0, 0, -3.5))
          .ok());
  ASSERT_TRUE(
      Write(fs, At("2026-11-25T20:00:00Z"), Report("stop", "2026-11-25T20:00:00Z", 1, 2, 3.5))
          .ok());
  ASSERT_TRUE(
      Write(fs, At("2026-11-23T20:00:00Z"), Report("stop", "2026-11-23T20:00:00Z", 0, 0, 3.5))
          .ok());
  std::vector<std::string> warnings;
  auto all = LoadHistory(fs, "logs", 0, &warnings);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].started_at, "2026-11-25T20:00:00Z");
  EXPECT_EQ((*all)[0].exit_code, 1);
  EXPECT_EQ((*all)[0].failed, 2);
  EXPECT_DOUBLE_EQ((*all)[0].savings_daily_usd, 3.5);
  EXPECT_EQ((*all)[0].caller_arn, "arn:aws:iam::000000000000:user/ops");
  EXPECT_EQ((*all)[1].command, "start");
  EXPECT_EQ((*all)[2].started_at, "2026-11-23T20:00:00Z");
  EXPECT_TRUE(warnings.empty());
  auto two = LoadHistory(fs, "logs", 2, &warnings);
  ASSERT_TRUE(two.ok());
  ASSERT_EQ(two->size(), 2u);
  EXPECT_EQ((*two)[1].command, "start");
}

TEST(ReportWriterTest, RunsWithinOneSecondKeepTheirOrder) {
  testing::MemFileSystem fs;
  auto t = At("2026-11-25T21:49:37Z");
  ASSERT_TRUE(
      Write(fs, t + std::chrono::milliseconds(100), Report("stop", "2026-11-25T21:49:37Z", 0, 0, 1))
          .ok());
  ASSERT_TRUE(Write(fs, t + std::chrono::milliseconds(900),
                    Report("start", "2026-11-25T21:49:37Z", 0, 0, -1))
                  .ok());
  auto all = LoadHistory(fs, "logs", 0, nullptr);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].command, "start");
  EXPECT_EQ((*all)[0].file, "20261125T214937.900Z-start.json");
  EXPECT_EQ((*all)[1].command, "stop");
}

TEST(ReportWriterTest, CorruptReportsAreSkippedWithAWarning) {
  testing::MemFileSystem fs;
  ASSERT_TRUE(
      Write(fs, At("2026-11-24T08:00:00Z"), Report("stop", "2026-11-24T08:00:00Z", 0, 0, 1)).ok());
  fs.SetFile("logs/operations/20261125T080000Z-stop.json", "{\"command\": \"stop\", trunc");
  fs.SetFile("logs/operations/20261125T090000Z-start.json", "{\"command\": 7}");
  fs.SetFile("logs/operations/20261125T100000Z-start.json", "[]");
  fs.SetFile("logs/operations/notes.txt", "not a report");
  std::vector<std::string> warnings;
  auto all = LoadHistory(fs, "logs", 0, &warnings);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].started_at, "2026-11-24T08:00:00Z");
  ASSERT_EQ(warnings.size(), 3u);
  EXPECT_NE(warnings[0].find("20261125T100000Z-start.json"), std::string::npos);
  EXPECT_NE(warnings[2].find("not valid JSON"), std::string::npos);
}

TEST(ReportWriterTest, HistorySkipsTheActionsButStillChecksThem) {
  testing::MemFileSystem fs;
  auto path =
      Write(fs, At("2026-11-24T08:00:00Z"), Report("stop", "2026-11-24T08:00:00Z", 1, 3, 2));
  ASSERT_TRUE(path.ok());
  std::string text = *fs.ReadFile(*path);
  auto all = LoadHistory(fs, "logs", 0, nullptr);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].actions, 4);
  EXPECT_EQ((*all)[0].failed, 3);
  EXPECT_DOUBLE_EQ((*all)[0].savings_daily_usd, 2);
  // A report broken inside its actions is not valid JSON all the same.
  size_t calls = text.find("\"calls\": [");
  ASSERT_NE(calls, std::string::npos);
  fs.SetFile(*path, text.substr(0, calls) + "\"calls\": [,]" + text.substr(calls + 11));
  std::vector<std::string> warnings;
  all = LoadHistory(fs, "logs", 0, &warnings);
  ASSERT_TRUE(all.ok());
  EXPECT_TRUE(all->empty());
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("not valid JSON"), std::string::npos) << warnings[0];
}

TEST(ReportWriterTest, NoFolderIsNoHistory) {
  testing::MemFileSystem fs;
  auto all = LoadHistory(fs, "logs", 0, nullptr);
  ASSERT_TRUE(all.ok());
  EXPECT_TRUE(all->empty());
}

}  // namespace
}  // namespace arm
