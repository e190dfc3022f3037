#include "aws/credentials_assume_role.h"

#include <gtest/gtest.h>

#include "tests/testing/fake_clock.h"
#include "tests/testing/fake_sts_credentials_client.h"

namespace arm {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

Credentials SourceCreds() {
  Credentials c;
  c.access_key_id = "AKIDSOURCE";
  c.secret_access_key = "source-secret";
  return c;
}

TEST(AssumeRoleCredentialsTest, AssumesWithSourceAndParams) {
  testing::FakeClock clock;
  testing::FakeStsCredentialsClient sts(clock);
  AssumeRoleParams params{"arn:aws:iam::123456789012:role/ops", "", "ext-1", 1800};
  AssumeRoleCredentialsProvider p(
      "dev", params, std::make_unique<StaticCredentialsProvider>(SourceCreds()), sts, clock);
  auto c = p.GetCredentials();
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->access_key_id, "ASIAROLE1");
  EXPECT_EQ(c->source, "assume-role");
  ASSERT_EQ(sts.assume_role_calls.size(), 1u);
  EXPECT_EQ(sts.assume_role_calls[0].role_arn, "arn:aws:iam::123456789012:role/ops");
  EXPECT_EQ(sts.assume_role_calls[0].external_id, "ext-1");
  EXPECT_EQ(sts.assume_role_calls[0].duration_seconds, 1800);
  EXPECT_EQ(sts.assume_role_calls[0].role_session_name, "aws-resource-manager-1440938160");
  EXPECT_EQ(sts.sources[0].access_key_id, "AKIDSOURCE");
}

TEST(AssumeRoleCredentialsTest, CachedUntilFiveMinutesBeforeExpiry) {
  testing::FakeClock clock;
  testing::FakeStsCredentialsClient sts(clock, std::chrono::hours(1));
  AssumeRoleCredentialsProvider p("dev", {"arn:aws:iam::1:role/r", "s", "", std::nullopt},
                                  std::make_unique<StaticCredentialsProvider>(SourceCreds()), sts,
                                  clock);
  EXPECT_EQ(p.GetCredentials()->access_key_id, "ASIAROLE1");
  clock.Advance(minutes(54));
  EXPECT_EQ(p.GetCredentials()->access_key_id, "ASIAROLE1");
  EXPECT_EQ(sts.assume_role_calls.size(), 1u);
  clock.Advance(minutes(1) + seconds(1));  // 4:59 left
  EXPECT_EQ(p.GetCredentials()->access_key_id, "ASIAROLE2");
  EXPECT_EQ(sts.assume_role_calls.size(), 2u);
}

TEST(AssumeRoleCredentialsTest, FailedEarlyRefreshKeepsUnexpiredCredentials) {
  testing::FakeClock clock;
  testing::FakeStsCredentialsClient sts(clock, std::chrono::hours(1));
  AssumeRoleCredentialsProvider p("dev", {"arn:aws:iam::1:role/r", "s", "", std::nullopt},
                                  std::make_unique<StaticCredentialsProvider>(SourceCreds()), sts,
                                  clock);
  ASSERT_TRUE(p.GetCredentials().ok());
  clock.Advance(minutes(57));
  sts.FailNext(Status::NetworkError("reset"));
  EXPECT_EQ(p.GetCredentials()->access_key_id, "ASIAROLE1");
  clock.Advance(minutes(4));  // expired
  sts.FailNext(Status::Aws("AccessDenied", "not allowed", 403, "req-1", false));
  auto c = p.GetCredentials();
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().aws_code(), "AccessDenied");
}

TEST(AssumeRoleCredentialsTest, MissingSourceCredentialsIsAnError) {
  testing::FakeClock clock;
  testing::FakeStsCredentialsClient sts(clock);
  class Empty final : public CredentialsProvider {
   public:
    Result<Credentials> GetCredentials() override { return Status::NotFound("nothing"); }
    std::string Name() const override { return "empty"; }
  };
  AssumeRoleCredentialsProvider p("dev", {"arn:aws:iam::1:role/r", "", "", std::nullopt},
                                  std::make_unique<Empty>(), sts, clock);
  auto c = p.GetCredentials();
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kCredentials);
  EXPECT_TRUE(sts.assume_role_calls.empty());
}

}  // namespace
}  // namespace arm
