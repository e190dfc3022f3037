#include "aws/credentials_profile.h"

#include <gtest/gtest.h>

namespace arm {
namespace {

Profile MakeProfile(std::map<std::string, std::string> values) {
  Profile p;
  p.name = "dev";
  p.values = std::move(values);
  p.in_credentials_file = true;
  return p;
}

TEST(ProfileCredentialsTest, ReadsStaticKeys) {
  ProfileCredentialsProvider p(MakeProfile({{"aws_access_key_id", "AKID"},
                                            {"aws_secret_access_key", "s3cr3t"},
                                            {"aws_session_token", "tok"}}));
  auto c = p.GetCredentials();
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->access_key_id, "AKID");
  EXPECT_EQ(c->session_token, "tok");
  EXPECT_EQ(c->source, "shared-credentials-file");
}

TEST(ProfileCredentialsTest, NoKeysIsNotFound) {
  EXPECT_TRUE(ProfileCredentialsProvider(MakeProfile({{"region", "us-east-1"}}))
                  .GetCredentials()
                  .status()
                  .IsNotFound());
}

TEST(ProfileCredentialsTest, HalfAPairIsAnErrorWithoutTheSecret) {
  auto c = ProfileCredentialsProvider(MakeProfile({{"aws_secret_access_key", "TOPSECRET"}}))
               .GetCredentials();
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kCredentials);
  EXPECT_EQ(c.status().ToString().find("TOPSECRET"), std::string::npos);
}

}  // namespace
}  // namespace arm
