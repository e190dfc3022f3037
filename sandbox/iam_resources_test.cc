// Each handler names the resources of a request as the Service Authorization
// Reference does: the ARNs an IAM policy is evaluated on.
#include <gtest/gtest.h>

#include <map>
#include <memory>

#include "sandbox/json_handler_testing.h"
#include "sandbox/registry.h"
#include "tests/testing/fake_clock.h"

namespace sandbox {
namespace {

using nlohmann::json;
using Resources = std::vector<std::string>;

class IamResourcesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    HandlerDeps deps;
    deps.context.clock = &clock_;
    deps.credentials = &credentials_;
    deps.collect_tagged = [] { return std::vector<TaggedResource>{}; };
    for (auto& h : MakeHandlers(deps)) {
      std::string name(h->signing_name());
      handlers_[name] = std::move(h);
    }
  }

  Resources Of(const std::string& service, Request r) {
    r.service = service;
    return handlers_.at(service)->IamResources(r);
  }

  Resources Json(const std::string& service, const std::string& target, const json& body) {
    return Of(service, testing::JsonRequest(target, body));
  }

  static Request Form(const std::string& body) {
    Request r;
    r.method = "POST";
    r.path = "/";
    r.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
    r.body = body;
    r.region = "us-east-1";
    return r;
  }

  static Request Rest(const std::string& method, const std::string& path,
                      const std::string& query = "") {
    Request r;
    r.method = method;
    r.path = path;
    r.query = query;
    r.headers = {{"Host", "127.0.0.1:4566"}};
    r.region = "us-east-1";
    return r;
  }

  arm::testing::FakeClock clock_;
  CredentialStore credentials_;
  std::map<std::string, std::unique_ptr<ServiceHandler>> handlers_;
};

constexpr char kSm[] = "arn:aws:sagemaker:us-east-1:000000000000:";

TEST_F(IamResourcesTest, SageMakerNamesLowerCasedEndpointConfigAndModelArns) {
  EXPECT_EQ(Json("sagemaker", "SageMaker.ListEndpoints", json::object()), Resources{"*"});
  EXPECT_EQ(Json("sagemaker", "SageMaker.DescribeEndpoint", {{"EndpointName", "Demo-A"}}),
            Resources{std::string(kSm) + "endpoint/demo-a"});
  EXPECT_EQ(Json("sagemaker", "SageMaker.DeleteEndpoint", {{"EndpointName", "demo-a"}}),
            Resources{std::string(kSm) + "endpoint/demo-a"});
  EXPECT_EQ(
      Json("sagemaker", "SageMaker.CreateEndpoint",
           {{"EndpointName", "demo-a"}, {"EndpointConfigName", "Cfg"}}),
      (Resources{std::string(kSm) + "endpoint/demo-a", std::string(kSm) + "endpoint-config/cfg"}));
  EXPECT_EQ(Json("sagemaker", "SageMaker.DeleteEndpointConfig", {{"EndpointConfigName", "cfg"}}),
            Resources{std::string(kSm) + "endpoint-config/cfg"});
  EXPECT_EQ(Json("sagemaker", "SageMaker.DescribeModel", {{"ModelName", "m"}}),
            Resources{std::string(kSm) + "model/m"});
  EXPECT_EQ(Json("sagemaker", "SageMaker.AddTags",
                 {{"ResourceArn", std::string(kSm) + "endpoint/x"}, {"Tags", {}}}),
            Resources{std::string(kSm) + "endpoint/x"});
}

TEST_F(IamResourcesTest, KinesisNamesTheStreamByArnOrName) {
  EXPECT_EQ(Json("kinesis", "Kinesis_20131202.ListStreams", json::object()), Resources{"*"});
  EXPECT_EQ(Json("kinesis", "Kinesis_20131202.UpdateShardCount", {{"StreamName", "events"}}),
            Resources{"arn:aws:kinesis:us-east-1:000000000000:stream/events"});
  EXPECT_EQ(Json("kinesis", "Kinesis_20131202.DescribeStreamSummary",
                 {{"StreamARN", "arn:aws:kinesis:us-east-1:000000000000:stream/e2"}}),
            Resources{"arn:aws:kinesis:us-east-1:000000000000:stream/e2"});
}

TEST_F(IamResourcesTest, DynamoDbNamesTheTableOfDescribeTable) {
  EXPECT_EQ(Json("dynamodb", "DynamoDB_20120810.ListTables", json::object()), Resources{"*"});
  EXPECT_EQ(Json("dynamodb", "DynamoDB_20120810.DescribeTable", {{"TableName", "sessions"}}),
            Resources{"arn:aws:dynamodb:us-east-1:000000000000:table/sessions"});
}

TEST_F(IamResourcesTest, LambdaNamesTheFunctionArnHoweverTheRequestNamesIt) {
  const std::string fn = "arn:aws:lambda:us-east-1:000000000000:function:";
  EXPECT_EQ(Of("lambda", Rest("GET", "/2015-03-31/functions/")), Resources{"*"});
  EXPECT_EQ(Of("lambda", Rest("GET", "/2016-08-19/account-settings/")), Resources{"*"});
  EXPECT_EQ(Of("lambda", Rest("GET", "/2015-03-31/functions/event_processor")),
            Resources{fn + "event_processor"});
  EXPECT_EQ(Of("lambda", Rest("PUT", "/2017-10-31/functions/event_processor/concurrency")),
            Resources{fn + "event_processor"});
  EXPECT_EQ(Of("lambda", Rest("GET", "/2015-03-31/functions/event_processor", "Qualifier=live")),
            Resources{fn + "event_processor:live"});
  EXPECT_EQ(Of("lambda", Rest("GET", "/2015-03-31/functions/" + arm::UriEncode(fn + "x"))),
            Resources{fn + "x"});
  EXPECT_EQ(Of("lambda", Rest("GET", "/2017-03-31/tags/" + arm::UriEncode(fn + "x"))),
            Resources{fn + "x"});
}

TEST_F(IamResourcesTest, CloudWatchNamesEveryAlarmOfTheRequest) {
  const std::string alarm = "arn:aws:cloudwatch:us-east-1:000000000000:alarm:";
  EXPECT_EQ(Of("monitoring", Form("Action=DescribeAlarms&Version=2010-08-01")), Resources{"*"});
  EXPECT_EQ(
      Of("monitoring", Form("Action=DisableAlarmActions&Version=2010-08-01&AlarmNames.member.1=a"
                            "&AlarmNames.member.2=b")),
      (Resources{alarm + "a", alarm + "b"}));
  EXPECT_EQ(
      Json("monitoring", "GraniteServiceVersion20100801.DeleteAlarms", {{"AlarmNames", {"c"}}}),
      Resources{alarm + "c"});
}

TEST_F(IamResourcesTest, SnsNamesTheTopicS3TheObject) {
  EXPECT_EQ(Of("sns", Form("Action=ListTopics&Version=2010-03-31")), Resources{"*"});
  EXPECT_EQ(Of("sns", Form("Action=Publish&Version=2010-03-31&Message=x&TopicArn=arn%3Aaws%3Asns%"
                           "3Aus-east-1%3A0%3Aops")),
            Resources{"arn:aws:sns:us-east-1:0:ops"});
  EXPECT_EQ(Of("s3", Rest("GET", "/user-journey-analytics-state/state/run.json")),
            Resources{"arn:aws:s3:::user-journey-analytics-state/state/run.json"});
}

TEST_F(IamResourcesTest, ServicesWithoutResourceLevelPermissionsUseStar) {
  EXPECT_EQ(Json("application-autoscaling", "AnyScaleFrontendService.RegisterScalableTarget",
                 {{"ResourceId", "endpoint/x/variant/v"}}),
            Resources{"*"});
  EXPECT_EQ(Json("tagging", "ResourceGroupsTaggingAPI_20170126.GetResources", json::object()),
            Resources{"*"});
  EXPECT_EQ(Of("sts", Form("Action=GetCallerIdentity&Version=2011-06-15")),
            Resources{});  // never refused
  EXPECT_EQ(Of("sts", Form("Action=AssumeRole&Version=2011-06-15&RoleSessionName=s"
                           "&RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fops")),
            Resources{"arn:aws:iam::1:role/ops"});
}

TEST_F(IamResourcesTest, PartitionFollowsTheRequestRegion) {
  Request r = testing::JsonRequest("Kinesis_20131202.UpdateShardCount", {{"StreamName", "s"}});
  r.region = "cn-north-1";
  EXPECT_EQ(Of("kinesis", r), Resources{"arn:aws-cn:kinesis:cn-north-1:000000000000:stream/s"});
}

}  // namespace
}  // namespace sandbox
