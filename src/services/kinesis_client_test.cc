#include "services/kinesis_client.h"

#include <gtest/gtest.h>

#include "tests/testing/service_test_env.h"

namespace arm {
namespace {

using nlohmann::json;

class KinesisClientTest : public ::testing::Test {
 protected:
  testing::ServiceTestEnv env_;
  KinesisClient kinesis_{env_.client()};
};

TEST_F(KinesisClientTest, ListStreamsFollowsNextToken) {
  env_.EnqueueJson({{"StreamNames", {"a", "b"}}, {"HasMoreStreams", true}, {"NextToken", "tok"}});
  env_.EnqueueJson({{"StreamNames", {"c"}}, {"HasMoreStreams", false}});
  auto r = kinesis_.ListStreams();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*r, (std::vector<std::string>{"a", "b", "c"}));
  ASSERT_EQ(env_.requests().size(), 2u);
  EXPECT_EQ(env_.Header(0, "X-Amz-Target"), "Kinesis_20131202.ListStreams");
  EXPECT_EQ(env_.Header(0, "Content-Type"), "application/x-amz-json-1.1");
  EXPECT_EQ(env_.JsonBody(0), (json{{"Limit", 100}}));
  EXPECT_EQ(env_.JsonBody(1), (json{{"Limit", 100}, {"NextToken", "tok"}}));
}

TEST_F(KinesisClientTest, ListStreamsFallsBackToExclusiveStartStreamName) {
  env_.EnqueueJson({{"StreamNames", {"a", "b"}}, {"HasMoreStreams", true}});
  env_.EnqueueJson({{"StreamNames", {"c"}}, {"HasMoreStreams", true}});
  env_.EnqueueJson({{"StreamNames", json::array()}, {"HasMoreStreams", false}});
  auto r = kinesis_.ListStreams();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*r, (std::vector<std::string>{"a", "b", "c"}));
  ASSERT_EQ(env_.requests().size(), 3u);
  EXPECT_EQ(env_.JsonBody(1), (json{{"Limit", 100}, {"ExclusiveStartStreamName", "b"}}));
  EXPECT_EQ(env_.JsonBody(2), (json{{"Limit", 100}, {"ExclusiveStartStreamName", "c"}}));
}

TEST_F(KinesisClientTest, ListStreamsRejectsAPageThatCannotAdvance) {
  env_.EnqueueJson({{"StreamNames", json::array()}, {"HasMoreStreams", true}});
  auto r = kinesis_.ListStreams();
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.status().IsAws("MalformedResponse"));
  EXPECT_EQ(env_.requests().size(), 1u);
}

TEST_F(KinesisClientTest, DescribeStreamSummaryParsesFields) {
  env_.EnqueueJson({{"StreamDescriptionSummary",
                     {{"StreamName", "s"},
                      {"StreamARN", "arn:s"},
                      {"StreamStatus", "ACTIVE"},
                      {"StreamModeDetails", {{"StreamMode", "ON_DEMAND"}}},
                      {"RetentionPeriodHours", 48},
                      {"OpenShardCount", 4},
                      {"StreamCreationTimestamp", 1.7e9}}}});
  auto r = kinesis_.DescribeStreamSummary("s");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(env_.Header(0, "X-Amz-Target"), "Kinesis_20131202.DescribeStreamSummary");
  EXPECT_EQ(env_.JsonBody(0), (json{{"StreamName", "s"}}));
  EXPECT_EQ(r->name, "s");
  EXPECT_EQ(r->arn, "arn:s");
  EXPECT_EQ(r->status, "ACTIVE");
  EXPECT_EQ(r->mode, "ON_DEMAND");
  EXPECT_EQ(r->open_shard_count, 4);
  EXPECT_EQ(r->retention_hours, 48);
}

TEST_F(KinesisClientTest, StreamModeDefaultsToProvisioned) {
  env_.EnqueueJson({{"StreamDescriptionSummary", {{"StreamName", "s"}, {"OpenShardCount", 1}}}});
  auto r = kinesis_.DescribeStreamSummary("s");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->mode, "PROVISIONED");
}

TEST_F(KinesisClientTest, MissingStreamIsNotFound) {
  env_.EnqueueJsonError(400, "ResourceNotFoundException", "Stream s under account 1 not found.");
  auto r = kinesis_.DescribeStreamSummary("s");
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.status().IsNotFound());
  EXPECT_TRUE(r.status().IsAws("ResourceNotFoundException"));
}

TEST_F(KinesisClientTest, UpdateShardCountUsesUniformScaling) {
  env_.EnqueueJson({{"StreamName", "s"}, {"TargetShardCount", 2}});
  CallStats stats;
  ASSERT_TRUE(kinesis_.UpdateShardCount("s", 2, &stats).ok());
  EXPECT_EQ(stats.attempts, 1);
  EXPECT_EQ(env_.Header(0, "X-Amz-Target"), "Kinesis_20131202.UpdateShardCount");
  EXPECT_EQ(
      env_.JsonBody(0),
      (json{{"StreamName", "s"}, {"TargetShardCount", 2}, {"ScalingType", "UNIFORM_SCALING"}}));
}

TEST_F(KinesisClientTest, ListTagsForStreamFollowsHasMoreTags) {
  env_.EnqueueJson({{"Tags", {{{"Key", "a"}, {"Value", "1"}}, {{"Key", "b"}, {"Value", "2"}}}},
                    {"HasMoreTags", true}});
  env_.EnqueueJson({{"Tags", {{{"Key", "c"}, {"Value", "3"}}}}, {"HasMoreTags", false}});
  auto r = kinesis_.ListTagsForStream("s");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*r, (std::map<std::string, std::string>{{"a", "1"}, {"b", "2"}, {"c", "3"}}));
  EXPECT_EQ(env_.Header(0, "X-Amz-Target"), "Kinesis_20131202.ListTagsForStream");
  EXPECT_EQ(env_.JsonBody(0), (json{{"StreamName", "s"}, {"Limit", 50}}));
  EXPECT_EQ(env_.JsonBody(1),
            (json{{"StreamName", "s"}, {"Limit", 50}, {"ExclusiveStartTagKey", "b"}}));
}

}  // namespace
}  // namespace arm
