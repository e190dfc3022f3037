#include "sandbox/iam_policy.h"

#include <gtest/gtest.h>

namespace sandbox {
namespace {

using nlohmann::json;

constexpr char kIamPolicyEndpoint[] = "arn:aws:sagemaker:us-east-1:000000000000:endpoint/demo-a";

IamPolicy Parse(const char* text) {
  arm::Result<IamPolicy> policy = ParseIamPolicy(json::parse(text));
  EXPECT_TRUE(policy.ok()) << policy.status().message();
  return policy.ok() ? *policy : IamPolicy{};
}

IamDecision Eval(const IamPolicy& policy, const char* action, const char* resource,
                 const IamConditionKeys& keys = {}) {
  return EvaluateIamPolicy(policy, action, resource, keys);
}

std::string ParseError(const char* text) {
  arm::Result<IamPolicy> policy = ParseIamPolicy(json::parse(text));
  return policy.ok() ? "" : policy.status().message();
}

TEST(IamPolicyTest, DeniesByDefault) {
  IamPolicy policy = Parse(R"({"Version":"2012-10-17","Statement":[]})");
  EXPECT_EQ(Eval(policy, "sagemaker:DescribeEndpoint", kIamPolicyEndpoint),
            IamDecision::kImplicitDeny);
}

TEST(IamPolicyTest, StatementMayBeAnObjectAndActionResourceStrings) {
  IamPolicy policy = Parse(
      R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"sagemaker:DescribeEndpoint",
          "Resource":"arn:aws:sagemaker:us-east-1:000000000000:endpoint/demo-a"}})");
  EXPECT_EQ(Eval(policy, "sagemaker:DescribeEndpoint", kIamPolicyEndpoint), IamDecision::kAllow);
  EXPECT_EQ(Eval(policy, "sagemaker:DeleteEndpoint", kIamPolicyEndpoint),
            IamDecision::kImplicitDeny);
  EXPECT_EQ(Eval(policy, "sagemaker:DescribeEndpoint",
                 "arn:aws:sagemaker:us-east-1:000000000000:endpoint/other"),
            IamDecision::kImplicitDeny);
}

TEST(IamPolicyTest, ActionsMatchCaseInsensitivelyWithWildcards) {
  IamPolicy policy = Parse(
      R"({"Statement":[{"Effect":"Allow","Action":["SAGEMAKER:describe*","kinesis:?istStreams"],
                                "Resource":"*"}]})");
  EXPECT_EQ(Eval(policy, "sagemaker:DescribeEndpoint", kIamPolicyEndpoint), IamDecision::kAllow);
  EXPECT_EQ(Eval(policy, "sagemaker:DescribeEndpointConfig", kIamPolicyEndpoint),
            IamDecision::kAllow);
  EXPECT_EQ(Eval(policy, "kinesis:ListStreams", "*"), IamDecision::kAllow);
  EXPECT_EQ(Eval(policy, "kinesis:ListStreamConsumers", "*"), IamDecision::kImplicitDeny);
  EXPECT_EQ(Eval(policy, "sagemaker:DeleteEndpoint", kIamPolicyEndpoint),
            IamDecision::kImplicitDeny);
}

TEST(IamPolicyTest, ResourcesMatchCaseSensitivelyWithWildcards) {
  IamPolicy policy = Parse(R"({"Statement":[{"Effect":"Allow","Action":"lambda:*",
                                "Resource":["arn:aws:lambda:us-east-1:000000000000:function:demo-*",
                                            "arn:aws:lambda:us-east-1:000000000000:function:job-?"]}]})");
  EXPECT_EQ(
      Eval(policy, "lambda:GetFunction", "arn:aws:lambda:us-east-1:000000000000:function:demo-x"),
      IamDecision::kAllow);
  EXPECT_EQ(
      Eval(policy, "lambda:GetFunction", "arn:aws:lambda:us-east-1:000000000000:function:Demo-x"),
      IamDecision::kImplicitDeny);
  EXPECT_EQ(
      Eval(policy, "lambda:GetFunction", "arn:aws:lambda:us-east-1:000000000000:function:job-1"),
      IamDecision::kAllow);
  EXPECT_EQ(
      Eval(policy, "lambda:GetFunction", "arn:aws:lambda:us-east-1:000000000000:function:job-12"),
      IamDecision::kImplicitDeny);
  // "*" in a request (actions without resource-level permissions) is matched
  // only by a "*" pattern.
  EXPECT_EQ(Eval(policy, "lambda:ListFunctions", "*"), IamDecision::kImplicitDeny);
}

TEST(IamPolicyTest, ExplicitDenyWinsWhateverTheOrder) {
  IamPolicy policy = Parse(R"({"Statement":[
      {"Effect":"Deny","Action":"sagemaker:DeleteEndpoint","Resource":"*"},
      {"Effect":"Allow","Action":"sagemaker:*","Resource":"*"}]})");
  EXPECT_EQ(Eval(policy, "sagemaker:DeleteEndpoint", kIamPolicyEndpoint),
            IamDecision::kExplicitDeny);
  EXPECT_EQ(Eval(policy, "sagemaker:DescribeEndpoint", kIamPolicyEndpoint), IamDecision::kAllow);
}

TEST(IamPolicyTest, NotActionAndNotResource) {
  IamPolicy policy = Parse(R"({"Statement":[
      {"Effect":"Allow","NotAction":"iam:*","Resource":"*"},
      {"Effect":"Deny","Action":"lambda:*","NotResource":"arn:aws:lambda:*:*:function:demo-*"}]})");
  EXPECT_EQ(Eval(policy, "kinesis:ListStreams", "*"), IamDecision::kAllow);
  EXPECT_EQ(Eval(policy, "iam:CreateServiceLinkedRole", "*"), IamDecision::kImplicitDeny);
  EXPECT_EQ(Eval(policy, "lambda:GetFunction", "arn:aws:lambda:us-east-1:1:function:demo-a"),
            IamDecision::kAllow);
  EXPECT_EQ(Eval(policy, "lambda:GetFunction", "arn:aws:lambda:us-east-1:1:function:payroll"),
            IamDecision::kExplicitDeny);
}

TEST(IamPolicyTest, StringEqualsOnServiceName) {
  IamPolicy policy = Parse(
      R"({"Statement":[{"Effect":"Allow","Action":"iam:CreateServiceLinkedRole","Resource":"*",
      "Condition":{"StringEquals":{"iam:AWSServiceName":"sagemaker.application-autoscaling.amazonaws.com"}}}]})");
  EXPECT_EQ(Eval(policy, "iam:CreateServiceLinkedRole", "*",
                 {{"iam:awsservicename", "sagemaker.application-autoscaling.amazonaws.com"}}),
            IamDecision::kAllow);
  EXPECT_EQ(Eval(policy, "iam:CreateServiceLinkedRole", "*",
                 {{"iam:awsservicename", "ecs.amazonaws.com"}}),
            IamDecision::kImplicitDeny);
  // A key missing from the request fails a positive operator.
  EXPECT_EQ(Eval(policy, "iam:CreateServiceLinkedRole", "*"), IamDecision::kImplicitDeny);
}

TEST(IamPolicyTest, NegatedOperatorsPassOnAMissingKeyAndIfExistsPassesAnyMissingKey) {
  IamPolicy policy = Parse(R"({"Statement":[
      {"Effect":"Allow","Action":"*","Resource":"*"},
      {"Effect":"Deny","Action":"*","Resource":"*",
       "Condition":{"StringNotEquals":{"aws:RequestedRegion":["us-east-1","eu-west-1"]}}},
      {"Effect":"Deny","Action":"lambda:*","Resource":"*",
       "Condition":{"StringNotLikeIfExists":{"aws:ResourceTag/Project":"demo*"}}}]})");
  EXPECT_EQ(Eval(policy, "kinesis:ListStreams", "*", {{"aws:requestedregion", "eu-west-1"}}),
            IamDecision::kAllow);
  EXPECT_EQ(Eval(policy, "kinesis:ListStreams", "*", {{"aws:requestedregion", "us-west-2"}}),
            IamDecision::kExplicitDeny);
  EXPECT_EQ(Eval(policy, "kinesis:ListStreams", "*"),
            IamDecision::kExplicitDeny);  // negated: missing key holds
  IamConditionKeys tagged = {{"aws:requestedregion", "us-east-1"},
                             {"aws:resourcetag/project", "demo-1"}};
  EXPECT_EQ(Eval(policy, "lambda:GetFunction", "*", tagged), IamDecision::kAllow);
  tagged["aws:resourcetag/project"] = "payroll";
  EXPECT_EQ(Eval(policy, "lambda:GetFunction", "*", tagged), IamDecision::kExplicitDeny);
  EXPECT_EQ(Eval(policy, "lambda:GetFunction", "*", {{"aws:requestedregion", "us-east-1"}}),
            IamDecision::kExplicitDeny);
  EXPECT_TRUE(policy.uses_resource_tags);
}

TEST(IamPolicyTest, IfExistsOnAPositiveOperatorPassesAMissingKey) {
  IamPolicy policy = Parse(R"({"Statement":[{"Effect":"Allow","Action":"*","Resource":"*",
      "Condition":{"StringLikeIfExists":{"aws:ResourceTag/project":"demo-*"}}}]})");
  EXPECT_EQ(Eval(policy, "sns:Publish", "*"), IamDecision::kAllow);
  EXPECT_EQ(Eval(policy, "sns:Publish", "*", {{"aws:resourcetag/project", "demo-a"}}),
            IamDecision::kAllow);
  EXPECT_EQ(Eval(policy, "sns:Publish", "*", {{"aws:resourcetag/project", "other"}}),
            IamDecision::kImplicitDeny);
}

TEST(IamPolicyTest, AllConditionsOfAStatementMustHold) {
  IamPolicy policy = Parse(R"({"Statement":[{"Effect":"Allow","Action":"*","Resource":"*",
      "Condition":{"StringEquals":{"aws:RequestedRegion":"us-east-1"},
                   "StringLike":{"aws:ResourceTag/Project":"demo*"}}}]})");
  EXPECT_EQ(Eval(policy, "sns:Publish", "*",
                 {{"aws:requestedregion", "us-east-1"}, {"aws:resourcetag/project", "d"}}),
            IamDecision::kImplicitDeny);
  EXPECT_EQ(Eval(policy, "sns:Publish", "*",
                 {{"aws:requestedregion", "us-east-1"}, {"aws:resourcetag/project", "demo"}}),
            IamDecision::kAllow);
}

TEST(IamPolicyTest, RefusesMalformedDocumentsWithOneLineNamingThePlace) {
  EXPECT_NE(ParseError(R"([])"), "");
  EXPECT_NE(ParseError(R"({"Version":"2012-10-17"})").find("Statement"), std::string::npos);
  EXPECT_NE(ParseError(R"({"Version":"2099-01-01","Statement":[]})").find("Version"),
            std::string::npos);
  EXPECT_NE(ParseError(R"({"Statement":[],"Extra":1})").find("Extra"), std::string::npos);
  EXPECT_NE(ParseError(R"({"Statement":[{"Effect":"allow","Action":"*","Resource":"*"}]})")
                .find("Effect"),
            std::string::npos);
  EXPECT_NE(ParseError(R"({"Statement":[{"Effect":"Allow","Resource":"*"}]})").find("Action"),
            std::string::npos);
  EXPECT_NE(
      ParseError(
          R"({"Statement":[{"Effect":"Allow","Action":"*","NotAction":"iam:*","Resource":"*"}]})")
          .find("NotAction"),
      std::string::npos);
  EXPECT_NE(ParseError(R"({"Statement":[{"Effect":"Allow","Action":"*"}]})").find("Resource"),
            std::string::npos);
  EXPECT_NE(
      ParseError(R"({"Statement":[{"Effect":"Allow","Action":"ListStreams","Resource":"*"}]})")
          .find("ListStreams"),
      std::string::npos);
  EXPECT_NE(ParseError(R"({"Statement":[{"Effect":"Allow","Action":[],"Resource":"*"}]})"), "");
  EXPECT_NE(ParseError(R"({"Statement":[{"Effect":"Allow","Action":"*","Resource":"bucket/*"}]})"),
            "");
  EXPECT_NE(ParseError(
                R"({"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Principal":"*"}]})")
                .find("Principal"),
            std::string::npos);
  EXPECT_NE(ParseError(R"({"Statement":[{"Sid":"Tags","Effect":"Allow","Action":"*","Resource":"*",
                            "Condition":{"ForAnyValue:StringEquals":{"aws:TagKeys":"a"}}}]})")
                .find("Statement[0] (Tags)"),
            std::string::npos);
  EXPECT_NE(ParseError(R"({"Statement":[{"Effect":"Allow","Action":"*","Resource":"*",
                            "Condition":{"StringEquals":{"aws:SourceIp":"1.2.3.4"}}}]})")
                .find("aws:SourceIp"),
            std::string::npos);
  EXPECT_NE(ParseError(R"({"Statement":[{"Effect":"Allow","Action":"*","Resource":"*",
                            "Condition":{"StringEquals":{"aws:RequestedRegion":1}}}]})"),
            "");
  EXPECT_NE(ParseError(R"({"Statement":[{"Effect":"Allow","Action":"*",
                            "Resource":"arn:aws:s3:::b/${aws:username}/*"}]})"),
            "");
  std::string message =
      ParseError(R"({"Statement":{"Effect":"Allow","Action":"*","Resource":"*","X":1}})");
  EXPECT_EQ(message.find('\n'), std::string::npos);
}

TEST(IamPolicyTest, DenialMessagesAsAwsWordsThem) {
  EXPECT_EQ(IamDenialMessage("arn:aws:iam::000000000000:root", "sagemaker:DeleteEndpoint",
                             kIamPolicyEndpoint, IamDecision::kImplicitDeny),
            "User: arn:aws:iam::000000000000:root is not authorized to perform: "
            "sagemaker:DeleteEndpoint on "
            "resource: arn:aws:sagemaker:us-east-1:000000000000:endpoint/demo-a because no "
            "identity-based policy "
            "allows the sagemaker:DeleteEndpoint action");
  EXPECT_EQ(IamDenialMessage("arn:aws:iam::000000000000:root", "sagemaker:DeleteEndpoint",
                             kIamPolicyEndpoint, IamDecision::kExplicitDeny),
            "User: arn:aws:iam::000000000000:root is not authorized to perform: "
            "sagemaker:DeleteEndpoint on "
            "resource: arn:aws:sagemaker:us-east-1:000000000000:endpoint/demo-a with an explicit "
            "deny in an "
            "identity-based policy");
  EXPECT_EQ(
      IamDenialMessage("arn:aws:iam::1:user/u", "kinesis:ListStreams", "*",
                       IamDecision::kImplicitDeny),
      "User: arn:aws:iam::1:user/u is not authorized to perform: kinesis:ListStreams because no "
      "identity-based policy allows the kinesis:ListStreams action");
}

TEST(IamPolicyTest, PartitionFollowsTheRegion) {
  EXPECT_EQ(IamPartition("us-east-1"), "aws");
  EXPECT_EQ(IamPartition("cn-north-1"), "aws-cn");
  EXPECT_EQ(IamPartition("us-gov-west-1"), "aws-us-gov");
  EXPECT_EQ(IamArn("kinesis", "cn-north-1", "1", "stream/s"),
            "arn:aws-cn:kinesis:cn-north-1:1:stream/s");
}

TEST(IamPolicyTest, AStarMatchesALiteralStarAsAnyOtherRun) {
  EXPECT_TRUE(IamGlobMatch("arn:a*", "arn:a*b"));
  EXPECT_TRUE(IamGlobMatch("a*c", "a*bc"));
  EXPECT_TRUE(IamGlobMatch("a?c", "a?c"));
  EXPECT_FALSE(IamGlobMatch("a*c", "a*b"));
}

TEST(IamPolicyTest, SpecialVariablesMatchOnlyTheirCharacter) {
  EXPECT_TRUE(IamGlobMatch("alarm:a${*}b*", "alarm:a*b-high"));
  EXPECT_FALSE(IamGlobMatch("alarm:a${*}b*", "alarm:axb-high"));
  EXPECT_TRUE(IamGlobMatch("x${?}", "x?"));
  EXPECT_FALSE(IamGlobMatch("x${?}", "xy"));
  EXPECT_TRUE(IamGlobMatch("x${$}y", "x$y"));
  json ok = {{"Version", "2012-10-17"},
             {"Statement",
              {{{"Effect", "Allow"},
                {"Action", "cloudwatch:*"},
                {"Resource", "arn:aws:cloudwatch:*:*:alarm:a${*}*"}}}}};
  ASSERT_TRUE(ParseIamPolicy(ok).ok());
  json other = ok;
  other["Statement"][0]["Resource"] = "arn:aws:cloudwatch:*:*:alarm:${aws:username}";
  EXPECT_FALSE(ParseIamPolicy(other).ok());
}

}  // namespace
}  // namespace sandbox
