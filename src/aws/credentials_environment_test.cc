#include "aws/credentials_environment.h"

#include <gtest/gtest.h>

namespace arm {
namespace {

TEST(EnvironmentCredentialsTest, ReadsKeysAndSessionToken) {
  MapEnvironment env;
  env.Set("AWS_ACCESS_KEY_ID", "AKIDENV");
  env.Set("AWS_SECRET_ACCESS_KEY", "env-secret");
  env.Set("AWS_SESSION_TOKEN", "env-token");
  env.Set("AWS_CREDENTIAL_EXPIRATION", "2030-01-01T00:00:00Z");
  EnvironmentCredentialsProvider p(env);
  auto c = p.GetCredentials();
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->access_key_id, "AKIDENV");
  EXPECT_EQ(c->secret_access_key, "env-secret");
  EXPECT_EQ(c->session_token, "env-token");
  EXPECT_TRUE(c->expiration.has_value());
  EXPECT_EQ(c->source, "environment");
}

TEST(EnvironmentCredentialsTest, NothingSetIsNotFound) {
  MapEnvironment env;
  env.Set("AWS_ACCESS_KEY_ID", "");
  EXPECT_TRUE(EnvironmentCredentialsProvider(env).GetCredentials().status().IsNotFound());
}

TEST(EnvironmentCredentialsTest, KeyIdWithoutSecretIsAnError) {
  MapEnvironment env;
  env.Set("AWS_ACCESS_KEY_ID", "AKIDENV");
  auto c = EnvironmentCredentialsProvider(env).GetCredentials();
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kCredentials);
  EXPECT_EQ(c.status().message(), "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not");
}

}  // namespace
}  // namespace arm
