#include "aws/credentials_profile_chain.h"

#include <gtest/gtest.h>

#include "core/file_system.h"
#include "tests/testing/fake_clock.h"
#include "tests/testing/fake_sts_credentials_client.h"
#include "tests/testing/fake_transport.h"
#include "tests/testing/testing.h"

namespace arm {
namespace {

class ChainNoProcess final : public ProcessRunner {
 public:
  Result<ProcessResult> Run(const std::vector<std::string>&, std::chrono::milliseconds,
                            size_t) override {
    return Status::Internal("no process expected");
  }
};

class ProfileChainTest : public ::testing::Test {
 protected:
  SharedConfig Config(const std::string& config, const std::string& creds = "") {
    SharedConfigPaths paths{"/h/.aws/config", "/h/.aws/credentials", "~/.aws/config",
                            "~/.aws/credentials"};
    auto c = SharedConfig::Parse(config, creds, paths);
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    return *c;
  }
  Result<Credentials> Get(const SharedConfig& config, const std::string& profile) {
    auto p = ProviderForProfile(deps_, config, profile);
    if (!p.ok()) return p.status();
    return (*p)->GetCredentials();
  }

  MapEnvironment env_;
  RealFileSystem fs_;
  testing::FakeTransport transport_;
  testing::FakeClock clock_;
  ChainNoProcess process_;
  testing::FakeStsCredentialsClient sts_{clock_};
  CredentialDeps deps_{env_, fs_, transport_, clock_, process_, sts_};
};

TEST_F(ProfileChainTest, StaticKeys) {
  auto c = Get(Config("", "[dev]\naws_access_key_id = AKID\naws_secret_access_key = s\n"), "dev");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->access_key_id, "AKID");
}

TEST_F(ProfileChainTest, AssumeRoleFromSourceProfileWithAllSettings) {
  auto config = Config(
      "[profile ops]\nrole_arn = arn:aws:iam::1:role/ops\nsource_profile = base\nexternal_id = "
      "x-1\n"
      "role_session_name = me\nduration_seconds = 900\n",
      "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n");
  auto c = Get(config, "ops");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->access_key_id, "ASIAROLE1");
  ASSERT_EQ(sts_.assume_role_calls.size(), 1u);
  EXPECT_EQ(sts_.assume_role_calls[0].external_id, "x-1");
  EXPECT_EQ(sts_.assume_role_calls[0].role_session_name, "me");
  EXPECT_EQ(sts_.assume_role_calls[0].duration_seconds, 900);
  EXPECT_EQ(sts_.sources[0].access_key_id, "AKIDBASE");
}

TEST_F(ProfileChainTest, ChainedRolesAssumeInOrder) {
  auto config = Config(
      "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n"
      "[profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = c\n"
      "[profile c]\naws_access_key_id = AKIDC\naws_secret_access_key = s\n");
  auto c = Get(config, "a");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  ASSERT_EQ(sts_.assume_role_calls.size(), 2u);
  EXPECT_EQ(sts_.assume_role_calls[0].role_arn, "arn:aws:iam::1:role/b");
  EXPECT_EQ(sts_.sources[0].access_key_id, "AKIDC");
  EXPECT_EQ(sts_.assume_role_calls[1].role_arn, "arn:aws:iam::1:role/a");
  EXPECT_EQ(sts_.sources[1].access_key_id, "ASIAROLE1");
}

TEST_F(ProfileChainTest, SourceProfileCycleIsDetected) {
  auto config = Config(
      "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n"
      "[profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = a\n");
  auto p = ProviderForProfile(deps_, config, "a");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(p.status().message(), "source_profile cycle: a -> b -> a");
}

TEST_F(ProfileChainTest, SelfReferenceWithStaticKeysIsAllowed) {
  auto config = Config("[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = a\n",
                       "[a]\naws_access_key_id = AKIDA\naws_secret_access_key = s\n");
  auto c = Get(config, "a");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(sts_.sources.at(0).access_key_id, "AKIDA");
}

TEST_F(ProfileChainTest, SelfReferenceWithoutKeysIsACycle) {
  auto config = Config("[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = a\n");
  EXPECT_EQ(ProviderForProfile(deps_, config, "a").status().message(),
            "source_profile cycle: a -> a");
}

TEST_F(ProfileChainTest, ConfigMistakesAreClearErrors) {
  auto config = Config(
      "[profile missing]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = ghost\n"
      "[profile nosource]\nrole_arn = arn:aws:iam::1:role/x\n"
      "[profile both]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = b\ncredential_source = "
      "Environment\n"
      "[profile badsource]\nrole_arn = arn:aws:iam::1:role/x\ncredential_source = Mainframe\n"
      "[profile mfa]\nrole_arn = arn:aws:iam::1:role/x\ncredential_source = "
      "Environment\nmfa_serial = arn:x\n"
      "[profile empty]\nregion = us-east-1\n"
      "[profile viaempty]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = empty\n");
  EXPECT_EQ(ProviderForProfile(deps_, config, "missing").status().message(),
            "source_profile ghost referenced in profile missing does not exist");
  EXPECT_EQ(ProviderForProfile(deps_, config, "nosource").status().message(),
            "profile nosource has role_arn but neither source_profile nor credential_source");
  EXPECT_NE(ProviderForProfile(deps_, config, "both").status().message().find("both"),
            std::string::npos);
  EXPECT_NE(ProviderForProfile(deps_, config, "badsource").status().message().find("Mainframe"),
            std::string::npos);
  EXPECT_NE(ProviderForProfile(deps_, config, "mfa").status().message().find("mfa_serial"),
            std::string::npos);
  EXPECT_EQ(ProviderForProfile(deps_, config, "viaempty").status().message(),
            "source profile empty has no credentials");
  EXPECT_EQ(ProviderForProfile(deps_, config, "nope").status().message(),
            "profile 'nope' not found in ~/.aws/config or ~/.aws/credentials");
  EXPECT_TRUE(Get(config, "empty").status().IsNotFound());
}

TEST_F(ProfileChainTest, CredentialSourceEnvironment) {
  env_.Set("AWS_ACCESS_KEY_ID", "AKIDENV");
  env_.Set("AWS_SECRET_ACCESS_KEY", "s");
  auto c = Get(
      Config("[profile r]\nrole_arn = arn:aws:iam::1:role/r\ncredential_source = Environment\n"),
      "r");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(sts_.sources.at(0).access_key_id, "AKIDENV");
}

TEST_F(ProfileChainTest, RoleBeatsStaticKeysAtTopLevel) {
  auto c = Get(Config("[profile r]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = r\n"
                      "aws_access_key_id = AKIDR\naws_secret_access_key = s\n"),
               "r");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->access_key_id, "ASIAROLE1");
}

TEST_F(ProfileChainTest, ProfileWebIdentityReadsTokenFile) {
  std::string dir = testing::MakeTempDir("arm-profile-webid");
  std::string token_file = JoinPath(dir, "token");
  ASSERT_TRUE(fs_.WriteFileDurable(token_file, "jwt-token\n", 0600).ok());
  auto c = Get(Config("[profile w]\nrole_arn = arn:aws:iam::1:role/w\nweb_identity_token_file = " +
                      token_file + "\nrole_session_name = pod\n"),
               "w");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->access_key_id, "ASIAWEB1");
  ASSERT_EQ(sts_.web_identity_calls.size(), 1u);
  EXPECT_EQ(sts_.web_identity_calls[0].web_identity_token, "jwt-token");
  EXPECT_EQ(sts_.web_identity_calls[0].role_session_name, "pod");
  testing::RemoveTree(dir);
}

}  // namespace
}  // namespace arm
