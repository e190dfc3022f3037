#include "aws/credential_chain.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "core/file_system.h"
#include "tests/testing/fake_clock.h"
#include "tests/testing/fake_sts_credentials_client.h"
#include "tests/testing/fake_transport.h"
#include "tests/testing/testing.h"

namespace arm {
namespace {

constexpr char kCredentialChainSecret[] = "chain-test-secret-Q9";

class NoProcess final : public ProcessRunner {
 public:
  Result<ProcessResult> Run(const std::vector<std::string>&, std::chrono::milliseconds,
                            size_t) override {
    return Status::Internal("no process expected");
  }
};

class CredentialChainTest : public ::testing::Test {
 protected:
  void SetUp() override {
    home_ = testing::MakeTempDir("arm-chain");
    env_.Set("HOME", home_);
    ASSERT_TRUE(fs_.CreateDirs(home_ + "/.aws", 0700).ok());
    // IMDS unreachable unless a test says otherwise.
    transport_.SetHandler([](const HttpRequest&) -> Result<HttpResponse> {
      return Status::NetworkError("connect timeout");
    });
  }
  void TearDown() override { testing::RemoveTree(home_); }
  void Write(const std::string& name, const std::string& text) {
    ASSERT_TRUE(fs_.WriteFileDurable(home_ + "/.aws/" + name, text, 0600).ok());
  }
  std::unique_ptr<CredentialChain> Chain(const std::string& profile = "default") {
    auto config = SharedConfig::Load(fs_, env_);
    EXPECT_TRUE(config.ok()) << config.status().ToString();
    config_ = *config;
    return std::make_unique<CredentialChain>(deps_, config_, profile);
  }

  std::string home_;
  MapEnvironment env_;
  RealFileSystem fs_;
  testing::FakeTransport transport_;
  testing::FakeClock clock_;
  NoProcess process_;
  testing::FakeStsCredentialsClient sts_{clock_};
  CredentialDeps deps_{env_, fs_, transport_, clock_, process_, sts_};
  SharedConfig config_;
};

TEST_F(CredentialChainTest, NothingFoundListsEverySourceTried) {
  auto c = Chain()->GetCredentials();
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kCredentials);
  EXPECT_EQ(c.status().message(),
            "no AWS credentials found; tried: environment variables, shared credentials file "
            "~/.aws/credentials and "
            "config file ~/.aws/config (profile default), container credentials "
            "(AWS_CONTAINER_CREDENTIALS_*_URI), "
            "EC2 instance metadata");
}

TEST_F(CredentialChainTest, OrderIsEnvThenWebIdentityThenProfileThenContainerThenImds) {
  env_.Set("AWS_WEB_IDENTITY_TOKEN_FILE", home_ + "/token");
  env_.Set("AWS_ROLE_ARN", "arn:aws:iam::1:role/pod");
  env_.Set("AWS_EC2_METADATA_DISABLED", "true");
  EXPECT_EQ(Chain()->ProviderNames(),
            (std::vector<std::string>{
                "environment variables", "web identity (AWS_WEB_IDENTITY_TOKEN_FILE)",
                "shared credentials file ~/.aws/credentials and config file ~/.aws/config (profile "
                "default)",
                "container credentials (AWS_CONTAINER_CREDENTIALS_*_URI)",
                "EC2 instance metadata (disabled by AWS_EC2_METADATA_DISABLED)"}));
}

TEST_F(CredentialChainTest, EnvironmentWinsOverProfile) {
  Write("credentials", "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = s\n");
  env_.Set("AWS_ACCESS_KEY_ID", "AKIDENV");
  env_.Set("AWS_SECRET_ACCESS_KEY", "s");
  auto from_env = Chain();
  EXPECT_EQ(from_env->GetCredentials()->access_key_id, "AKIDENV");
  EXPECT_EQ(from_env->SourceName(), "environment variables");
  EXPECT_FALSE(from_env->SourceIsProfile());
  env_.Unset("AWS_ACCESS_KEY_ID");
  auto from_file = Chain();
  EXPECT_FALSE(from_file->SourceIsProfile());  // nothing fetched yet
  EXPECT_EQ(from_file->GetCredentials()->access_key_id, "AKIDFILE");
  EXPECT_TRUE(from_file->SourceIsProfile());
}

TEST_F(CredentialChainTest, AProfileGivenWithTheFlagWinsOverTheEnvironmentsKeys) {
  // aws --profile dev uses dev's keys even with AWS_ACCESS_KEY_ID set;
  // AWS_PROFILE=dev does not (the environment's keys come first).
  Write("config", "[profile dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = s\n");
  env_.Set("AWS_ACCESS_KEY_ID", "AKIDENV");
  env_.Set("AWS_SECRET_ACCESS_KEY", "s");
  auto config = SharedConfig::Load(fs_, env_);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  config_ = *config;
  CredentialChain flag(deps_, config_, "dev", /*explicit_profile=*/true);
  EXPECT_EQ(flag.GetCredentials()->access_key_id, "AKIDDEV");
  EXPECT_TRUE(flag.SourceIsProfile());
  EXPECT_EQ(Chain("dev")->GetCredentials()->access_key_id, "AKIDENV");
}

TEST_F(CredentialChainTest, WebIdentityFromEnvironmentBeatsProfile) {
  Write("credentials", "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = s\n");
  ASSERT_TRUE(fs_.WriteFileDurable(home_ + "/token", "jwt", 0600).ok());
  env_.Set("AWS_WEB_IDENTITY_TOKEN_FILE", home_ + "/token");
  env_.Set("AWS_ROLE_ARN", "arn:aws:iam::1:role/pod");
  EXPECT_EQ(Chain()->GetCredentials()->access_key_id, "ASIAWEB1");
}

TEST_F(CredentialChainTest, NamedProfileIsUsed) {
  Write("config", "[profile dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = s\n");
  EXPECT_EQ(Chain("dev")->GetCredentials()->access_key_id, "AKIDDEV");
  auto missing = Chain("prod")->GetCredentials();
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(missing.status().message().find("profile 'prod' not found"), std::string::npos);
}

TEST_F(CredentialChainTest, BrokenSourceStopsTheChainWithoutLeakingSecrets) {
  Write("credentials",
        std::string("[default]\naws_secret_access_key = ") + kCredentialChainSecret + "\n");
  auto c = Chain()->GetCredentials();
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kCredentials);
  EXPECT_EQ(c.status().ToString().find(kCredentialChainSecret), std::string::npos);
  EXPECT_TRUE(transport_.requests().empty());  // IMDS never reached
}

TEST_F(CredentialChainTest, ContainerAfterProfile) {
  env_.Set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/creds");
  transport_.Enqueue(200, std::string(R"({"AccessKeyId":"ASIACONT","SecretAccessKey":")") +
                              kCredentialChainSecret + "\"}");
  EXPECT_EQ(Chain()->GetCredentials()->access_key_id, "ASIACONT");
}

TEST_F(CredentialChainTest, RefreshesFromTheSameProviderFiveMinutesBeforeExpiry) {
  Write("config",
        "[default]\nrole_arn = arn:aws:iam::1:role/ops\nsource_profile = base\n"
        "[profile base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n");
  auto chain = Chain();
  EXPECT_EQ(chain->GetCredentials()->access_key_id, "ASIAROLE1");
  clock_.Advance(std::chrono::minutes(50));
  EXPECT_EQ(chain->GetCredentials()->access_key_id, "ASIAROLE1");
  clock_.Advance(std::chrono::minutes(5) + std::chrono::seconds(1));
  EXPECT_EQ(chain->GetCredentials()->access_key_id, "ASIAROLE2");
  EXPECT_EQ(sts_.assume_role_calls.size(), 2u);
}

TEST_F(CredentialChainTest, ConcurrentCallersShareOneFetch) {
  Write("config",
        "[default]\nrole_arn = arn:aws:iam::1:role/ops\nsource_profile = base\n"
        "[profile base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n");
  auto chain = Chain();
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < 50; ++j) {
        if (chain->GetCredentials().ok()) ++ok;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 400);
  EXPECT_EQ(sts_.assume_role_calls.size(), 1u);
}

}  // namespace
}  // namespace arm
