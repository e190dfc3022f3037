// Call() of each protocol through a real AwsClient (signing, endpoint
// resolution, retries) over FakeTransport.
#include <gtest/gtest.h>

#include <memory>

#include "aws/protocols/aws_json.h"
#include "aws/protocols/query_xml.h"
#include "aws/protocols/rest_json.h"
#include "aws/protocols/rest_xml.h"
#include "tests/testing/fake_clock.h"
#include "tests/testing/fake_transport.h"

namespace arm {
namespace {

using testing::FakeClock;
using testing::FakeTransport;

class ProtocolCallTest : public ::testing::Test {
 protected:
  ProtocolCallTest() : creds_(Credentials{"AKIDEXAMPLE", "secret", "", std::nullopt, "static"}) {
    UseEndpoint("");
  }

  void UseEndpoint(std::string endpoint_url, std::string region = "us-east-1") {
    client_.reset();
    EndpointConfig config;
    config.region = std::move(region);
    config.endpoint_url_flag = std::move(endpoint_url);
    resolver_ = std::make_unique<EndpointResolver>(config, env_);
    RetryOptions retry;
    retry.seed = 7;
    client_ = std::make_unique<AwsClient>(transport_, creds_, *resolver_, clock_, retry);
  }

  const HttpRequest& OnlyRequest() {
    EXPECT_EQ(transport_.requests().size(), 1u);
    return transport_.requests().front();
  }

  MapEnvironment env_;
  FakeTransport transport_;
  FakeClock clock_;
  StaticCredentialsProvider creds_;
  std::unique_ptr<EndpointResolver> resolver_;
  std::unique_ptr<AwsClient> client_;
};

const aws_json::JsonService kProtocolsCallKinesis{services::kKinesis, "Kinesis_20131202", "1.1"};

TEST_F(ProtocolCallTest, AwsJsonSendsSignedTargetedPostAndParsesTheAnswer) {
  transport_.Enqueue(200, R"({"StreamNames":["orders"],"HasMoreStreams":false})",
                     {{"x-amzn-RequestId", "rid-1"}});
  CallStats stats;
  Result<nlohmann::json> out =
      aws_json::Call(*client_, kProtocolsCallKinesis, "ListStreams", {}, &stats);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ((*out)["StreamNames"][0], "orders");
  EXPECT_EQ(stats.attempts, 1);
  EXPECT_EQ(stats.request_id, "rid-1");

  const HttpRequest& sent = OnlyRequest();
  EXPECT_EQ(sent.Url(), "https://kinesis.us-east-1.amazonaws.com/");
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.body, "{}");
  EXPECT_EQ(*sent.Header("X-Amz-Target"), "Kinesis_20131202.ListStreams");
  EXPECT_EQ(*sent.Header("Content-Type"), "application/x-amz-json-1.1");
  ASSERT_NE(sent.Header("Authorization"), nullptr);
  EXPECT_NE(sent.Header("Authorization")->find("/us-east-1/kinesis/aws4_request"),
            std::string::npos);
}

TEST_F(ProtocolCallTest, AwsJsonRetriesThrottlingThenSucceeds) {
  transport_.Enqueue(
      400, R"({"__type":"LimitExceededException","message":"Rate exceeded for stream orders"})");
  transport_.Enqueue(200, R"({"StreamDescriptionSummary":{"StreamName":"orders"}})");
  CallStats stats;
  Result<nlohmann::json> out = aws_json::Call(
      *client_, kProtocolsCallKinesis, "DescribeStreamSummary", {{"StreamName", "orders"}}, &stats);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(stats.attempts, 2);
  EXPECT_EQ(transport_.requests().size(), 2u);
  EXPECT_EQ(clock_.sleeps().size(), 1u);
}

TEST_F(ProtocolCallTest, AwsJsonReturnsTheParsedErrorWithoutRetryingClientErrors) {
  transport_.Enqueue(
      400,
      R"({"__type":"ResourceNotFoundException","message":"Stream nope under account 1 not found."})",
      {{"x-amzn-RequestId", "rid-404"}});
  Result<nlohmann::json> out = aws_json::Call(*client_, kProtocolsCallKinesis,
                                              "DescribeStreamSummary", {{"StreamName", "nope"}});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().aws_code(), "ResourceNotFoundException");
  EXPECT_EQ(out.status().request_id(), "rid-404");
  EXPECT_EQ(transport_.requests().size(), 1u);
}

TEST_F(ProtocolCallTest, BadRegionFailsBeforeAnyRequest) {
  UseEndpoint("", "us east 1");
  Result<nlohmann::json> out = aws_json::Call(*client_, kProtocolsCallKinesis, "ListStreams", {});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(transport_.requests().empty());
}

TEST_F(ProtocolCallTest, RestJsonSendsMethodPathQueryAndHandlesEmptyBodies) {
  UseEndpoint("http://127.0.0.1:4566/base");
  transport_.Enqueue(204, "");
  rest_json::RestRequest request{
      "DELETE", "/2017-10-31/functions/my%20fn/concurrency", {{"Qualifier", "a b"}}, std::nullopt};
  Result<nlohmann::json> out = rest_json::Call(*client_, services::kLambda, request);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(*out, nlohmann::json::object());
  const HttpRequest& sent = OnlyRequest();
  EXPECT_EQ(sent.Url(),
            "http://127.0.0.1:4566/base/2017-10-31/functions/my%20fn/"
            "concurrency?Qualifier=a%20b");
  EXPECT_EQ(sent.method, "DELETE");
}

TEST_F(ProtocolCallTest, RestJsonErrorComesFromTheHeader) {
  transport_.Enqueue(
      404,
      R"({"Type":"User","Message":"Function not found: arn:aws:lambda:us-east-1:1:function:f"})",
      {{"X-Amzn-ErrorType", "ResourceNotFoundException"}, {"x-amzn-RequestId", "rid"}});
  Result<nlohmann::json> out = rest_json::Call(
      *client_, services::kLambda, {"GET", "/2015-03-31/functions/f", {}, std::nullopt});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().aws_code(), "ResourceNotFoundException");
  EXPECT_EQ(out.status().http_status(), 404);
}

TEST_F(ProtocolCallTest, QueryXmlPostsTheFormAndReturnsTheResult) {
  transport_.Enqueue(200,
                     "<GetCallerIdentityResponse "
                     "xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                     "<GetCallerIdentityResult><Account>123456789012</Account></"
                     "GetCallerIdentityResult>"
                     "<ResponseMetadata><RequestId>rid-sts</RequestId></ResponseMetadata>"
                     "</GetCallerIdentityResponse>");
  Result<query_xml::QueryResponse> out =
      query_xml::Call(*client_, services::kSts, "GetCallerIdentity", "2011-06-15", {});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_STREQ(out->result.child("Account").text().as_string(), "123456789012");
  EXPECT_EQ(out->request_id, "rid-sts");
  const HttpRequest& sent = OnlyRequest();
  EXPECT_EQ(sent.Url(), "https://sts.us-east-1.amazonaws.com/");
  EXPECT_EQ(sent.body, "Action=GetCallerIdentity&Version=2011-06-15");
}

TEST_F(ProtocolCallTest, QueryXmlErrorIsParsed) {
  transport_.Enqueue(400,
                     "<ErrorResponse><Error><Type>Sender</Type><Code>NotFound</Code>"
                     "<Message>Topic does not "
                     "exist</Message></Error><RequestId>rid-sns</RequestId></ErrorResponse>");
  Result<query_xml::QueryResponse> out = query_xml::Call(
      *client_, services::kSns, "GetTopicAttributes", "2010-03-31", {{"TopicArn", "arn:x"}});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().aws_code(), "NotFound");
  EXPECT_EQ(out.status().request_id(), "rid-sns");
}

TEST_F(ProtocolCallTest, RestXmlIsVirtualHostedOnTheDefaultEndpoint) {
  transport_.Enqueue(200, "<Tagging><TagSet/></Tagging>");
  rest_xml::RestXmlRequest request;
  request.method = "GET";
  request.bucket = "my-bucket";
  request.query = {{"tagging", ""}};
  Result<HttpResponse> out = rest_xml::Call(*client_, services::kS3, request);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  const HttpRequest& sent = OnlyRequest();
  EXPECT_EQ(sent.Url(), "https://my-bucket.s3.us-east-1.amazonaws.com/?tagging");
  EXPECT_NE(sent.Header("x-amz-content-sha256"), nullptr);
}

TEST_F(ProtocolCallTest, RestXmlIsPathStyleUnderAnOverride) {
  UseEndpoint("http://127.0.0.1:4566");
  transport_.Enqueue(200, "");
  rest_xml::RestXmlRequest request;
  request.method = "HEAD";
  request.bucket = "my-bucket";
  request.key = "dir/a b.txt";
  ASSERT_TRUE(rest_xml::Call(*client_, services::kS3, request).ok());
  EXPECT_EQ(OnlyRequest().Url(), "http://127.0.0.1:4566/my-bucket/dir/a%20b.txt");
}

TEST_F(ProtocolCallTest, RestXmlBodilessNotFoundIsNotRetried) {
  transport_.Enqueue(404, "", {{"x-amz-request-id", "S3RID"}});
  rest_xml::RestXmlRequest request;
  request.method = "HEAD";
  request.bucket = "gone-bucket";
  Result<HttpResponse> out = rest_xml::Call(*client_, services::kS3, request);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().aws_code(), "NotFound");
  EXPECT_EQ(out.status().request_id(), "S3RID");
  EXPECT_EQ(transport_.requests().size(), 1u);
}

}  // namespace
}  // namespace arm
