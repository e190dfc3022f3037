// iam-policy end to end: the policy printed for the demo configuration names
// the project's ARNs, and --account needs no credentials and no network.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "tests/e2e/manager_fixture.h"

namespace arm::testing {
namespace {

using nlohmann::json;

class IamPolicyCommandTest : public ManagerFixture {};

TEST_F(IamPolicyCommandTest, PrintsThePolicyOfTheConfigurationForTheCallersAccount) {
  auto r = Manager({"iam-policy"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  json policy = json::parse(r.out, nullptr, false);
  ASSERT_FALSE(policy.is_discarded()) << r.out;
  std::string text = policy.dump();
  for (const char* arn : {"arn:aws:sagemaker:us-east-1:000000000000:endpoint/user-journey-analytics-exit-risk-endpoint",
                          "arn:aws:kinesis:us-east-1:000000000000:stream/user-journey-analytics-user-events",
                          "arn:aws:lambda:us-east-1:000000000000:function:event_processor",
                          "arn:aws:lambda:us-east-1:000000000000:function:intervention-executor",
                          "arn:aws:cloudwatch:us-east-1:000000000000:alarm:user-journey-analytics-*"})
    EXPECT_NE(text.find(arn), std::string::npos) << arn << "\n" << r.out;
  // NAME_PREFIX is off in the demo configuration: nothing by prefix, and no
  // SNS topic or S3 backup is configured.
  EXPECT_EQ(text.find("user-journey-analytics-*\",\"arn:aws:kinesis"), std::string::npos);
  EXPECT_EQ(text.find("stream/user-journey-analytics-*"), std::string::npos) << r.out;
  EXPECT_EQ(text.find("sns:Publish"), std::string::npos);
  EXPECT_EQ(text.find("s3:"), std::string::npos);
  EXPECT_TRUE(MutatingCalls().empty());
}

TEST_F(IamPolicyCommandTest, AccountFlagNeedsNoCredentialsAndWritesAPrivateFile) {
  std::string file = dir_ + "/policy.json";
  // An endpoint nobody answers on, and no credentials at all.
  auto r = RunProcess(ManagerArgv("http://127.0.0.1:9", state_path(),
                              {"iam-policy", "--account", "123456789012", "--output", file}, config_),
                  ManagerEnv(dir_, {"AWS_ACCESS_KEY_ID=", "AWS_SECRET_ACCESS_KEY="}));
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.out, "");
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_NE(text.str().find("arn:aws:kinesis:us-east-1:123456789012:stream/user-journey-analytics-user-events"),
            std::string::npos)
      << text.str();
}

TEST_F(IamPolicyCommandTest, BadAccountIsOneLineAndExitTwo) {
  auto r = Manager({"iam-policy", "--account", "12345"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("--account 12345 is not an AWS account ID (12 digits)"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace arm::testing
