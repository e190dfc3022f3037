#include "aws/credentials_process.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "core/file_system.h"
#include "tests/testing/testing.h"

namespace arm {
namespace {

using Words = std::vector<std::string>;

TEST(ShellSplitTest, SplitsLikePythonShlex) {
  EXPECT_EQ(*ShellSplit("a b  c"), (Words{"a", "b", "c"}));
  EXPECT_EQ(*ShellSplit("\"/path with/space\" --x 'y z'"),
            (Words{"/path with/space", "--x", "y z"}));
  EXPECT_EQ(*ShellSplit("a\\ b"), (Words{"a b"}));
  EXPECT_EQ(*ShellSplit("\"a\\\"b\\n\""), (Words{"a\"b\\n"}));
  EXPECT_EQ(*ShellSplit("'a\\b'"), (Words{"a\\b"}));
  EXPECT_EQ(*ShellSplit("x\"y z\"w"), (Words{"xy zw"}));
  EXPECT_EQ(*ShellSplit("''"), (Words{""}));
  EXPECT_EQ(*ShellSplit("a #b"), (Words{"a", "#b"}));
  EXPECT_TRUE(ShellSplit("   ")->empty());
}

TEST(ShellSplitTest, UnbalancedQuotesAreErrors) {
  EXPECT_FALSE(ShellSplit("a 'b").ok());
  EXPECT_FALSE(ShellSplit("a \"b").ok());
  EXPECT_FALSE(ShellSplit("a\\").ok());
}

constexpr char kProcessSecret[] = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYPROCESSKEY";

class FakeProcessRunner final : public ProcessRunner {
 public:
  Result<ProcessResult> Run(const std::vector<std::string>& argv, std::chrono::milliseconds,
                            size_t) override {
    last_argv = argv;
    return result;
  }
  Result<ProcessResult> result = ProcessResult{};
  std::vector<std::string> last_argv;
};

TEST(ProcessCredentialsTest, PassesSplitArgvAndReadsVersion1) {
  FakeProcessRunner runner;
  runner.result = ProcessResult{
      0, std::string(R"({"Version": 1, "AccessKeyId": "AKIDP", "SecretAccessKey": ")") +
             kProcessSecret + R"(", "SessionToken": "tok", "Expiration": "2030-01-01T00:00:00Z"})"};
  ProcessCredentialsProvider p("dev", "/opt/bin/get-creds --account 'my account'", runner);
  auto c = p.GetCredentials();
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(runner.last_argv, (Words{"/opt/bin/get-creds", "--account", "my account"}));
  EXPECT_EQ(c->access_key_id, "AKIDP");
  EXPECT_EQ(c->secret_access_key, kProcessSecret);
  EXPECT_EQ(c->session_token, "tok");
  ASSERT_TRUE(c->expiration.has_value());
  EXPECT_EQ(c->source, "credential-process");
}

TEST(ProcessCredentialsTest, BadOutputIsAClearErrorWithoutTheSecret) {
  FakeProcessRunner runner;
  ProcessCredentialsProvider p("dev", "get-creds --token hunter2", runner);
  const std::string outputs[] = {
      std::string(R"({"Version": 1, "AccessKeyId": "AKIDP", "SecretAccessKey": ")") +
          kProcessSecret + "\"",  // truncated
      std::string(R"({"Version": 2, "AccessKeyId": "AKIDP", "SecretAccessKey": ")") +
          kProcessSecret + "\"}",
      std::string(R"({"Version": 1, "SecretAccessKey": ")") + kProcessSecret + "\"}",
      std::string("not json ") + kProcessSecret,
  };
  for (const auto& out : outputs) {
    runner.result = ProcessResult{0, out};
    auto c = p.GetCredentials();
    ASSERT_FALSE(c.ok());
    EXPECT_EQ(c.status().code(), StatusCode::kCredentials);
    EXPECT_NE(c.status().message().find("credential_process of profile dev (get-creds)"),
              std::string::npos)
        << c.status().message();
    EXPECT_EQ(c.status().ToString().find(kProcessSecret), std::string::npos);
    EXPECT_EQ(c.status().ToString().find("hunter2"), std::string::npos);
  }
}

TEST(ProcessCredentialsTest, NonZeroExitAndTimeoutAreErrors) {
  FakeProcessRunner runner;
  ProcessCredentialsProvider p("dev", "get-creds", runner);
  runner.result = ProcessResult{3, ""};
  EXPECT_EQ(p.GetCredentials().status().message(),
            "credential_process of profile dev (get-creds) failed with exit code 3 (its stderr is "
            "above)");
  runner.result = Status::Interrupted("slow");
  EXPECT_EQ(p.GetCredentials().status().message(),
            "credential_process of profile dev (get-creds) timed out after 60 s");
}

class RealProcessCredentialsTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = testing::MakeTempDir("arm-process"); }
  void TearDown() override { testing::RemoveTree(dir_); }
  std::string Script(const std::string& name, const std::string& body) {
    std::string path = dir_ + "/" + name;
    EXPECT_TRUE(fs_.WriteFileDurable(path, "#!/bin/sh\n" + body, 0700).ok());
    return path;
  }
  std::string dir_;
  RealFileSystem fs_;
  RealProcessRunner runner_;
};

TEST_F(RealProcessCredentialsTest, RunsTheCommandWithoutAShell) {
  // Arguments reach the program as written: no globbing, no $ expansion.
  std::string script =
      Script("creds.sh",
             "printf '{\"Version\": 1, \"AccessKeyId\": \"%s\", \"SecretAccessKey\": \"%s\"}' "
             "\"$1\" \"$2\"\n");
  ProcessCredentialsProvider p("dev", "'" + script + "' '$HOME*' 'sec ret'", runner_);
  auto c = p.GetCredentials();
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->access_key_id, "$HOME*");
  EXPECT_EQ(c->secret_access_key, "sec ret");
  EXPECT_FALSE(c->expiration.has_value());
}

TEST_F(RealProcessCredentialsTest, FailingScriptIsAnError) {
  std::string script = Script("fail.sh", "echo 'oops' >&2\nexit 7\n");
  auto c = ProcessCredentialsProvider("dev", script, runner_).GetCredentials();
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("exit code 7"), std::string::npos);
}

TEST_F(RealProcessCredentialsTest, MissingProgramIsAnError) {
  auto c = ProcessCredentialsProvider("dev", dir_ + "/nope", runner_).GetCredentials();
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kCredentials);
  EXPECT_NE(c.status().message().find("could not run"), std::string::npos);
}

TEST_F(RealProcessCredentialsTest, SlowScriptTimesOut) {
  std::string script = Script("slow.sh", "exec sleep 30\n");
  auto c = ProcessCredentialsProvider("dev", script, runner_, std::chrono::milliseconds(200))
               .GetCredentials();
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("timed out"), std::string::npos);
}

}  // namespace
}  // namespace arm
