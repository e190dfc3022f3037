#include "aws/protocols/rest_json.h"

#include <gtest/gtest.h>

namespace arm::rest_json {
namespace {

HttpResponse Response(int status, std::string body, Headers headers = {}) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  return r;
}

TEST(RestJsonTest, GetWithEncodedLabelAndSortedEncodedQuery) {
  RestRequest request{.method = "GET",
                      .path = "/2015-03-31/functions/" +
                              UriEncode("arn:aws:lambda:us-east-1:1:function:f") + "/configuration",
                      .query = {{"Qualifier", "$LATEST"}, {"Marker", "a b/c+d=e&f"}},
                      .body = std::nullopt};
  Result<HttpRequest> out = BuildRequest(request);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out->method, "GET");
  EXPECT_EQ(out->path,
            "/2015-03-31/functions/"
            "arn%3Aaws%3Alambda%3Aus-east-1%3A1%3Afunction%3Af/configuration");
  EXPECT_EQ(out->query, "Marker=a%20b%2Fc%2Bd%3De%26f&Qualifier=%24LATEST");
  EXPECT_EQ(out->body, "");
  EXPECT_EQ(out->Header("Content-Type"), nullptr);
}

TEST(RestJsonTest, PutWithJsonBodySetsContentType) {
  RestRequest request{.method = "PUT",
                      .path = "/2017-10-31/functions/f/concurrency",
                      .query = {},
                      .body = nlohmann::json{{"ReservedConcurrentExecutions", 0}}};
  Result<HttpRequest> out = BuildRequest(request);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->method, "PUT");
  EXPECT_EQ(out->query, "");
  EXPECT_EQ(out->body, R"({"ReservedConcurrentExecutions":0})");
  ASSERT_NE(out->Header("Content-Type"), nullptr);
  EXPECT_EQ(*out->Header("Content-Type"), "application/json");
}

TEST(RestJsonTest, RejectsRequestsWithoutMethodOrAbsolutePath) {
  EXPECT_EQ(
      BuildRequest({.method = "", .path = "/x", .query = {}, .body = std::nullopt}).status().code(),
      StatusCode::kInvalidArgument);
  EXPECT_EQ(BuildRequest({.method = "GET", .path = "x", .query = {}, .body = std::nullopt})
                .status()
                .code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(BuildRequest(
                {.method = "PUT", .path = "/x", .query = {}, .body = nlohmann::json{{"a", "\xff"}}})
                .status()
                .code(),
            StatusCode::kInvalidArgument);
}

TEST(RestJsonTest, ParsesBodiesAndTreatsEmptyAsObject) {
  Result<nlohmann::json> out =
      ParseResponse(Response(200, R"({"ReservedConcurrentExecutions":5})"));
  ASSERT_TRUE(out.ok());
  EXPECT_EQ((*out)["ReservedConcurrentExecutions"], 5);
  Result<nlohmann::json> empty = ParseResponse(Response(204, ""));
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*empty, nlohmann::json::object());
  Result<nlohmann::json> bad = ParseResponse(Response(200, "{oops"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().aws_code(), "MalformedResponse");
}

TEST(RestJsonTest, ErrorCodeComesFromTheErrorTypeHeader) {
  // Lambda GetFunction on a missing function, as the service answers.
  Status s = ParseError(Response(
      404,
      R"({"Type":"User","Message":"Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope"})",
      {{"x-amzn-RequestId", "3b3c1a5e-0000-4000-8000-000000000001"},
       {"X-Amzn-ErrorType", "ResourceNotFoundException"}}));
  EXPECT_EQ(s.code(), StatusCode::kAwsError);
  EXPECT_EQ(s.aws_code(), "ResourceNotFoundException");
  EXPECT_EQ(s.message(),
            "Function not found: "
            "arn:aws:lambda:us-east-1:123456789012:function:nope");
  EXPECT_EQ(s.http_status(), 404);
  EXPECT_EQ(s.request_id(), "3b3c1a5e-0000-4000-8000-000000000001");
  EXPECT_FALSE(s.retryable());
}

TEST(RestJsonTest, HeaderCodeIsStrippedAfterColon) {
  Status s = ParseError(Response(400, R"({"message":"1 validation error detected"})",
                                 {{"X-Amzn-ErrorType",
                                   "ValidationException:http://internal.amazon.com/"
                                   "coral/com.amazon.coral.validate/"}}));
  EXPECT_EQ(s.aws_code(), "ValidationException");
  EXPECT_EQ(s.message(), "1 validation error detected");
}

TEST(RestJsonTest, HeaderBeatsBodyCode) {
  Status s = ParseError(Response(400, R"({"code":"FromBody","__type":"FromType","message":"m"})",
                                 {{"x-amzn-errortype", "FromHeader"}}));
  EXPECT_EQ(s.aws_code(), "FromHeader");
}

TEST(RestJsonTest, BodyTypeThenCodeWhenNoHeader) {
  EXPECT_EQ(ParseError(Response(400, R"({"__type":"ns#FooError","message":"m"})")).aws_code(),
            "FooError");
  EXPECT_EQ(ParseError(Response(400, R"({"code":"BarError","message":"m"})")).aws_code(),
            "BarError");
  EXPECT_EQ(ParseError(Response(400, R"({"Code":"BazError","Message":"m"})")).aws_code(),
            "BazError");
}

TEST(RestJsonTest, TooManyRequestsIsThrottling) {
  Status s = ParseError(Response(
      429, R"({"Reason":"CallerRateLimitExceeded","Type":"User","message":"Rate exceeded"})",
      {{"X-Amzn-ErrorType", "TooManyRequestsException"}, {"Retry-After", "1"}}));
  EXPECT_EQ(s.aws_code(), "TooManyRequestsException");
  EXPECT_EQ(s.message(), "Rate exceeded");
  EXPECT_TRUE(s.throttling());
  EXPECT_TRUE(s.retryable());
}

TEST(RestJsonTest, MalformedErrorBodiesGiveUnknownErrorWithStatus) {
  for (const char* body :
       {"", "<html>Bad Gateway</html>", "{\"code\":", "[]", R"({"Type":"User"})"}) {
    Status s = ParseError(Response(502, body));
    EXPECT_EQ(s.aws_code(), "UnknownError") << body;
    EXPECT_EQ(s.http_status(), 502) << body;
    EXPECT_TRUE(s.retryable()) << body;
    EXPECT_NE(s.message().find("HTTP 502"), std::string::npos);
  }
}

}  // namespace
}  // namespace arm::rest_json
