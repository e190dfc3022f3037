#include "schedule/store.h"

#include <gtest/gtest.h>

#include "tests/testing/mem_file_system.h"

namespace arm {
namespace {

TEST(ScheduleStoreTest, OverrideAndRecordRoundTripPrivately) {
  testing::MemFileSystem fs;
  ScheduleStore store(fs, "config/aws-resource-state.json");
  EXPECT_EQ(store.override_path(), "config/aws-resource-state.override.json");
  EXPECT_EQ(store.record_path(), "config/aws-resource-state.reconcile.json");
  EXPECT_FALSE(store.LoadOverride()->has_value());
  EXPECT_TRUE(store.LoadLog()->applied.empty());
  Override o;
  o.state = Desired::kParked;
  o.since = *ParseInstant("2026-12-23T16:00:00Z");
  o.until = *ParseInstant("2026-12-28T07:00:00Z");
  o.who = "alice@host";
  o.reason = "office closed";
  ASSERT_TRUE(store.SaveOverride(o).ok());
  EXPECT_EQ(fs.FileMode(store.override_path()), 0600);
  auto back = store.LoadOverride();
  ASSERT_TRUE(back.ok() && back->has_value());
  EXPECT_EQ((*back)->state, Desired::kParked);
  EXPECT_EQ((*back)->until, o.until);
  EXPECT_EQ((*back)->who, "alice@host");
  EXPECT_EQ((*back)->reason, "office closed");
  ReconcileLog log;
  log.applied["kinesis"] = ReconcileRecord{o.since, Desired::kRunning, o.until};
  FailedRun f;
  f.transition = o.since;
  f.attempts = 2;
  f.last_attempt = o.since;
  f.retry_at = o.since + std::chrono::minutes(30);
  f.why = "exit 1";
  log.failed["lambda"] = f;
  ASSERT_TRUE(store.SaveLog(log).ok());
  EXPECT_EQ(fs.FileMode(store.record_path()), 0600);
  auto rec = store.LoadLog();
  ASSERT_TRUE(rec.ok()) << rec.status().ToString();
  ASSERT_NE(rec->For("kinesis"), nullptr);
  EXPECT_EQ(rec->For("kinesis")->transition, o.since);
  EXPECT_EQ(rec->For("kinesis")->state, Desired::kRunning);
  EXPECT_EQ(rec->For("lambda"), nullptr);
  EXPECT_EQ(rec->FailedFor("kinesis"), nullptr);
  const FailedRun* back_f = rec->FailedFor("lambda");
  ASSERT_NE(back_f, nullptr);
  EXPECT_EQ(back_f->attempts, 2);
  EXPECT_EQ(back_f->retry_at, o.since + std::chrono::minutes(30));
  EXPECT_EQ(back_f->why, "exit 1");
}

// A hand-edited failure record cannot stop the retries: the wait is at most
// the back-off's cap after the last attempt, and the count stays in range.
TEST(ScheduleStoreTest, HandEditedFailureIsBroughtBackInRange) {
  testing::MemFileSystem fs;
  ScheduleStore store(fs, "s.json");
  fs.SetFile("s.reconcile.json",
             R"({"version":3,"applied":{},"failed":{"ecs":{"state":"parked",)"
             R"("transition":"2026-12-08T17:00:00Z","last_attempt":"2026-12-08T17:05:00Z",)"
             R"("retry_at":"2099-01-01T00:00:00Z","attempts":2147483647,"why":"exit 1"}}})",
             0600);
  auto log = store.LoadLog();
  ASSERT_TRUE(log.ok()) << log.status().ToString();
  const FailedRun* f = log->FailedFor("ecs");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(FormatUtc(f->retry_at), "2026-12-08T21:05:00Z");
  EXPECT_EQ(f->attempts, 1000);
}

// A version 2 file had one failure record for the whole selection: it
// counts for every type until each type's next run replaces it.
TEST(ScheduleStoreTest, VersionTwoFailureCountsForEveryType) {
  testing::MemFileSystem fs;
  ScheduleStore store(fs, "s.json");
  fs.SetFile("s.reconcile.json",
             R"({"version":2,"applied":{},"failed":{"state":"parked",)"
             R"("transition":"2026-12-08T17:00:00Z","last_attempt":"2026-12-08T17:05:00Z",)"
             R"("retry_at":"2026-12-08T17:20:00Z","attempts":1,"why":"exit 1"}})",
             0600);
  auto log = store.LoadLog();
  ASSERT_TRUE(log.ok()) << log.status().ToString();
  ASSERT_NE(log->FailedFor("ecs"), nullptr);
  EXPECT_EQ(FormatUtc(log->FailedFor("lambda")->retry_at), "2026-12-08T17:20:00Z");
}

// A hand-edited record whose transition comes after its own run is read
// as applied at that run: it cannot keep its type out of every run until
// 2099.
TEST(ScheduleStoreTest, TransitionAfterItsRunIsReadAsTheRun) {
  testing::MemFileSystem fs;
  ScheduleStore store(fs, "s.json");
  fs.SetFile("s.reconcile.json",
             R"({"version":3,"applied":{"lambda":{"transition":"2099-07-06T16:00:00Z",)"
             R"("state":"parked","at":"2026-07-06T16:05:00Z"}}})",
             0600);
  auto log = store.LoadLog();
  ASSERT_TRUE(log.ok()) << log.status().ToString();
  EXPECT_EQ(FormatUtc(log->For("lambda")->transition), "2026-07-06T16:05:00Z");
}

// Files written before the record was kept per type count for every type.
TEST(ScheduleStoreTest, VersionOneRecordCountsForEveryType) {
  testing::MemFileSystem fs;
  ScheduleStore store(fs, "s.json");
  fs.SetFile("s.reconcile.json",
             R"({"version":1,"applied":{"transition":"2026-07-06T16:00:00Z","state":"parked",)"
             R"("at":"2026-07-06T16:05:00Z"}})",
             0600);
  auto log = store.LoadLog();
  ASSERT_TRUE(log.ok()) << log.status().ToString();
  ASSERT_NE(log->For("kinesis"), nullptr);
  EXPECT_EQ(FormatUtc(log->For("lambda")->transition), "2026-07-06T16:00:00Z");
  EXPECT_TRUE(log->failed.empty());
}

TEST(ScheduleStoreTest, DamagedFileIsAnErrorNamingIt) {
  testing::MemFileSystem fs;
  ScheduleStore store(fs, "s.json");
  fs.SetFile("s.override.json", "{\"version\":1,\"override\":{\"state\":\"on\"}}", 0600);
  auto o = store.LoadOverride();
  ASSERT_FALSE(o.ok());
  EXPECT_NE(o.status().message().find("s.override.json"), std::string::npos);
  fs.SetFile("s.reconcile.json", "not json", 0600);
  EXPECT_FALSE(store.LoadLog().ok());
  // Records of the wrong kind are not read as none (the transition would be
  // applied again).
  for (const char* text : {R"({"version":3,"applied":[]})", R"({"version":3,"applied":"x"})",
                           R"({"version":3,"applied":{},"failed":[1]})"}) {
    fs.SetFile("s.reconcile.json", text, 0600);
    auto log = store.LoadLog();
    ASSERT_FALSE(log.ok()) << text;
    EXPECT_NE(log.status().message().find("s.reconcile.json"), std::string::npos) << text;
  }
  fs.SetFile("s.reconcile.json", R"({"version":3,"applied":{},"failed":null})", 0600);
  EXPECT_TRUE(store.LoadLog().ok());
}

TEST(ScheduleStoreTest, FailedWriteKeepsTheOldOverride) {
  testing::MemFileSystem fs;
  ScheduleStore store(fs, "s.json");
  Override o;
  o.since = *ParseInstant("2026-07-01T10:00:00Z");
  o.until = *ParseInstant("2026-07-01T20:00:00Z");
  ASSERT_TRUE(store.SaveOverride(o).ok());
  fs.CrashAtWrite(1, testing::MemFileSystem::CrashPoint::kBeforeRename);
  Override later = o;
  later.until = *ParseInstant("2026-07-02T20:00:00Z");
  EXPECT_FALSE(store.SaveOverride(later).ok());
  fs.Restart();
  auto back = store.LoadOverride();
  ASSERT_TRUE(back.ok() && back->has_value());
  EXPECT_EQ((*back)->until, o.until);
}

}  // namespace
}  // namespace arm
