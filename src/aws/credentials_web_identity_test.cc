#include "aws/credentials_web_identity.h"

#include <gtest/gtest.h>

#include "tests/testing/fake_clock.h"
#include "tests/testing/fake_sts_credentials_client.h"
#include "tests/testing/testing.h"

namespace arm {
namespace {

TEST(WebIdentityConfigTest, FromEnvironment) {
  MapEnvironment env;
  EXPECT_FALSE(WebIdentityConfigFromEnv(env)->has_value());
  env.Set("AWS_WEB_IDENTITY_TOKEN_FILE", "/var/run/token");
  auto missing_role = WebIdentityConfigFromEnv(env);
  ASSERT_FALSE(missing_role.ok());
  EXPECT_EQ(missing_role.status().message(),
            "AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not");
  env.Set("AWS_ROLE_ARN", "arn:aws:iam::1:role/pod");
  env.Set("AWS_ROLE_SESSION_NAME", "sess");
  auto c = WebIdentityConfigFromEnv(env);
  ASSERT_TRUE(c.ok() && c->has_value());
  EXPECT_EQ((*c)->token_file, "/var/run/token");
  EXPECT_EQ((*c)->role_arn, "arn:aws:iam::1:role/pod");
  EXPECT_EQ((*c)->role_session_name, "sess");
}

class WebIdentityProviderTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = testing::MakeTempDir("arm-webid"); }
  void TearDown() override { testing::RemoveTree(dir_); }
  std::string dir_;
  RealFileSystem fs_;
  testing::FakeClock clock_;
  testing::FakeStsCredentialsClient sts_{clock_};
};

TEST_F(WebIdentityProviderTest, RereadsRotatedTokenOnRefresh) {
  std::string file = dir_ + "/token";
  ASSERT_TRUE(fs_.WriteFileDurable(file, "token-one", 0600).ok());
  WebIdentityCredentialsProvider p({file, "arn:aws:iam::1:role/pod", "", std::nullopt, "test"}, fs_,
                                   sts_, clock_);
  auto c = p.GetCredentials();
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->source, "assume-role-with-web-identity");
  EXPECT_EQ(sts_.web_identity_calls.at(0).role_session_name, "aws-resource-manager-1440938160");
  ASSERT_TRUE(fs_.WriteFileDurable(file, "token-two", 0600).ok());
  EXPECT_EQ(p.GetCredentials()->access_key_id, "ASIAWEB1");  // cached
  clock_.Advance(std::chrono::minutes(56));
  EXPECT_EQ(p.GetCredentials()->access_key_id, "ASIAWEB2");
  EXPECT_EQ(sts_.web_identity_calls.at(1).web_identity_token, "token-two");
}

TEST_F(WebIdentityProviderTest, MissingTokenFileIsAnError) {
  WebIdentityCredentialsProvider p(
      {dir_ + "/none", "arn:aws:iam::1:role/pod", "", std::nullopt, "test"}, fs_, sts_, clock_);
  auto c = p.GetCredentials();
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kCredentials);
  EXPECT_TRUE(sts_.web_identity_calls.empty());
}

}  // namespace
}  // namespace arm
