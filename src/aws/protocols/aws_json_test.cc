#include "aws/protocols/aws_json.h"

#include <gtest/gtest.h>

namespace arm::aws_json {
namespace {

const JsonService kKinesis{services::kKinesis, "Kinesis_20131202", "1.1"};
const JsonService kDynamoDb{services::kDynamoDb, "DynamoDB_20120810", "1.0"};

HttpResponse Response(int status, std::string body, Headers headers = {}) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  return r;
}

TEST(AwsJsonTest, RequestIsPostToRootWithTargetAndVersionedContentType) {
  Result<HttpRequest> request = BuildRequest(kKinesis, "ListStreams", {{"Limit", 10}});
  ASSERT_TRUE(request.ok());
  EXPECT_EQ(request->method, "POST");
  EXPECT_EQ(request->path, "/");
  EXPECT_EQ(request->query, "");
  ASSERT_NE(request->Header("Content-Type"), nullptr);
  EXPECT_EQ(*request->Header("Content-Type"), "application/x-amz-json-1.1");
  ASSERT_NE(request->Header("X-Amz-Target"), nullptr);
  EXPECT_EQ(*request->Header("X-Amz-Target"), "Kinesis_20131202.ListStreams");
  EXPECT_EQ(request->body, R"({"Limit":10})");
}

TEST(AwsJsonTest, JsonOneZeroServicesSayOneZero) {
  Result<HttpRequest> request = BuildRequest(kDynamoDb, "DescribeTable", {{"TableName", "orders"}});
  ASSERT_TRUE(request.ok());
  EXPECT_EQ(*request->Header("Content-Type"), "application/x-amz-json-1.0");
  EXPECT_EQ(*request->Header("X-Amz-Target"), "DynamoDB_20120810.DescribeTable");
}

TEST(AwsJsonTest, EmptyInputSendsEmptyObject) {
  EXPECT_EQ(BuildRequest(kKinesis, "ListStreams", nlohmann::json())->body, "{}");
  EXPECT_EQ(BuildRequest(kKinesis, "ListStreams", nlohmann::json::object())->body, "{}");
}

TEST(AwsJsonTest, StringsAreEscapedByTheSerializer) {
  Result<HttpRequest> request =
      BuildRequest(kKinesis, "DescribeStream", {{"StreamName", "a\"b\\c\n\u00e9"}});
  ASSERT_TRUE(request.ok());
  nlohmann::json round_trip = nlohmann::json::parse(request->body);
  EXPECT_EQ(round_trip["StreamName"], "a\"b\\c\n\u00e9");
}

TEST(AwsJsonTest, NonObjectOrInvalidUtf8InputIsInvalidArgument) {
  EXPECT_EQ(BuildRequest(kKinesis, "ListStreams", nlohmann::json::array()).status().code(),
            StatusCode::kInvalidArgument);
  Result<HttpRequest> bad = BuildRequest(kKinesis, "DescribeStream", {{"StreamName", "\xff\xfe"}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("DescribeStream"), std::string::npos);
}

TEST(AwsJsonTest, ParsesSuccessfulBody) {
  Result<nlohmann::json> out =
      ParseResponse(Response(200, R"({"StreamNames":["a","b"],"HasMoreStreams":false})"));
  ASSERT_TRUE(out.ok());
  EXPECT_EQ((*out)["StreamNames"][1], "b");
  EXPECT_EQ((*out)["HasMoreStreams"], false);
}

TEST(AwsJsonTest, EmptySuccessfulBodyIsAnEmptyObject) {
  Result<nlohmann::json> out = ParseResponse(Response(200, ""));
  ASSERT_TRUE(out.ok());
  EXPECT_TRUE(out->is_object());
  EXPECT_TRUE(out->empty());
}

TEST(AwsJsonTest, InvalidSuccessfulBodyIsAnErrorNotACrash) {
  Result<nlohmann::json> out =
      ParseResponse(Response(200, R"({"StreamNames":["a",)", {{"x-amzn-RequestId", "rid-1"}}));
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().aws_code(), "MalformedResponse");
  EXPECT_EQ(out.status().http_status(), 200);
  EXPECT_EQ(out.status().request_id(), "rid-1");
}

TEST(AwsJsonTest, ErrorCodeDropsTheNamespace) {
  // DynamoDB, as captured from the service.
  Status s = ParseError(
      Response(400,
               R"({"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException",)"
               R"("message":"Requested resource not found: Table: orders not found"})",
               {{"x-amzn-RequestId", "KQ2ON4R0LJ1C8V2EHEP3Q3PRQVVV4KQNSO5AEMVJF66Q9ASUAAJG"}}));
  EXPECT_EQ(s.code(), StatusCode::kAwsError);
  EXPECT_EQ(s.aws_code(), "ResourceNotFoundException");
  EXPECT_EQ(s.message(), "Requested resource not found: Table: orders not found");
  EXPECT_EQ(s.http_status(), 400);
  EXPECT_EQ(s.request_id(), "KQ2ON4R0LJ1C8V2EHEP3Q3PRQVVV4KQNSO5AEMVJF66Q9ASUAAJG");
  EXPECT_FALSE(s.retryable());
  EXPECT_FALSE(s.throttling());
}

TEST(AwsJsonTest, ErrorCodeDropsTextAfterColonAndReadsCapitalMessage) {
  Status s = ParseError(Response(
      400,
      R"({"__type":"com.amazon.coral.validate#ValidationException:http://internal.amazon.com/coral/com.amazon.coral.validate/",)"
      R"("Message":"1 validation error detected: Value 'x y' at 'streamName' failed to satisfy constraint"})"));
  EXPECT_EQ(s.aws_code(), "ValidationException");
  EXPECT_EQ(s.message(),
            "1 validation error detected: Value 'x y' at 'streamName' failed "
            "to satisfy constraint");
}

TEST(AwsJsonTest, ThrottlingErrorsAreRetryableAndMarked) {
  Status s = ParseError(Response(
      400,
      R"({"__type":"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",)"
      R"("message":"The level of configured provisioned throughput for the table was exceeded."})"));
  EXPECT_EQ(s.aws_code(), "ProvisionedThroughputExceededException");
  EXPECT_TRUE(s.throttling());
  EXPECT_TRUE(s.retryable());

  Status t =
      ParseError(Response(400, R"({"__type":"ThrottlingException","message":"Rate exceeded"})"));
  EXPECT_TRUE(t.throttling());
  EXPECT_TRUE(t.retryable());
}

TEST(AwsJsonTest, CredentialAndPermissionErrorsMapToTheirStatusCodes) {
  Status creds = ParseError(Response(
      400,
      R"({"__type":"UnrecognizedClientException","message":"The security token included in the request is invalid."})"));
  EXPECT_EQ(creds.code(), StatusCode::kCredentials);
  EXPECT_FALSE(creds.retryable());
  Status denied = ParseError(Response(
      400,
      R"({"__type":"com.amazon.coral.service#AccessDeniedException","Message":"User: arn:aws:iam::123456789012:user/x is not authorized to perform: kinesis:ListStreams"})"));
  EXPECT_EQ(denied.code(), StatusCode::kPermission);
  EXPECT_EQ(denied.aws_code(), "AccessDeniedException");
}

TEST(AwsJsonTest, ErrorTypeHeaderIsUsedWhenTheBodyHasNoType) {
  Status s = ParseError(Response(400, R"({"message":"Could not find endpoint \"ep\"."})",
                                 {{"x-amzn-ErrorType",
                                   "ValidationException:http://internal.amazon.com/coral/"
                                   "com.amazon.coral.validate/"}}));
  EXPECT_EQ(s.aws_code(), "ValidationException");
  EXPECT_EQ(s.message(), "Could not find endpoint \"ep\".");
}

TEST(AwsJsonTest, ServerErrorsAreRetryable) {
  Status s =
      ParseError(Response(500, R"({"__type":"InternalFailure","message":"internal error"})"));
  EXPECT_EQ(s.aws_code(), "InternalFailure");
  EXPECT_TRUE(s.retryable());
}

TEST(AwsJsonTest, MalformedErrorBodiesGiveUnknownErrorWithStatus) {
  for (const char* body : {"", "<html><body>502 Bad Gateway</body></html>", "{\"__type\":", "[1,2]",
                           "null", R"({"__type":42,"message":7})"}) {
    Status s = ParseError(Response(502, body, {{"x-amzn-RequestId", "rid"}}));
    EXPECT_FALSE(s.ok()) << body;
    EXPECT_EQ(s.aws_code(), "UnknownError") << body;
    EXPECT_EQ(s.http_status(), 502) << body;
    EXPECT_EQ(s.request_id(), "rid") << body;
    EXPECT_TRUE(s.retryable()) << body;
    EXPECT_NE(s.message().find("HTTP 502"), std::string::npos) << s.message();
  }
  Status client = ParseError(Response(400, ""));
  EXPECT_EQ(client.aws_code(), "UnknownError");
  EXPECT_FALSE(client.retryable());
}

}  // namespace
}  // namespace arm::aws_json
