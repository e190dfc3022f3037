#include "cli/app.h"

#include <gtest/gtest.h>

#include "tests/testing/fake_clock.h"
#include "tests/testing/fake_terminal.h"
#include "tests/testing/fake_transport.h"
#include "tests/testing/mem_file_system.h"

namespace arm {
namespace {

class RecordingProcessRunner final : public ProcessRunner {
 public:
  Result<ProcessResult> Run(const std::vector<std::string>& argv, std::chrono::milliseconds,
                            size_t) override {
    runs.push_back(argv);
    return Status::IoError("not in tests");
  }
  std::vector<std::vector<std::string>> runs;
};

class AppTest : public ::testing::Test {
 protected:
  AppTest() {
    fs_.SetFile("/p/app.conf", "PROJECT_NAME=\"demo\"\nLAMBDA_FUNCTIONS=\"f\"\n");
    // Credentials only a subprocess can give: resolving them shows up in runs.
    fs_.SetFile("/aws/config", "[default]\ncredential_process = /bin/creds\n");
    env_.Set("AWS_CONFIG_FILE", "/aws/config");
    env_.Set("AWS_SHARED_CREDENTIALS_FILE", "/aws/credentials");
    env_.Set("AWS_EC2_METADATA_DISABLED", "true");
    options_.config_file = "/p/app.conf";
    options_.endpoint_url = "http://127.0.0.1:1";
  }
  Seams seams() { return {env_, fs_, clock_, transport_, process_, terminal_}; }

  MapEnvironment env_;
  testing::MemFileSystem fs_;
  testing::FakeClock clock_;
  testing::FakeTransport transport_;
  RecordingProcessRunner process_;
  testing::NoTerminal terminal_;
  GlobalOptions options_;
};

TEST_F(AppTest, OfflineAppResolvesNoCredentialsAndSendsNothing) {
  std::vector<std::string> warnings;
  auto app = App::CreateOffline(seams(), options_, &warnings);
  ASSERT_TRUE(app.ok()) << app.status().ToString();
  EXPECT_EQ((*app)->region(), "");  // the snapshot supplies it
  Diagnostics diagnostics;
  (*app)->manager().Discover(nullptr, 2, &diagnostics);
  const std::vector<std::string>& errors = diagnostics.errors;
  ASSERT_FALSE(errors.empty());
  EXPECT_NE(errors[0].find("offline planner makes no AWS call"), std::string::npos) << errors[0];
  EXPECT_TRUE(transport_.requests().empty());
  EXPECT_TRUE(process_.runs.empty());
}

TEST_F(AppTest, OnlineAppResolvesCredentialsOnItsFirstCall) {
  // The contrast that makes the test above meaningful.
  env_.Set("AWS_REGION", "us-east-1");
  std::vector<std::string> warnings;
  auto app = App::Create(seams(), options_, &warnings);
  ASSERT_TRUE(app.ok()) << app.status().ToString();
  Diagnostics diagnostics;
  (*app)->manager().Discover(nullptr, 1, &diagnostics);
  EXPECT_FALSE(process_.runs.empty());
}

TEST_F(AppTest, OfflineAppStillRejectsAnInvalidRegionFlag) {
  options_.region = "not a region!";
  std::vector<std::string> warnings;
  auto app = App::CreateOffline(seams(), options_, &warnings);
  EXPECT_FALSE(app.ok());
}

}  // namespace
}  // namespace arm
