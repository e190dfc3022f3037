// aws-sandbox --iam-policy over HTTP: each service's own AccessDenied for a
// request outside the policy, and POST /_sandbox/iam-policy.
#include <gtest/gtest.h>

#include <pugixml.hpp>

#include "tests/testing/sandbox_fixture.h"
#include "tests/testing/sandbox_http.h"

namespace arm::testing {
namespace {

using nlohmann::json;

constexpr char kServerCaller[] = "arn:aws:iam::000000000000:root";
constexpr char kStream[] =
    "arn:aws:kinesis:us-east-1:000000000000:stream/user-journey-analytics-user-events";
constexpr char kIamPolicyServerTopic[] =
    "arn:aws:sns:us-east-1:000000000000:user-journey-analytics-ops";

// Everything on the project's own resources; nothing on billing-service-*.
constexpr char kPolicy[] = R"({
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "Lists", "Effect": "Allow",
     "Action": ["kinesis:ListStreams", "lambda:ListFunctions", "cloudwatch:DescribeAlarms"], "Resource": "*"},
    {"Sid": "Project", "Effect": "Allow", "Action": ["kinesis:*", "lambda:*", "cloudwatch:*"],
     "Resource": ["arn:aws:kinesis:*:*:stream/user-journey-analytics-*",
                  "arn:aws:lambda:*:*:function:event_processor",
                  "arn:aws:cloudwatch:*:*:alarm:user-journey-analytics-*"]},
    {"Sid": "NoSharding", "Effect": "Deny", "Action": "kinesis:UpdateStreamMode", "Resource": "*"}
  ]
})";

HttpRequest JsonCall(const std::string& target, const json& body,
                     const std::string& version = "1.1") {
  HttpRequest r;
  r.method = "POST";
  r.path = "/";
  r.body = body.dump();
  r.SetHeader("Content-Type", "application/x-amz-json-" + version);
  r.SetHeader("X-Amz-Target", target);
  return r;
}

HttpRequest Form(const std::string& body) {
  HttpRequest r;
  r.method = "POST";
  r.path = "/";
  r.body = body;
  r.SetHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
  return r;
}

HttpRequest Get(const std::string& path) {
  HttpRequest r;
  r.method = "GET";
  r.path = path;
  return r;
}

HttpRequest PolicyPost(const std::string& body, const std::string& type = "application/json") {
  HttpRequest r;
  r.method = "POST";
  r.path = "/_sandbox/iam-policy";
  r.body = body;
  r.SetHeader("Content-Type", type);
  return r;
}

json JsonBody(const RawResponse& r) { return json::parse(r.body, nullptr, false); }

std::string XmlError(const RawResponse& r, const char* field) {
  pugi::xml_document doc;
  if (!doc.load_string(r.body.c_str())) return "<not xml>";
  pugi::xml_node error = doc.child("ErrorResponse").child("Error");
  if (!error) error = doc.child("Error");
  return error.child_value(field);
}

std::string Denied(const std::string& action, const std::string& resource) {
  return std::string("User: ") + kServerCaller + " is not authorized to perform: " + action +
         " on resource: " + resource + " because no identity-based policy allows the " + action +
         " action";
}

class IamPolicyServerTest : public SandboxFixture {
 protected:
  sandbox::ServerOptions Options() override {
    sandbox::ServerOptions options = DefaultOptions();
    auto policy = sandbox::ParseIamPolicy(json::parse(kPolicy));
    EXPECT_TRUE(policy.ok()) << policy.status().message();
    if (policy.ok())
      options.iam_policy = std::make_shared<const sandbox::IamPolicy>(std::move(*policy));
    return options;
  }
  RawResponse Kinesis(const std::string& op, const json& body) {
    return SendSigned(port(), JsonCall("Kinesis_20131202." + op, body), "kinesis");
  }
};

TEST_F(IamPolicyServerTest, AllowsWhatThePolicyAllows) {
  EXPECT_EQ(Kinesis("ListStreams", json::object()).status, 200);
  RawResponse describe =
      Kinesis("DescribeStreamSummary", {{"StreamName", "user-journey-analytics-user-events"}});
  EXPECT_EQ(describe.status, 200) << describe.body;
  EXPECT_EQ(SendSigned(port(), Get("/2015-03-31/functions/event_processor"), "lambda").status, 200);
}

TEST_F(IamPolicyServerTest, KinesisAnswersAccessDeniedExceptionNamingActionAndArn) {
  RawResponse denied =
      Kinesis("DescribeStreamSummary", {{"StreamName", "billing-service-invoices"}});
  EXPECT_EQ(denied.status, 400);
  EXPECT_EQ(JsonBody(denied).value("__type", ""), "AccessDeniedException");
  EXPECT_EQ(JsonBody(denied).value("message", ""),
            Denied("kinesis:DescribeStreamSummary",
                   "arn:aws:kinesis:us-east-1:000000000000:stream/billing-service-invoices"));
}

TEST_F(IamPolicyServerTest, ExplicitDenyIsWordedAsSuch) {
  RawResponse denied =
      Kinesis("UpdateStreamMode",
              {{"StreamARN", kStream}, {"StreamModeDetails", {{"StreamMode", "ON_DEMAND"}}}});
  EXPECT_EQ(JsonBody(denied).value("message", ""),
            std::string("User: ") + kServerCaller +
                " is not authorized to perform: kinesis:UpdateStreamMode on resource: " + kStream +
                " with an explicit deny in an identity-based policy");
}

TEST_F(IamPolicyServerTest, EachProtocolAnswersItsOwnAccessDenied) {
  RawResponse lambda =
      SendSigned(port(), Get("/2015-03-31/functions/billing-service-invoicer"), "lambda");
  EXPECT_EQ(lambda.status, 403);
  EXPECT_EQ(JsonBody(lambda).value("Message", ""),
            Denied("lambda:GetFunction",
                   "arn:aws:lambda:us-east-1:000000000000:function:billing-service-invoicer"));
  if (const std::string* type = lambda.Header("x-amzn-ErrorType")) {
    EXPECT_EQ(type->substr(0, type->find(':')), "AccessDeniedException");
  }

  RawResponse sns =
      SendSigned(port(),
                 Form(std::string("Action=Publish&Version=2010-03-31&Message=x&TopicArn=") +
                      UriEncode(kIamPolicyServerTopic)),
                 "sns");
  EXPECT_EQ(sns.status, 403);
  EXPECT_EQ(XmlError(sns, "Code"), "AuthorizationError");
  EXPECT_EQ(XmlError(sns, "Message"), Denied("sns:Publish", kIamPolicyServerTopic));

  RawResponse alarms = SendSigned(port(),
                                  Form("Action=DisableAlarmActions&Version=2010-08-01&AlarmNames."
                                       "member.1=user-journey-analytics-health"
                                       "&AlarmNames.member.2=billing-service-x"),
                                  "monitoring");
  EXPECT_EQ(alarms.status, 403);
  EXPECT_EQ(XmlError(alarms, "Code"), "AccessDenied");
  EXPECT_EQ(XmlError(alarms, "Message"),
            Denied("cloudwatch:DisableAlarmActions",
                   "arn:aws:cloudwatch:us-east-1:000000000000:alarm:billing-service-x"));

  RawResponse s3 = SendSigned(port(), Get("/user-journey-analytics-state/state.json"), "s3");
  EXPECT_EQ(s3.status, 403);
  EXPECT_EQ(XmlError(s3, "Code"), "AccessDenied");
  EXPECT_EQ(XmlError(s3, "Message"),
            Denied("s3:GetObject", "arn:aws:s3:::user-journey-analytics-state/state.json"));

  RawResponse ddb = SendSigned(
      port(), JsonCall("DynamoDB_20120810.ListTables", json::object(), "1.0"), "dynamodb");
  EXPECT_EQ(ddb.status, 400);
  EXPECT_EQ(JsonBody(ddb).value("message", ""),
            std::string("User: ") + kServerCaller +
                " is not authorized to perform: dynamodb:ListTables because no identity-based "
                "policy allows the "
                "dynamodb:ListTables action");
}

TEST_F(IamPolicyServerTest, GetCallerIdentityNeedsNoPermission) {
  RawResponse who = SendSigned(port(), Form("Action=GetCallerIdentity&Version=2011-06-15"), "sts");
  EXPECT_EQ(who.status, 200) << who.body;
}

TEST_F(IamPolicyServerTest, EveryAlarmOfTheRequestMustBeAllowed) {
  RawResponse ok = SendSigned(port(),
                              Form("Action=DisableAlarmActions&Version=2010-08-01&AlarmNames."
                                   "member.1=user-journey-analytics-health"),
                              "monitoring");
  EXPECT_EQ(ok.status, 200) << ok.body;
}

TEST_F(IamPolicyServerTest, PolicyIsReplacedAndClearedOverHttp) {
  RawResponse current = SendRaw(port(), Get("/_sandbox/iam-policy"));
  EXPECT_EQ(current.status, 200);
  EXPECT_EQ(JsonBody(current), json::parse(kPolicy));

  json only_s3 = {
      {"Version", "2012-10-17"},
      {"Statement", {{{"Effect", "Allow"}, {"Action", "s3:*"}, {"Resource", "arn:aws:s3:::*"}}}}};
  RawResponse set = SendRaw(port(), PolicyPost(only_s3.dump()));
  EXPECT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(JsonBody(Kinesis("ListStreams", json::object())).value("__type", ""),
            "AccessDeniedException");

  RawResponse cleared = SendRaw(port(), PolicyPost("null"));
  EXPECT_EQ(cleared.status, 200) << cleared.body;
  EXPECT_EQ(Kinesis("ListStreams", json::object()).status, 200);
  EXPECT_EQ(SendRaw(port(), Get("/_sandbox/iam-policy")).body, "null");
}

TEST_F(IamPolicyServerTest, BadPolicyOverHttpIsRefusedAndTheOldOneKept) {
  RawResponse bad =
      SendRaw(port(), PolicyPost(R"({"Statement":[{"Effect":"Allow","Action":"*"}]})"));
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(JsonBody(bad).value("message", "").find("Resource"), std::string::npos);
  EXPECT_EQ(SendRaw(port(), PolicyPost("{not json")).status, 400);
  EXPECT_EQ(SendRaw(port(), PolicyPost("null", "text/plain")).status, 415);
  EXPECT_EQ(JsonBody(SendRaw(port(), Get("/_sandbox/iam-policy"))), json::parse(kPolicy));
}

TEST_F(IamPolicyServerTest, ResourceTagConditionsReadTheResourcesTags) {
  json by_tag = {
      {"Version", "2012-10-17"},
      {"Statement",
       {{{"Effect", "Allow"},
         {"Action", "sagemaker:DescribeEndpoint"},
         {"Resource", "*"},
         {"Condition",
          {{"StringEquals", {{"aws:ResourceTag/Project", "user-journey-analytics"}}}}}}}}};
  ASSERT_EQ(SendRaw(port(), PolicyPost(by_tag.dump())).status, 200);
  auto describe = [&](const std::string& name) {
    return SendSigned(port(), JsonCall("SageMaker.DescribeEndpoint", {{"EndpointName", name}}),
                      "sagemaker");
  };
  EXPECT_EQ(describe("user-journey-analytics-exit-risk-endpoint").status, 200);
  EXPECT_EQ(JsonBody(describe("billing-service-fraud-endpoint")).value("__type", ""),
            "AccessDeniedException");
}

TEST_F(IamPolicyServerTest, RequestedRegionIsAConditionKey) {
  json us_only = {{"Version", "2012-10-17"},
                  {"Statement",
                   {{{"Effect", "Allow"},
                     {"Action", "kinesis:ListStreams"},
                     {"Resource", "*"},
                     {"Condition", {{"StringEquals", {{"aws:RequestedRegion", "us-east-1"}}}}}}}}};
  ASSERT_EQ(SendRaw(port(), PolicyPost(us_only.dump())).status, 200);
  EXPECT_EQ(Kinesis("ListStreams", json::object()).status, 200);
  SigningKey eu;
  eu.region = "eu-west-1";
  RawResponse denied =
      SendSigned(port(), JsonCall("Kinesis_20131202.ListStreams", json::object()), "kinesis", eu);
  EXPECT_EQ(JsonBody(denied).value("__type", ""), "AccessDeniedException");
}

}  // namespace
}  // namespace arm::testing
