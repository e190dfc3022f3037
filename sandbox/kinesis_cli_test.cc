// Conformance: the real AWS CLI against the in-process sandbox (Kinesis),
// asserting on its parsed JSON and on the error codes of AWS's resharding rules.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/testing/aws_cli.h"
#include "tests/testing/sandbox_fixture.h"

namespace sandbox {
namespace {

using arm::testing::AwsCli;
using arm::testing::CliResult;
using nlohmann::json;

constexpr char kKinesisCliStream[] = "user-journey-analytics-user-events";

// Each CLI gets its own streams ("cli-N-...") so the CLIs do not share limits.
class KinesisCliTest : public arm::testing::SandboxFixture {
 protected:
  void SetUp() override {
    clis_ = arm::testing::AwsClisFor({"kinesis"});
    if (clis_.empty()) GTEST_SKIP() << "no AWS CLI installed";
    SandboxFixture::SetUp();
  }
  ServerOptions Options() override {
    ServerOptions options = SandboxFixture::Options();
    options.kinesis_update_seconds = update_seconds_;
    for (int i = 0; i < 4; ++i) {
      for (const char* suffix : {"slow", "fast"}) {
        options.estate["kinesis"]["streams"].push_back(
            {{"StreamName", "cli-" + std::to_string(i) + "-" + suffix}, {"OpenShardCount", 2}});
      }
    }
    return options;
  }
  CliResult Run(const AwsCli& cli, const std::vector<std::string>& args) {
    // One attempt: the CLI would otherwise retry LimitExceededException with backoff.
    return arm::testing::RunAwsCli(cli, endpoint(), args, {{"AWS_MAX_ATTEMPTS", "1"}});
  }
  CliResult Scale(const AwsCli& cli, const std::string& stream, int target) {
    return Run(cli,
               {"kinesis", "update-shard-count", "--stream-name", stream, "--target-shard-count",
                std::to_string(target), "--scaling-type", "UNIFORM_SCALING"});
  }
  static void ExpectError(const CliResult& r, const std::string& code,
                          const std::string& message_part = "") {
    EXPECT_NE(r.exit_code, 0) << r.out;
    EXPECT_NE(r.err.find("(" + code + ")"), std::string::npos) << r.err;
    if (!message_part.empty()) {
      EXPECT_NE(r.err.find(message_part), std::string::npos) << r.err;
    }
  }
  static void ExpectOk(const CliResult& r) { ASSERT_EQ(r.exit_code, 0) << r.err; }

  double update_seconds_ = 0;
  std::vector<AwsCli> clis_;
};

TEST_F(KinesisCliTest, ListDescribeAndTags) {
  for (const AwsCli& cli : clis_) {
    SCOPED_TRACE(cli.label);
    CliResult list = Run(cli, {"kinesis", "list-streams", "--page-size", "1"});
    ExpectOk(list);
    EXPECT_EQ(list.json["StreamNames"].size(), 11u);
    CliResult d =
        Run(cli, {"kinesis", "describe-stream-summary", "--stream-name", kKinesisCliStream});
    ExpectOk(d);
    json s = d.json["StreamDescriptionSummary"];
    EXPECT_EQ(s["OpenShardCount"], 2);
    EXPECT_EQ(s["StreamStatus"], "ACTIVE");
    EXPECT_EQ(s["StreamModeDetails"]["StreamMode"], "PROVISIONED");
    EXPECT_EQ(s["StreamARN"],
              "arn:aws:kinesis:us-east-1:000000000000:stream/" + std::string(kKinesisCliStream));
    ExpectError(Run(cli, {"kinesis", "describe-stream-summary", "--stream-name", "nope"}),
                "ResourceNotFoundException");
    CliResult tags =
        Run(cli, {"kinesis", "list-tags-for-stream", "--stream-name", kKinesisCliStream});
    ExpectOk(tags);
    EXPECT_EQ(tags.json["Tags"][1],
              json::parse(R"({"Key":"Project","Value":"user-journey-analytics"})"));
  }
  ExpectOk(Run(clis_.front(), {"kinesis", "add-tags-to-stream", "--stream-name", kKinesisCliStream,
                               "--tags", "Env=prod"}));
  CliResult tags =
      Run(clis_.front(), {"kinesis", "list-tags-for-stream", "--stream-name", kKinesisCliStream});
  EXPECT_EQ(tags.json["Tags"][0], json::parse(R"({"Key":"Env","Value":"prod"})"));
}

TEST_F(KinesisCliTest, HalvingAndDoublingRules) {
  for (size_t i = 0; i < clis_.size(); ++i) {
    SCOPED_TRACE(clis_[i].label);
    std::string stream = "cli-" + std::to_string(i) + "-fast";
    ExpectError(Scale(clis_[i], stream, 5), "LimitExceededException",
                "cannot scale up over double");
    CliResult down = Scale(clis_[i], stream, 1);
    ExpectOk(down);
    EXPECT_EQ(down.json["CurrentShardCount"], 2);
    EXPECT_EQ(down.json["TargetShardCount"], 1);
    CliResult up = Scale(clis_[i], stream, 2);  // the update took 0 s
    ExpectOk(up);
    ExpectError(Scale(clis_[i], "billing-service-invoices", 1), "LimitExceededException",
                "cannot scale down below half");
  }
}

TEST_F(KinesisCliTest, AtMostTenScalingOperationsPerDay) {
  for (size_t i = 0; i < clis_.size(); ++i) {
    SCOPED_TRACE(clis_[i].label);
    std::string stream = "cli-" + std::to_string(i) + "-fast";
    for (int n = 0; n < 10; ++n) ExpectOk(Scale(clis_[i], stream, n % 2 == 0 ? 1 : 2));
    ExpectError(Scale(clis_[i], stream, 1), "LimitExceededException", "24 hour");
  }
}

TEST_F(KinesisCliTest, OnDemandStreamRejectsUpdateShardCount) {
  for (size_t i = 0; i < clis_.size(); ++i) {
    SCOPED_TRACE(clis_[i].label);
    std::string stream = "cli-" + std::to_string(i) + "-fast";
    std::string arn = "arn:aws:kinesis:us-east-1:000000000000:stream/" + stream;
    ExpectOk(Run(clis_[i], {"kinesis", "update-stream-mode", "--stream-arn", arn,
                            "--stream-mode-details", "StreamMode=ON_DEMAND"}));
    CliResult d = Run(clis_[i], {"kinesis", "describe-stream-summary", "--stream-arn", arn});
    EXPECT_EQ(d.json["StreamDescriptionSummary"]["StreamModeDetails"]["StreamMode"], "ON_DEMAND");
    ExpectError(Scale(clis_[i], stream, 1), "ValidationException");
  }
}

class KinesisSlowUpdateCliTest : public KinesisCliTest {
 protected:
  KinesisSlowUpdateCliTest() { update_seconds_ = 600; }
};

TEST_F(KinesisSlowUpdateCliTest, UpdateWhileUpdatingIsResourceInUse) {
  for (size_t i = 0; i < clis_.size(); ++i) {
    SCOPED_TRACE(clis_[i].label);
    std::string stream = "cli-" + std::to_string(i) + "-slow";
    ExpectOk(Scale(clis_[i], stream, 1));
    CliResult d = Run(clis_[i], {"kinesis", "describe-stream-summary", "--stream-name", stream});
    EXPECT_EQ(d.json["StreamDescriptionSummary"]["StreamStatus"], "UPDATING");
    ExpectError(Scale(clis_[i], stream, 2), "ResourceInUseException",
                "not ACTIVE, instead in state UPDATING");
  }
}

}  // namespace
}  // namespace sandbox
