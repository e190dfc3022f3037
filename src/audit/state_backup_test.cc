#include "audit/state_backup.h"

#include <gtest/gtest.h>

#include "state/state_file.h"
#include "tests/testing/mem_file_system.h"
#include "tests/testing/service_test_env.h"

namespace arm {
namespace {

std::string StateText() {
  State s;
  s.project = "uja";
  s.environment = "demo";
  s.resources.push_back({"kinesis-stream",
                         "uja-events",
                         "stopped",
                         {{"shard_count", 2}},
                         {},
                         nullptr,
                         "2026-11-25T21:00:00Z"});
  return SerializeState(s);
}

class StateBackupTest : public ::testing::Test {
 protected:
  testing::ServiceTestEnv env_;
  S3Client s3_{env_.client()};
  StateBackup backup_{s3_, "state-bucket", StateBackup::KeyFor("uja", "demo")};
  testing::MemFileSystem fs_;
  void SetUp() override { backup_.set_expected_owner("123456789012"); }
};

TEST_F(StateBackupTest, KeyIsProjectEnvironmentStateFile) {
  EXPECT_EQ(StateBackup::KeyFor("uja", "demo"), "uja/demo/aws-resource-state.json");
  EXPECT_EQ(StateBackup::KeyFor("uja", ""), "uja/default/aws-resource-state.json");
  EXPECT_EQ(backup_.url(), "s3://state-bucket/uja/demo/aws-resource-state.json");
}

TEST_F(StateBackupTest, UploadIsServerSideEncryptedAndRecorded) {
  env_.transport().Enqueue(200, "", {{"x-amz-request-id", "s3-req-1"}});
  ASSERT_TRUE(backup_.Upload("{\"x\": 1}\n").ok());
  ASSERT_EQ(env_.requests().size(), 1u);
  EXPECT_EQ(env_.request(0).method, "PUT");
  EXPECT_EQ(env_.request(0).path, "/state-bucket/uja/demo/aws-resource-state.json");
  EXPECT_EQ(env_.Header(0, "x-amz-server-side-encryption"), "AES256");
  EXPECT_EQ(env_.request(0).body, "{\"x\": 1}\n");
  auto calls = backup_.calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].purpose, "state backup");
  EXPECT_EQ(calls[0].call.service, "s3");
  EXPECT_EQ(calls[0].call.operation, "PutObject");
  EXPECT_EQ(calls[0].call.request_id, "s3-req-1");
  EXPECT_TRUE(calls[0].call.ok);
}

// A bucket that changed hands must never receive the state nor hand one
// back: S3 checks x-amz-expected-bucket-owner against the bucket's account.
TEST_F(StateBackupTest, PutAndGetNameTheCallersAccountAsTheExpectedBucketOwner) {
  env_.transport().Enqueue(200, "");
  ASSERT_TRUE(backup_.Upload("{}").ok());
  env_.transport().Enqueue(200, StateText());
  ASSERT_TRUE(backup_.Download().ok());
  ASSERT_EQ(env_.requests().size(), 2u);
  EXPECT_EQ(env_.request(0).method, "PUT");
  EXPECT_EQ(env_.Header(0, "x-amz-expected-bucket-owner"), "123456789012");
  EXPECT_EQ(env_.request(1).method, "GET");
  EXPECT_EQ(env_.Header(1, "x-amz-expected-bucket-owner"), "123456789012");
}

TEST_F(StateBackupTest, ABucketOfAnotherAccountIsAnErrorNotNoCopy) {
  env_.EnqueueXml("<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>", 403);
  auto used = SelectStateCopy(fs_, backup_, "cfg/state.json", false);
  ASSERT_FALSE(used.ok());
  EXPECT_NE(used.status().ToString().find("AccessDenied"), std::string::npos)
      << used.status().ToString();
  EXPECT_FALSE(fs_.Exists("cfg/state.json"));
}

TEST_F(StateBackupTest, WithoutTheCallersAccountNothingIsSent) {
  StateBackup unknown(s3_, "state-bucket", StateBackup::KeyFor("uja", "demo"));
  EXPECT_FALSE(unknown.Upload("{}").ok());
  EXPECT_FALSE(unknown.Download().ok());
  EXPECT_TRUE(env_.requests().empty());
}

TEST_F(StateBackupTest, UploadFailureIsAnErrorNamingTheCopy) {
  env_.EnqueueXml("<Error><Code>AccessDenied</Code><Message>no</Message></Error>", 403);
  Status s = backup_.Upload("x");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.ToString().find("s3://state-bucket/uja/demo/aws-resource-state.json"),
            std::string::npos);
  EXPECT_EQ(backup_.calls().at(0).call.error_code, "AccessDenied");
}

TEST_F(StateBackupTest, LocalFileIsUsedWithoutAskingS3) {
  fs_.SetFile("cfg/state.json", StateText());
  auto used = SelectStateCopy(fs_, backup_, "cfg/state.json", false);
  ASSERT_TRUE(used.ok());
  EXPECT_EQ(*used, "using the local state file cfg/state.json");
  EXPECT_TRUE(env_.requests().empty());
}

TEST_F(StateBackupTest, MissingLocalFileIsRestoredFromS3ByteForByte) {
  std::string text = StateText();
  env_.transport().Enqueue(200, text);
  auto used = SelectStateCopy(fs_, backup_, "cfg/state.json", false);
  ASSERT_TRUE(used.ok()) << used.status().ToString();
  EXPECT_NE(used->find("using the S3 copy s3://state-bucket/"), std::string::npos) << *used;
  EXPECT_EQ(*fs_.ReadFile("cfg/state.json"), text);
  EXPECT_EQ(fs_.FileMode("cfg/state.json"), 0600);
}

TEST_F(StateBackupTest, StateFromS3KeepsTheLocalFileAsBak) {
  fs_.SetFile("cfg/state.json", "old local");
  std::string text = StateText();
  env_.transport().Enqueue(200, text);
  auto used = SelectStateCopy(fs_, backup_, "cfg/state.json", true);
  ASSERT_TRUE(used.ok()) << used.status().ToString();
  EXPECT_EQ(*fs_.ReadFile("cfg/state.json"), text);
  EXPECT_EQ(*fs_.ReadFile("cfg/state.json.bak"), "old local");
}

TEST_F(StateBackupTest, NoCopyAnywhereIsNoState) {
  env_.EnqueueXml("<Error><Code>NoSuchKey</Code><Message>none</Message></Error>", 404);
  auto used = SelectStateCopy(fs_, backup_, "cfg/state.json", false);
  ASSERT_TRUE(used.ok()) << used.status().ToString();
  EXPECT_EQ(*used, "");
  EXPECT_FALSE(fs_.Exists("cfg/state.json"));
}

TEST_F(StateBackupTest, StateFromS3WithoutACopyIsNotFound) {
  fs_.SetFile("cfg/state.json", StateText());
  env_.EnqueueXml("<Error><Code>NoSuchKey</Code><Message>none</Message></Error>", 404);
  auto used = SelectStateCopy(fs_, backup_, "cfg/state.json", true);
  ASSERT_FALSE(used.ok());
  EXPECT_TRUE(used.status().IsNotFound());
  EXPECT_EQ(*fs_.ReadFile("cfg/state.json"), StateText());
}

TEST_F(StateBackupTest, CorruptS3CopyIsRefusedAndNothingWritten) {
  env_.transport().Enqueue(200, "{not json");
  auto used = SelectStateCopy(fs_, backup_, "cfg/state.json", false);
  ASSERT_FALSE(used.ok());
  EXPECT_FALSE(fs_.Exists("cfg/state.json"));
}

}  // namespace
}  // namespace arm
