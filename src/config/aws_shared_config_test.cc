#include "config/aws_shared_config.h"

#include <gtest/gtest.h>

#include "tests/testing/testing.h"

namespace arm {
namespace {

class SharedConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    home_ = testing::MakeTempDir("arm-aws-config");
    env_.Set("HOME", home_);
    ASSERT_TRUE(fs_.CreateDirs(home_ + "/.aws", 0700).ok());
  }
  void TearDown() override { testing::RemoveTree(home_); }
  void Write(const std::string& name, const std::string& text) {
    ASSERT_TRUE(fs_.WriteFileDurable(home_ + "/.aws/" + name, text, 0600).ok());
  }
  Result<SharedConfig> Load() { return SharedConfig::Load(fs_, env_); }

  std::string home_;
  MapEnvironment env_;
  RealFileSystem fs_;
};

TEST_F(SharedConfigTest, ReadsProfilesFromBothFilesWithCommentsAndSpaces) {
  Write("config",
        "# a comment\n"
        "; another\n"
        "[default]\n"
        "region=eu-west-1\n"
        "\n"
        "[profile dev]\n"
        "  region   =   us-east-2  \n"
        "output: json\n"
        "[sso-session corp]\n"
        "sso_region = us-east-1\n");
  Write("credentials",
        "[default]\n"
        "aws_access_key_id = AKIDDEFAULT\n"
        "aws_secret_access_key = s3cr3t\n"
        "[dev]\n"
        "aws_access_key_id=AKIDDEV\n");
  auto cfg = Load();
  ASSERT_TRUE(cfg.ok()) << cfg.status().ToString();
  const Profile* d = cfg->Find("default");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->Get("region"), "eu-west-1");
  EXPECT_EQ(d->Get("aws_access_key_id"), "AKIDDEFAULT");
  EXPECT_TRUE(d->in_config_file);
  EXPECT_TRUE(d->in_credentials_file);
  const Profile* dev = cfg->Find("dev");
  ASSERT_NE(dev, nullptr);
  EXPECT_EQ(dev->Get("region"), "us-east-2");
  EXPECT_EQ(dev->Get("output"), "json");
  EXPECT_EQ(dev->Get("aws_access_key_id"), "AKIDDEV");
  EXPECT_EQ(cfg->Find("corp"), nullptr);
  EXPECT_EQ(cfg->Find("sso-session corp"), nullptr);
  EXPECT_EQ(cfg->ProfileNames(), (std::vector<std::string>{"default", "dev"}));
}

TEST_F(SharedConfigTest, ConfigNeedsProfilePrefixCredentialsDoesNot) {
  Write("config", "[dev]\nregion = us-west-1\n[profile prod]\nregion = us-west-2\n");
  Write("credentials", "[profile staging]\naws_access_key_id = A\n[qa]\naws_access_key_id = B\n");
  auto cfg = Load();
  ASSERT_TRUE(cfg.ok());
  EXPECT_EQ(cfg->Find("dev"), nullptr);
  ASSERT_NE(cfg->Find("prod"), nullptr);
  ASSERT_NE(cfg->Find("qa"), nullptr);
  // In the credentials file the section name is the profile name, as is.
  EXPECT_EQ(cfg->Find("staging"), nullptr);
  ASSERT_NE(cfg->Find("profile staging"), nullptr);
}

TEST_F(SharedConfigTest, ProfileDefaultSectionIsTheDefaultProfile) {
  Write("config", "[profile default]\nregion = ap-south-1\n");
  auto cfg = Load();
  ASSERT_TRUE(cfg.ok());
  ASSERT_NE(cfg->Find("default"), nullptr);
  EXPECT_EQ(cfg->Find("default")->Get("region"), "ap-south-1");
}

TEST_F(SharedConfigTest, CredentialsFileWinsForKeysItHas) {
  Write("config", "[profile p]\naws_access_key_id = FROMCONFIG\nregion = us-east-1\n");
  Write("credentials", "[p]\naws_access_key_id = FROMCREDS\n");
  auto cfg = Load();
  ASSERT_TRUE(cfg.ok());
  EXPECT_EQ(cfg->Find("p")->Get("aws_access_key_id"), "FROMCREDS");
  EXPECT_EQ(cfg->Find("p")->Get("region"), "us-east-1");
}

TEST_F(SharedConfigTest, KeysKeepTheirCase) {
  Write("config", "[default]\nRegion = us-east-1\n");
  auto cfg = Load();
  ASSERT_TRUE(cfg.ok());
  EXPECT_EQ(cfg->Find("default")->Get("Region"), "us-east-1");
  EXPECT_FALSE(cfg->Find("default")->Has("region"));
}

TEST_F(SharedConfigTest, NestedSubSectionsAreTolerated) {
  Write("config",
        "[default]\n"
        "s3 =\n"
        "  max_concurrent_requests = 20\n"
        "  addressing_style = path\n"
        "region = eu-central-1\n");
  auto cfg = Load();
  ASSERT_TRUE(cfg.ok()) << cfg.status().ToString();
  const Profile* d = cfg->Find("default");
  EXPECT_EQ(d->Get("region"), "eu-central-1");
  EXPECT_FALSE(d->Has("s3"));
  ASSERT_EQ(d->sub_sections.count("s3"), 1u);
  EXPECT_EQ(d->sub_sections.at("s3").at("addressing_style"), "path");
  EXPECT_EQ(d->sub_sections.at("s3").at("max_concurrent_requests"), "20");
}

TEST_F(SharedConfigTest, MissingFilesAreEmpty) {
  auto cfg = Load();
  ASSERT_TRUE(cfg.ok());
  EXPECT_TRUE(cfg->ProfileNames().empty());
  auto d = cfg->Get("default");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->name, "default");
  EXPECT_TRUE(d->values.empty());
}

TEST_F(SharedConfigTest, MissingNamedProfileIsAClearError) {
  Write("config", "[profile dev]\nregion = us-east-1\n");
  auto cfg = Load();
  ASSERT_TRUE(cfg.ok());
  auto p = cfg->Get("prod");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(p.status().message(),
            "profile 'prod' not found in ~/.aws/config or ~/.aws/credentials");
}

TEST_F(SharedConfigTest, PathsComeFromEnvironment) {
  env_.Set("AWS_CONFIG_FILE", home_ + "/other-config");
  env_.Set("AWS_SHARED_CREDENTIALS_FILE", "~/other-creds");
  ASSERT_TRUE(
      fs_.WriteFileDurable(home_ + "/other-config", "[profile x]\nregion = us-west-2\n", 0600)
          .ok());
  ASSERT_TRUE(
      fs_.WriteFileDurable(home_ + "/other-creds", "[y]\naws_access_key_id = A\n", 0600).ok());
  Write("config", "[profile ignored]\n");
  auto cfg = Load();
  ASSERT_TRUE(cfg.ok());
  EXPECT_NE(cfg->Find("x"), nullptr);
  EXPECT_NE(cfg->Find("y"), nullptr);
  EXPECT_EQ(cfg->Find("ignored"), nullptr);
  EXPECT_EQ(cfg->paths().credentials_display, "~/other-creds");
}

TEST_F(SharedConfigTest, MalformedLineNamesFileAndLineButNotContent) {
  Write("credentials", "[default]\naws_access_key_id = A\nwJalrXUtnFEMI-SECRET\n");
  auto cfg = Load();
  ASSERT_FALSE(cfg.ok());
  EXPECT_EQ(cfg.status().message(), "~/.aws/credentials line 3: expected 'key = value'");
  EXPECT_EQ(cfg.status().ToString().find("wJalrXUtnFEMI-SECRET"), std::string::npos);
}

TEST_F(SharedConfigTest, KeyBeforeAnySectionIsAnError) {
  Write("config", "region = us-east-1\n");
  auto cfg = Load();
  ASSERT_FALSE(cfg.ok());
  EXPECT_NE(cfg.status().message().find("line 1"), std::string::npos);
}

TEST(SelectProfileNameTest, FlagThenAwsProfileThenAwsDefaultProfileThenDefault) {
  MapEnvironment env;
  EXPECT_EQ(SelectProfileName("", env), "default");
  env.Set("AWS_DEFAULT_PROFILE", "legacy");
  EXPECT_EQ(SelectProfileName("", env), "legacy");
  env.Set("AWS_PROFILE", "current");
  EXPECT_EQ(SelectProfileName("", env), "current");
  EXPECT_EQ(SelectProfileName("flag", env), "flag");
  env.Set("AWS_PROFILE", "");
  EXPECT_EQ(SelectProfileName("", env), "legacy");
}

}  // namespace
}  // namespace arm
