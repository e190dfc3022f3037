#include "core/status.h"

#include <gtest/gtest.h>

namespace arm {

TEST(StatusTest, AwsErrorKeepsCodeStatusAndRequestId) {
  Status s = Status::Aws("ThrottlingException", "Rate exceeded", 400, "req-1", true, true);
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kAwsError);
  EXPECT_TRUE(s.retryable());
  EXPECT_EQ(s.ToString(), "ThrottlingException: Rate exceeded (HTTP 400, request id req-1)");
}

TEST(StatusTest, AccessDeniedMapsToPermission) {
  EXPECT_EQ(Status::Aws("AccessDeniedException", "no", 400, "", false).code(),
            StatusCode::kPermission);
  EXPECT_EQ(Status::Aws("UnrecognizedClientException", "no", 400, "", false).code(),
            StatusCode::kCredentials);
}

TEST(StatusTest, ResultCarriesValueOrStatus) {
  Result<int> ok = 5;
  Result<int> bad = Status::NotFound("x");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, 5);
  EXPECT_FALSE(bad.ok());
  EXPECT_TRUE(bad.status().IsNotFound());
}

}  // namespace arm
