#include "resources/iam_policy.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "resources/registry.h"
#include "tests/testing/real_types.h"
#include "tests/testing/testing.h"

namespace arm {
namespace {

class IamPolicyTest : public ::testing::Test {
 protected:
  void TearDown() override { EXPECT_TRUE(real_->env().requests().empty()); }

  std::vector<const ResourceType*> Types(bool kinesis_mode_switch = true) {
    real_ = std::make_unique<testing::RealTypes>(
        kinesis_mode_switch ? std::vector<std::string>{"KINESIS_ON_DEMAND_TO_PROVISIONED"}
                            : std::vector<std::string>{});
    return real_->All();
  }

  static const nlohmann::ordered_json* StatementWith(const nlohmann::ordered_json& policy,
                                                     const std::string& action,
                                                     const std::string& sid_part) {
    for (const auto& st : policy.at("Statement")) {
      if (st.at("Sid").get<std::string>().find(sid_part) == std::string::npos) continue;
      for (const auto& a : st.at("Action"))
        if (a == action) return &st;
    }
    return nullptr;
  }
  static std::vector<std::string> Resources(const nlohmann::ordered_json& statement) {
    const auto& r = statement.at("Resource");
    if (r.is_string()) return {r.get<std::string>()};
    return r.get<std::vector<std::string>>();
  }

  std::unique_ptr<testing::RealTypes> real_ = std::make_unique<testing::RealTypes>();
};

TEST_F(IamPolicyTest, DocsPolicyMatchesWhatTheActionsDeclare) {
  auto types = Types();
  nlohmann::ordered_json policy = BuildIamPolicy(types, PlaceholderScope(types));
  std::ifstream in(testing::SourceDir() + "/docs/iam-policy.json");
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), policy.dump(2) + "\n")
      << "docs/iam-policy.json is out of date; replace it with:\n"
      << policy.dump(2);
}

TEST_F(IamPolicyTest, ChangesOnlyTheProjectsArnsAndReadsEverywhere) {
  auto types = Types(false);
  PolicyScope scope;
  scope.region = "eu-west-1";
  scope.account = "123456789012";
  scope.names = {{"sagemaker-endpoint", {"UJA-dev-*", "Scoring"}},
                 {"kinesis-stream", {"uja-dev-*"}},
                 {"lambda-function", {"uja-dev-*"}},
                 {"cloudwatch-alarm", {"uja-alarms-*"}},
                 {"dynamodb-table", {"uja-dev-*"}}};
  nlohmann::ordered_json policy = BuildIamPolicy(types, scope);
  // SageMaker writes names lower-case in its ARNs.
  const auto* del = StatementWith(policy, "sagemaker:DeleteEndpoint", "SagemakerEndpoint");
  ASSERT_NE(del, nullptr) << policy.dump(2);
  EXPECT_EQ(Resources(*del), (std::vector<std::string>{
                                 "arn:aws:sagemaker:eu-west-1:123456789012:endpoint/scoring",
                                 "arn:aws:sagemaker:eu-west-1:123456789012:endpoint/uja-dev-*"}));
  const auto* shards = StatementWith(policy, "kinesis:UpdateShardCount", "KinesisStream");
  ASSERT_NE(shards, nullptr);
  EXPECT_EQ(Resources(*shards),
            (std::vector<std::string>{"arn:aws:kinesis:eu-west-1:123456789012:stream/uja-dev-*"}));
  const auto* alarms = StatementWith(policy, "cloudwatch:DisableAlarmActions", "CloudwatchAlarm");
  ASSERT_NE(alarms, nullptr);
  EXPECT_EQ(
      Resources(*alarms),
      (std::vector<std::string>{"arn:aws:cloudwatch:eu-west-1:123456789012:alarm:uja-alarms-*"}));
  // The service-linked role only for Application Auto Scaling on SageMaker.
  const auto* role = StatementWith(policy, "iam:CreateServiceLinkedRole", "IamRoleAwsServiceRole");
  ASSERT_NE(role, nullptr);
  EXPECT_EQ(
      role->at("Condition").dump(),
      R"({"StringLike":{"iam:AWSServiceName":"sagemaker.application-autoscaling.amazonaws.com"}})");
  // No mode switch unless KINESIS_ON_DEMAND_TO_PROVISIONED.
  EXPECT_EQ(policy.dump().find("kinesis:UpdateStreamMode"), std::string::npos);
  // Nothing that changes a resource is allowed on "*" but what AWS scopes
  // by no resource (Application Auto Scaling, under a condition).
  // Every permission is in one statement only: IAM knows no phases, so a
  // copy for start would keep a stop permission alive without its own.
  std::set<std::pair<std::string, std::string>> granted;  // (action, resource)
  for (const auto& st : policy.at("Statement"))
    for (const auto& a : st.at("Action"))
      for (const auto& r : Resources(st))
        EXPECT_TRUE(granted.emplace(a.get<std::string>(), r).second)
            << a << " on " << r << " twice";
  EXPECT_EQ(policy.dump().find("sts:GetCallerIdentity"), std::string::npos)
      << "AWS needs no permission for it";
  std::set<std::string> sids;
  for (const auto& st : policy.at("Statement")) {
    EXPECT_TRUE(sids.insert(st.at("Sid").get<std::string>()).second) << st.at("Sid");
    if (st.at("Resource") != "*") continue;
    for (const auto& a : st.at("Action")) {
      std::string action = a.get<std::string>();
      std::string verb = action.substr(action.find(':') + 1);
      bool reads =
          verb.rfind("Describe", 0) == 0 || verb.rfind("List", 0) == 0 || verb.rfind("Get", 0) == 0;
      // Application Auto Scaling: on "*" but held to SageMaker variants.
      EXPECT_TRUE(reads ||
                  (action.rfind("application-autoscaling:", 0) == 0 && st.contains("Condition")))
          << action << " on *";
    }
  }
  EXPECT_EQ(policy.dump().find("sns:"), std::string::npos);
  EXPECT_EQ(policy.dump().find("s3:"), std::string::npos);
}

TEST_F(IamPolicyTest, ATypeWithoutNamesIsOnlyRead) {
  auto types = Types(false);
  PolicyScope scope;
  scope.region = "us-east-1";
  scope.account = "123456789012";
  scope.names = {{"lambda-function", {"orders"}}};
  nlohmann::ordered_json policy = BuildIamPolicy(types, scope);
  std::string text = policy.dump();
  EXPECT_NE(text.find("arn:aws:lambda:us-east-1:123456789012:function:orders"), std::string::npos);
  EXPECT_EQ(text.find("sagemaker:DeleteEndpoint"), std::string::npos);
  EXPECT_EQ(text.find("kinesis:UpdateShardCount"), std::string::npos);
  EXPECT_EQ(text.find("application-autoscaling:RegisterScalableTarget"), std::string::npos);
  EXPECT_EQ(text.find("application-autoscaling:DeregisterScalableTarget"), std::string::npos);
  EXPECT_NE(text.find("kinesis:ListStreams"), std::string::npos);
}

TEST_F(IamPolicyTest, NotificationAndBackupOnlyWhenConfiguredAndOnTheirOwnArns) {
  auto types = Types(false);
  PolicyScope scope;
  scope.partition = PartitionOf("cn-north-1");
  scope.region = "cn-north-1";
  scope.account = "123456789012";
  scope.sns_topic_arn = "arn:aws-cn:sns:cn-north-1:123456789012:ops";
  scope.state_backup_object = "backups/uja/dev/aws-resource-state.json";
  nlohmann::ordered_json policy = BuildIamPolicy(types, scope);
  const auto* publish = StatementWith(policy, "sns:Publish", "SnsNotify");
  ASSERT_NE(publish, nullptr);
  EXPECT_EQ(Resources(*publish),
            (std::vector<std::string>{"arn:aws-cn:sns:cn-north-1:123456789012:ops"}));
  const auto* put = StatementWith(policy, "s3:PutObject", "S3StateBackup");
  ASSERT_NE(put, nullptr);
  EXPECT_EQ(Resources(*put),
            (std::vector<std::string>{"arn:aws-cn:s3:::backups/uja/dev/aws-resource-state.json"}));
  EXPECT_NE(StatementWith(policy, "s3:GetObject", "S3StateBackup"), nullptr);
}

TEST(IamLiteralTest, WildcardsInANameMeanThemselves) {
  EXPECT_EQ(IamLiteral("ops*prod?$"), "ops${*}prod${?}${$}");
  EXPECT_EQ(IamLiteral("user-journey-analytics-"), "user-journey-analytics-");
}

TEST(PartitionTest, FollowsTheRegion) {
  EXPECT_EQ(PartitionOf("us-east-1"), "aws");
  EXPECT_EQ(PartitionOf("cn-northwest-1"), "aws-cn");
  EXPECT_EQ(PartitionOf("us-gov-west-1"), "aws-us-gov");
  EXPECT_EQ(PartitionOf("us-iso-east-1"), "aws-iso");
  EXPECT_EQ(PartitionOf("us-isob-east-1"), "aws-iso-b");
}

}  // namespace
}  // namespace arm
