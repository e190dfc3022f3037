#include "aws/protocols/rest_xml.h"

#include <gtest/gtest.h>

namespace arm::rest_xml {
namespace {

HttpResponse Response(int status, std::string body, Headers headers = {}) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  return r;
}

RestXmlRequest Req(std::string method, std::string bucket, std::string key = "",
                   std::map<std::string, std::string> query = {}) {
  RestXmlRequest r;
  r.method = std::move(method);
  r.bucket = std::move(bucket);
  r.key = std::move(key);
  r.query = std::move(query);
  return r;
}

TEST(RestXmlTest, VirtualHostedByDefault) {
  Result<HttpRequest> out = BuildRequest(Req("GET", "my-bucket", "photos/2024/a b+c.jpg"), false);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->method, "GET");
  EXPECT_EQ(out->host, "my-bucket.");
  EXPECT_EQ(out->path, "/photos/2024/a%20b%2Bc.jpg");
}

TEST(RestXmlTest, BucketOperationsUseRootPath) {
  Result<HttpRequest> out = BuildRequest(Req("GET", "my-bucket", "", {{"tagging", ""}}), false);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->host, "my-bucket.");
  EXPECT_EQ(out->path, "/");
  EXPECT_EQ(out->query, "tagging");
}

TEST(RestXmlTest, PathStyleWhenTheEndpointIsOverridden) {
  Result<HttpRequest> out = BuildRequest(Req("HEAD", "my-bucket", "dir/key~1"), true);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->host, "");
  EXPECT_EQ(out->path, "/my-bucket/dir/key~1");
  Result<HttpRequest> bucket_only =
      BuildRequest(Req("GET", "my-bucket", "", {{"tagging", ""}}), true);
  EXPECT_EQ(bucket_only->path, "/my-bucket");
}

TEST(RestXmlTest, PathStyleForBucketsThatAreNotDnsLabels) {
  for (const char* bucket : {"my.bucket", "My_Bucket", "ab", "-bucket", "bucket-"}) {
    Result<HttpRequest> out = BuildRequest(Req("GET", bucket, "k"), false);
    ASSERT_TRUE(out.ok()) << bucket;
    EXPECT_EQ(out->host, "") << bucket;
    EXPECT_EQ(out->path, "/" + UriEncode(bucket) + "/k") << bucket;
  }
}

TEST(RestXmlTest, VirtualHostableBucketRules) {
  EXPECT_TRUE(IsVirtualHostableBucket("abc"));
  EXPECT_TRUE(IsVirtualHostableBucket("arm-demo-123"));
  EXPECT_TRUE(IsVirtualHostableBucket(std::string(63, 'a')));
  EXPECT_FALSE(IsVirtualHostableBucket(std::string(64, 'a')));
  EXPECT_FALSE(IsVirtualHostableBucket("a.b.c"));
  EXPECT_FALSE(IsVirtualHostableBucket("ABC"));
  EXPECT_FALSE(IsVirtualHostableBucket(""));
}

TEST(RestXmlTest, QueryIsSortedAndEncodedHeadersAndBodyKept) {
  RestXmlRequest r = Req("PUT", "b-1", "", {{"versionId", "a/b c"}, {"tagging", ""}});
  r.headers = {{"Content-MD5", "1B2M2Y8AsgTpgAmY7PhCfg=="}};
  r.body = "<Tagging><TagSet/></Tagging>";
  Result<HttpRequest> out = BuildRequest(r, false);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->query, "tagging&versionId=a%2Fb%20c");
  ASSERT_NE(out->Header("Content-MD5"), nullptr);
  EXPECT_EQ(out->body, "<Tagging><TagSet/></Tagging>");
}

TEST(RestXmlTest, ListBucketsHasNoBucketAndKeyNeedsABucket) {
  Result<HttpRequest> out = BuildRequest(Req("GET", ""), false);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->host, "");
  EXPECT_EQ(out->path, "/");
  EXPECT_EQ(BuildRequest(Req("GET", "", "k"), false).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(BuildRequest(Req("", "b-1"), false).status().code(), StatusCode::kInvalidArgument);
}

TEST(RestXmlTest, ParsesS3Error) {
  Status s = ParseError(Response(404, R"(<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message><BucketName>nope-123</BucketName><RequestId>4442587FB7D0A2F9</RequestId><HostId>WZ8aT5xHf1Hm3h9Nh2B7ZLTR0a4jJwRKgA0QdXwE8nXG0y/Rw==</HostId></Error>)",
                                 {{"x-amz-request-id", "4442587FB7D0A2F9"}}));
  EXPECT_EQ(s.code(), StatusCode::kAwsError);
  EXPECT_EQ(s.aws_code(), "NoSuchBucket");
  EXPECT_EQ(s.message(), "The specified bucket does not exist");
  EXPECT_EQ(s.http_status(), 404);
  EXPECT_EQ(s.request_id(), "4442587FB7D0A2F9");
  EXPECT_FALSE(s.retryable());
}

TEST(RestXmlTest, RequestIdFallsBackToTheBody) {
  Status s = ParseError(Response(403,
                                 "<Error><Code>AccessDenied</Code><Message>Access "
                                 "Denied</Message><RequestId>BODYID</RequestId></Error>"));
  EXPECT_EQ(s.code(), StatusCode::kPermission);
  EXPECT_EQ(s.request_id(), "BODYID");
}

TEST(RestXmlTest, SlowDownIsThrottling) {
  Status s = ParseError(Response(503,
                                 "<Error><Code>SlowDown</Code><Message>Please reduce "
                                 "your request rate.</Message></Error>"));
  EXPECT_EQ(s.aws_code(), "SlowDown");
  EXPECT_TRUE(s.throttling());
  EXPECT_TRUE(s.retryable());
}

TEST(RestXmlTest, RedirectNamesTheBucketRegion) {
  Status s = ParseError(Response(301,
                                 "<Error><Code>PermanentRedirect</Code><Message>The bucket you "
                                 "are attempting to access must be addressed using "
                                 "the specified endpoint. Please send all future requests to "
                                 "this endpoint.</Message>"
                                 "<Endpoint>b-1.s3.eu-west-1.amazonaws.com</"
                                 "Endpoint><Bucket>b-1</Bucket></Error>",
                                 {{"x-amz-bucket-region", "eu-west-1"}}));
  EXPECT_EQ(s.aws_code(), "PermanentRedirect");
  EXPECT_NE(s.message().find("(the bucket is in eu-west-1)"), std::string::npos) << s.message();
}

TEST(RestXmlTest, ErrorResponseShapeIsAlsoRead) {
  Status s =
      ParseError(Response(400,
                          "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidInput</Code>"
                          "<Message>Invalid resource type: foo</Message></Error>"
                          "<RequestId>request-id</RequestId></ErrorResponse>"));
  EXPECT_EQ(s.aws_code(), "InvalidInput");
  EXPECT_EQ(s.request_id(), "request-id");
}

TEST(RestXmlTest, BodilessErrorsMapTheStatus) {
  struct Case {
    int status;
    const char* code;
    bool retryable;
  };
  for (Case c :
       {Case{404, "NotFound", false}, Case{403, "Forbidden", false}, Case{400, "BadRequest", false},
        Case{412, "PreconditionFailed", false}, Case{500, "InternalError", true},
        Case{503, "ServiceUnavailable", true}, Case{418, "UnknownError", false}}) {
    Status s = ParseError(Response(c.status, "", {{"x-amz-request-id", "HEADID"}}));
    EXPECT_EQ(s.aws_code(), c.code) << c.status;
    EXPECT_EQ(s.http_status(), c.status);
    EXPECT_EQ(s.request_id(), "HEADID");
    EXPECT_EQ(s.retryable(), c.retryable) << c.status;
    EXPECT_NE(s.message().find("HTTP " + std::to_string(c.status)), std::string::npos);
  }
}

TEST(RestXmlTest, MalformedErrorBodiesFallBackToTheStatus) {
  for (const char* body :
       {"<html><body>Gateway Timeout", "<Error><Message>no code</Message></Error>", "{}"}) {
    Status s = ParseError(Response(504, body));
    EXPECT_EQ(s.aws_code(), "UnknownError") << body;
    EXPECT_EQ(s.http_status(), 504);
    EXPECT_TRUE(s.retryable());
  }
  EXPECT_EQ(ParseError(Response(404, "<oops")).aws_code(), "NotFound");
}

}  // namespace
}  // namespace arm::rest_xml
