#include "aws/protocols/wire_errors.h"

#include <gtest/gtest.h>

namespace arm::protocols {
namespace {

TEST(WireErrorsTest, SanitizeErrorCodeKeepsTheBareName) {
  EXPECT_EQ(SanitizeErrorCode("ResourceNotFoundException"),
            "ResourceNotFoundException");
  EXPECT_EQ(SanitizeErrorCode(
                "com.amazonaws.dynamodb.v20120810#ResourceInUseException"),
            "ResourceInUseException");
  EXPECT_EQ(SanitizeErrorCode(
                "ValidationException:http://internal.amazon.com/coral/"),
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
  EXPECT_EQ(OneLineExcerpt("<html>\n  <body>\r\n oops</body>\n"),
            "<html> <body> oops</body>");
  EXPECT_EQ(OneLineExcerpt(std::string(500, 'x'), 10),
            std::string(10, 'x') + "...");
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

}  // namespace
}  // namespace arm::protocols
