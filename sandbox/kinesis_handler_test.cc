#include "sandbox/kinesis_handler.h"

#include <gtest/gtest.h>

#include "sandbox/json_handler_testing.h"
#include "tests/testing/fake_clock.h"

namespace sandbox {
namespace {

using nlohmann::json;
using testing::Body;
using testing::ErrorCode;
using testing::ErrorMessage;

constexpr char kHandlerStream[] = "user-journey-analytics-user-events";

class KinesisHandlerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ctx_.clock = &clock_;
    ctx_.kinesis_update_seconds = 1;
    handler_ = MakeKinesisHandler(ctx_);
    handler_->Load(testing::DemoEstate());
  }
  Response Call(const std::string& op, const json& body) {
    return handler_->Handle(testing::JsonRequest("Kinesis_20131202." + op, body));
  }
  Response Scale(int target, const std::string& stream = kHandlerStream) {
    return Call(
        "UpdateShardCount",
        {{"StreamName", stream}, {"TargetShardCount", target}, {"ScalingType", "UNIFORM_SCALING"}});
  }
  json Summary(const std::string& stream = kHandlerStream) {
    return Body(
        Call("DescribeStreamSummary", {{"StreamName", stream}}))["StreamDescriptionSummary"];
  }
  void FinishUpdate() { clock_.Advance(std::chrono::milliseconds(1000)); }

  arm::testing::FakeClock clock_;
  Context ctx_;
  std::unique_ptr<ServiceHandler> handler_;
};

TEST_F(KinesisHandlerTest, ListStreamsReturnsNamesAndSummariesSorted) {
  Response r = Call("ListStreams", json::object());
  ASSERT_EQ(r.status, 200) << r.body;
  json b = Body(r);
  EXPECT_EQ(b["StreamNames"], json({"billing-service-invoices", kHandlerStream}));
  EXPECT_FALSE(b["HasMoreStreams"].get<bool>());
  EXPECT_FALSE(b.contains("NextToken"));
  ASSERT_EQ(b["StreamSummaries"].size(), 2u);
  EXPECT_EQ(b["StreamSummaries"][1]["StreamARN"],
            "arn:aws:kinesis:us-east-1:000000000000:stream/" + std::string(kHandlerStream));
  EXPECT_EQ(b["StreamSummaries"][1]["StreamModeDetails"]["StreamMode"], "PROVISIONED");
  EXPECT_EQ(b["StreamSummaries"][1]["StreamStatus"], "ACTIVE");
}

TEST_F(KinesisHandlerTest, ListStreamsPagesWithLimitNextTokenAndExclusiveStart) {
  json b = Body(Call("ListStreams", {{"Limit", 1}}));
  EXPECT_EQ(b["StreamNames"], json({"billing-service-invoices"}));
  EXPECT_TRUE(b["HasMoreStreams"].get<bool>());
  ASSERT_TRUE(b.contains("NextToken"));
  json next = Body(Call("ListStreams", {{"Limit", 1}, {"NextToken", b["NextToken"]}}));
  EXPECT_EQ(next["StreamNames"], json({kHandlerStream}));
  EXPECT_FALSE(next["HasMoreStreams"].get<bool>());
  json after =
      Body(Call("ListStreams", {{"ExclusiveStartStreamName", "billing-service-invoices"}}));
  EXPECT_EQ(after["StreamNames"], json({kHandlerStream}));
  EXPECT_EQ(ErrorCode(Call("ListStreams", {{"NextToken", "garbage"}})), "InvalidArgumentException");
}

TEST_F(KinesisHandlerTest, DescribeStreamSummaryByNameOrArn) {
  json s = Summary();
  EXPECT_EQ(s["StreamName"], kHandlerStream);
  EXPECT_EQ(s["OpenShardCount"], 2);
  EXPECT_EQ(s["RetentionPeriodHours"], 24);
  EXPECT_EQ(s["EncryptionType"], "NONE");
  EXPECT_EQ(s["ConsumerCount"], 0);
  EXPECT_TRUE(s["EnhancedMonitoring"].is_array());
  json by_arn = Body(
      Call("DescribeStreamSummary", {{"StreamARN", s["StreamARN"]}}))["StreamDescriptionSummary"];
  EXPECT_EQ(by_arn["StreamName"], kHandlerStream);
}

TEST_F(KinesisHandlerTest, MissingStreamIsResourceNotFound) {
  Response r = Call("DescribeStreamSummary", {{"StreamName", "nope"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(ErrorCode(r), "ResourceNotFoundException");
  EXPECT_EQ(ErrorMessage(r), "Stream nope under account 000000000000 not found.");
  EXPECT_EQ(ErrorCode(Scale(1, "nope")), "ResourceNotFoundException");
  EXPECT_EQ(ErrorCode(Call("DescribeStreamSummary", json::object())), "InvalidArgumentException");
}

TEST_F(KinesisHandlerTest, UpdateShardCountGoesUpdatingThenActive) {
  Response r = Scale(1);
  ASSERT_EQ(r.status, 200) << r.body;
  json b = Body(r);
  EXPECT_EQ(b["CurrentShardCount"], 2);
  EXPECT_EQ(b["TargetShardCount"], 1);
  EXPECT_EQ(b["StreamName"], kHandlerStream);
  EXPECT_EQ(Summary()["StreamStatus"], "UPDATING");
  EXPECT_EQ(Summary()["OpenShardCount"], 2);
  FinishUpdate();
  EXPECT_EQ(Summary()["StreamStatus"], "ACTIVE");
  EXPECT_EQ(Summary()["OpenShardCount"], 1);
}

TEST_F(KinesisHandlerTest, UpdateWhileUpdatingIsResourceInUse) {
  ASSERT_EQ(Scale(1).status, 200);
  Response r = Scale(2);
  EXPECT_EQ(ErrorCode(r), "ResourceInUseException");
  EXPECT_EQ(ErrorMessage(r),
            "Stream " + std::string(kHandlerStream) +
                " under account 000000000000 not ACTIVE, instead in state UPDATING");
  FinishUpdate();
  EXPECT_EQ(Scale(2).status, 200);
}

TEST_F(KinesisHandlerTest, CannotMoreThanDoubleOrLessThanHalve) {
  Response up = Scale(9, "billing-service-invoices");  // 4 open shards
  EXPECT_EQ(ErrorCode(up), "LimitExceededException");
  EXPECT_EQ(ErrorMessage(up),
            "UpdateShardCount cannot scale up over double your current open "
            "shard count. "
            "Current open shard count: 4, Target shard count: 9");
  Response down = Scale(1, "billing-service-invoices");
  EXPECT_EQ(ErrorCode(down), "LimitExceededException");
  EXPECT_NE(ErrorMessage(down).find("cannot scale down below half your current open shard count"),
            std::string::npos);
  EXPECT_EQ(Scale(8, "billing-service-invoices").status, 200);
}

TEST_F(KinesisHandlerTest, StopHalvesStepByStepToOneShard) {
  ASSERT_EQ(Scale(2, "billing-service-invoices").status, 200);
  FinishUpdate();
  ASSERT_EQ(Scale(1, "billing-service-invoices").status, 200);
  FinishUpdate();
  EXPECT_EQ(Summary("billing-service-invoices")["OpenShardCount"], 1);
}

TEST_F(KinesisHandlerTest, AtMostTenScalingOperationsPerRolling24Hours) {
  for (int i = 0; i < 10; ++i) {
    ASSERT_EQ(Scale(i % 2 == 0 ? 1 : 2).status, 200) << i;
    clock_.Advance(std::chrono::minutes(10));
  }
  Response r = Scale(1);
  EXPECT_EQ(ErrorCode(r), "LimitExceededException");
  EXPECT_NE(ErrorMessage(r).find("10 UpdateShardCount operations per rolling 24 hour period"),
            std::string::npos);
  // The first call leaves the window 24 h after it was made.
  clock_.Advance(std::chrono::hours(24) - std::chrono::minutes(101));
  EXPECT_EQ(ErrorCode(Scale(1)), "LimitExceededException");
  clock_.Advance(std::chrono::minutes(1));
  EXPECT_EQ(Scale(1).status, 200);
  EXPECT_EQ(handler_->Dump()["streams"][1]["scaling_ops_24h"], 10);
}

TEST_F(KinesisHandlerTest, OnDemandStreamRejectsUpdateShardCount) {
  std::string arn = Summary()["StreamARN"];
  ASSERT_EQ(Call("UpdateStreamMode",
                 {{"StreamARN", arn}, {"StreamModeDetails", {{"StreamMode", "ON_DEMAND"}}}})
                .status,
            200);
  EXPECT_EQ(Summary()["StreamStatus"], "UPDATING");
  FinishUpdate();
  EXPECT_EQ(Summary()["StreamModeDetails"]["StreamMode"], "ON_DEMAND");
  Response r = Scale(1);
  EXPECT_EQ(ErrorCode(r), "ValidationException");
  EXPECT_NE(ErrorMessage(r).find("ON_DEMAND"), std::string::npos);
}

TEST_F(KinesisHandlerTest, TwoModeSwitchesPerRollingDay) {
  std::string arn = Summary()["StreamARN"];
  auto to = [&](const char* mode) {
    return Call("UpdateStreamMode",
                {{"StreamARN", arn}, {"StreamModeDetails", {{"StreamMode", mode}}}});
  };
  ASSERT_EQ(to("ON_DEMAND").status, 200);
  FinishUpdate();
  ASSERT_EQ(to("PROVISIONED").status, 200);
  FinishUpdate();
  EXPECT_EQ(to("PROVISIONED").status, 200);  // already there: not a switch
  Response r = to("ON_DEMAND");
  EXPECT_EQ(ErrorCode(r), "LimitExceededException");
  EXPECT_NE(ErrorMessage(r).find("2 capacity mode switches per rolling 24 hour period"),
            std::string::npos);
  clock_.Advance(std::chrono::hours(24));
  EXPECT_EQ(to("ON_DEMAND").status, 200);
}

TEST_F(KinesisHandlerTest, OnlyUniformScaling) {
  Response r =
      Call("UpdateShardCount",
           {{"StreamName", kHandlerStream}, {"TargetShardCount", 1}, {"ScalingType", "OTHER"}});
  EXPECT_EQ(ErrorCode(r), "ValidationException");
}

TEST_F(KinesisHandlerTest, UpdateStreamModeWhileUpdatingIsResourceInUse) {
  ASSERT_EQ(Scale(1).status, 200);
  std::string arn = Summary()["StreamARN"];
  Response r = Call("UpdateStreamMode",
                    {{"StreamARN", arn}, {"StreamModeDetails", {{"StreamMode", "ON_DEMAND"}}}});
  EXPECT_EQ(ErrorCode(r), "ResourceInUseException");
  Response missing =
      Call("UpdateStreamMode", {{"StreamARN", "arn:aws:kinesis:us-east-1:000000000000:stream/x"},
                                {"StreamModeDetails", {{"StreamMode", "ON_DEMAND"}}}});
  EXPECT_EQ(ErrorCode(missing), "ResourceNotFoundException");
}

TEST_F(KinesisHandlerTest, TagsListAndAdd) {
  json b = Body(Call("ListTagsForStream", {{"StreamName", kHandlerStream}}));
  EXPECT_EQ(b["Tags"], json::parse(R"([{"Key":"Owner","Value":"analytics"},
                                        {"Key":"Project","Value":"user-journey-analytics"}])"));
  EXPECT_FALSE(b["HasMoreTags"].get<bool>());
  ASSERT_EQ(
      Call("AddTagsToStream", {{"StreamName", kHandlerStream}, {"Tags", {{"Env", "prod"}}}}).status,
      200);
  json limited = Body(Call("ListTagsForStream", {{"StreamName", kHandlerStream}, {"Limit", 1}}));
  EXPECT_EQ(limited["Tags"], json::parse(R"([{"Key":"Env","Value":"prod"}])"));
  EXPECT_TRUE(limited["HasMoreTags"].get<bool>());
  std::vector<TaggedResource> tagged;
  handler_->CollectTagged(tagged);
  ASSERT_EQ(tagged.size(), 2u);
  EXPECT_EQ(tagged[1].tags.at("Env"), "prod");
}

TEST_F(KinesisHandlerTest, UnknownOperationAndMalformedBody) {
  EXPECT_EQ(ErrorCode(Call("Nope", json::object())), "UnknownOperationException");
  Request bad = testing::JsonRequest("Kinesis_20131202.ListStreams", json::object());
  bad.body = "{not json";
  EXPECT_EQ(ErrorCode(handler_->Handle(bad)), "SerializationException");
  EXPECT_EQ(ErrorCode(Call("ListStreams", {{"Limit", "ten"}})), "SerializationException");
  EXPECT_EQ(handler_->IamAction(testing::JsonRequest("Kinesis_20131202.UpdateShardCount", {})),
            "kinesis:UpdateShardCount");
}

TEST_F(KinesisHandlerTest, GenerateAddsTaggedStreams) {
  json estate = testing::DemoEstate();
  handler_->Generate({{"streams", 200}}, estate);
  handler_->Load(estate);
  json b = Body(Call("ListStreams", json::object()));
  EXPECT_EQ(b["StreamNames"].size(), 100u);
  EXPECT_TRUE(b["HasMoreStreams"].get<bool>());
  EXPECT_EQ(handler_->Dump()["streams"].size(), 202u);
}

}  // namespace
}  // namespace sandbox
