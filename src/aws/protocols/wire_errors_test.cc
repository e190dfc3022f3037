#include "aws/protocols/wire_errors.h"

#include <gtest/gtest.h>

namespace arm::protocols {
namespace {

TEST(WireErrorsTest, SanitizeErrorCodeKeepsTheBareName) {
  EXPECT_EQ(SanitizeErrorCode("ResourceNotFoundException"), "ResourceNotFoundException");
  EXPECT_EQ(SanitizeErrorCode("com.amazonaws.dynamodb.v20120810#ResourceInUseException"),
            "ResourceInUseException");
  EXPECT_EQ(SanitizeErrorCode("ValidationException:http://internal.amazon.com/coral/"),
            "ValidationException");
  EXPECT_EQ(SanitizeErrorCode("aws.protocoltests.restjson#FooError:http://"
                              "internal.amazon.com/coral/com.amazon/"),
            "FooError");
  EXPECT_EQ(SanitizeErrorCode(" FooError "), "FooError");
  EXPECT_EQ(SanitizeErrorCode(""), "");
}

TEST(WireErrorsTest, RequestIdPrefersAmznHeader) {
  HttpResponse r;
  r.headers = {{"X-Amz-Request-Id", "s3-id"}};
  EXPECT_EQ(RequestIdFromHeaders(r), "s3-id");
  r.headers.emplace_back("X-Amzn-RequestId", "amzn-id");
  EXPECT_EQ(RequestIdFromHeaders(r), "amzn-id");
  EXPECT_EQ(RequestIdFromHeaders(HttpResponse{}), "");
}

TEST(WireErrorsTest, ExcerptIsOneLineAndBounded) {
  EXPECT_EQ(OneLineExcerpt("<html>\n  <body>\r\n oops</body>\n"), "<html> <body> oops</body>");
  EXPECT_EQ(OneLineExcerpt(std::string(500, 'x'), 10), std::string(10, 'x') + "...");
  // Cutting inside "é" (2 bytes) backs off to the character boundary.
  EXPECT_EQ(OneLineExcerpt("ab\xc3\xa9z", 3), "ab...");
}

TEST(WireErrorsTest, UnparsableErrorKeepsStatusAndRequestId) {
  HttpResponse r;
  r.status = 503;
  r.body = "<html>Service Unavailable</html>";
  Status s = UnparsableError(r, "a body that is not JSON", "rid");
  EXPECT_EQ(s.aws_code(), "UnknownError");
  EXPECT_EQ(s.http_status(), 503);
  EXPECT_EQ(s.request_id(), "rid");
  EXPECT_TRUE(s.retryable());
  EXPECT_EQ(s.message(),
            "HTTP 503 error with a body that is not JSON: <html>Service "
            "Unavailable</html>");
}

TEST(WireErrorsTest, AServersMessageIsRedactedOneLineAndCapped) {
  Status s = AwsError("InvalidSignatureException",
                      "The Canonical String for this request should have been\n'POST\n/\n"
                      "x-amz-security-token:echoed-session-token-77\n'\n" +
                          std::string(1000, 'x'),
                      403, "rid\n1");
  EXPECT_EQ(s.message().find("echoed-session-token-77"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("x-amz-security-token:[redacted]"), std::string::npos);
  EXPECT_EQ(s.message().find('\n'), std::string::npos);
  EXPECT_LE(s.message().size(), 515u);
  EXPECT_EQ(s.request_id(), "rid 1");
  EXPECT_EQ(s.aws_code(), "InvalidSignatureException");
}

// The excerpt of a body that did not parse is redacted before it is cut, so
// no token is left in part; a malformed 2xx answer is treated the same.
TEST(WireErrorsTest, ExcerptsOfBodiesAreRedactedBeforeTheyAreCut) {
  HttpResponse r;
  r.status = 500;
  r.body = "<html>x-amz-security-token: " + std::string(200, 'T') + "</html>";
  Status unparsable = UnparsableError(r, "a body that is not XML", "");
  EXPECT_EQ(unparsable.message().find("TTTT"), std::string::npos) << unparsable.message();
  r.status = 200;
  r.body = R"({"SecretAccessKey": "malformed-secret-key", )";
  Status malformed = MalformedResponse(r, "body is not valid JSON", "");
  EXPECT_EQ(malformed.message().find("malformed-secret-key"), std::string::npos)
      << malformed.message();
}

}  // namespace
}  // namespace arm::protocols
