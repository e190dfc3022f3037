// iam-policy end to end: the policy printed for the demo configuration names
// the project's ARNs, and --account needs no credentials and no network.
#include "sandbox/iam_policy.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
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
  for (const char* arn :
       {"arn:aws:sagemaker:us-east-1:000000000000:endpoint/"
        "user-journey-analytics-exit-risk-endpoint",
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
  // What AWS cannot scope is said.
  EXPECT_NE(r.err.find("warning: AWS cannot scope application-autoscaling changes to resources"),
            std::string::npos)
      << r.err;
}

TEST_F(IamPolicyCommandTest, AccountFlagNeedsNoCredentialsAndWritesAPrivateFile) {
  std::string file = dir_ + "/policy.json";
  // An endpoint nobody answers on, and no credentials at all.
  auto r = RunProcess(
      ManagerArgv("http://127.0.0.1:9", state_path(),
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
  EXPECT_NE(text.str().find(
                "arn:aws:kinesis:us-east-1:123456789012:stream/user-journey-analytics-user-events"),
            std::string::npos)
      << text.str();
}

TEST_F(IamPolicyCommandTest, BadAccountIsOneLineAndExitTwo) {
  auto r = Manager({"iam-policy", "--account", "12345"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("--account 12345 is not an AWS account ID (12 digits)"), std::string::npos)
      << r.err;
}

TEST_F(IamPolicyCommandTest, APrefixIsWarnedAboutAndAnOversizedPolicyToo) {
  std::string functions;
  for (int i = 0; i < 150; ++i)
    functions += "user-journey-analytics-function-" + std::to_string(i) + " ";
  auto r = Manager({"iam-policy", "--account", "123456789012"},
                   {"NAME_PREFIX=user-journey-analytics-", "LAMBDA_FUNCTIONS=" + functions});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(
      r.err.find(
          "warning: the prefix \"user-journey-analytics-\" lets these credentials change every "
          "resource whose name starts with it"),
      std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("IAM takes at most 6144 in a managed policy"), std::string::npos) << r.err;
  json policy = json::parse(r.out, nullptr, false);
  ASSERT_FALSE(policy.is_discarded());
  EXPECT_NE(r.out.find("function:user-journey-analytics-function-149"), std::string::npos);
}

TEST_F(IamPolicyCommandTest, WildcardsAndForeignCharactersNeverWidenThePolicy) {
  auto star = Manager({"iam-policy", "--account", "123456789012"}, {"CLOUDWATCH_ALARM_PREFIX=*"});
  ASSERT_EQ(star.exit_code, 0) << star.err;
  EXPECT_NE(star.out.find("alarm:${*}*"), std::string::npos) << star.out;
  EXPECT_EQ(star.out.find("alarm:**"), std::string::npos) << star.out;
  auto euro = Manager({"iam-policy", "--account", "123456789012"}, {"NAME_PREFIX=uja-\u20ac-"});
  EXPECT_EQ(euro.exit_code, 2) << euro.out << euro.err;
  EXPECT_EQ(euro.out, "");
  EXPECT_NE(euro.err.find("a character IAM refuses"), std::string::npos) << euro.err;
  // The state's key holds PROJECT_NAME and ENVIRONMENT.
  auto key = Manager({"iam-policy", "--account", "123456789012"},
                     {"STATE_BACKUP_S3_BUCKET=uja-state", "PROJECT_NAME=*", "ENVIRONMENT=e?v"});
  ASSERT_EQ(key.exit_code, 0) << key.err;
  EXPECT_NE(key.out.find("arn:aws:s3:::uja-state/${*}/e${?}v/aws-resource-state.json"),
            std::string::npos)
      << key.out;
  auto control =
      Manager({"iam-policy", "--account", "123456789012"}, {"CLOUDWATCH_ALARM_PREFIX=a\x01b"});
  EXPECT_EQ(control.exit_code, 2) << control.out;
  EXPECT_EQ(control.out, "");
  auto bucket = Manager({"iam-policy", "--account", "123456789012"}, {"STATE_BACKUP_S3_BUCKET=*"});
  EXPECT_EQ(bucket.exit_code, 2) << bucket.out << bucket.err;
  EXPECT_NE(bucket.err.find("is not an S3 bucket name"), std::string::npos) << bucket.err;
}

// The sandbox enforces the policy `iam-policy` prints, as IAM would: every
// request's action on its resource ARNs, and the calls AWS makes behind one.
class EnforcedPolicyTest : public ManagerFixture {
 protected:
  sandbox::ServerOptions Options() override {
    auto o = ManagerFixture::Options();
    // The first RegisterScalableTarget then makes AWS's service-linked role.
    o.estate["application_autoscaling"]["service_linked_role_exists"] = false;
    return o;
  }
  json GeneratedPolicy() {
    auto r = Manager({"iam-policy"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return json::parse(r.out, nullptr, false);
  }
  void Enforce(const json& document) {
    auto policy = sandbox::ParseIamPolicy(document);
    ASSERT_TRUE(policy.ok()) << policy.status().ToString();
    server_->SetIamPolicy(std::make_shared<const sandbox::IamPolicy>(std::move(*policy)));
  }
};

TEST_F(EnforcedPolicyTest, StopAndStartRestoreTheEstateUnderExactlyTheGeneratedPolicy) {
  json policy = GeneratedPolicy();
  ASSERT_TRUE(policy.is_object());
  json before = Estate();
  Enforce(policy);
  auto stop = Manager({"stop", "--force"});
  ASSERT_EQ(stop.exit_code, 0) << stop.out << stop.err;
  auto start = Manager({"start", "--force"});
  ASSERT_EQ(start.exit_code, 0) << start.out << start.err;
  json after = Estate();
  EXPECT_TRUE(after == before) << json::diff(before, after).dump();
}

TEST_F(EnforcedPolicyTest, WithoutAnyOneStatementTheCycleFailsOrWarnsNamingAnActionOfIt) {
  json policy = GeneratedPolicy();
  ASSERT_TRUE(policy.is_object());
  const json statements = policy.at("Statement");
  ASSERT_GT(statements.size(), 5u);
  for (size_t i = 0; i < statements.size(); ++i) {
    SCOPED_TRACE(statements[i].at("Sid").get<std::string>());
    server_->SetIamPolicy(nullptr);
    server_->Reset();
    std::filesystem::remove(state_path());
    json less = policy;
    less["Statement"].erase(i);
    Enforce(less);
    auto stop = Manager({"stop", "--force"});
    CliResult failed = stop;
    if (stop.exit_code == 0) failed = Manager({"start", "--force"});
    std::string said = stop.out + stop.err + failed.out + failed.err;
    bool named = false;
    for (const auto& action : statements[i].at("Action"))
      named = named || said.find(action.get<std::string>()) != std::string::npos;
    EXPECT_TRUE(named) << said;
    // Lambda's account limits are a check before restoring: without them
    // the start warns and goes on (as a failed SNS publish or S3 backup
    // does). Every other statement is needed for the cycle itself.
    if (statements[i].at("Action") == json::array({"lambda:GetAccountSettings"})) {
      EXPECT_EQ(failed.exit_code, 0) << said;
      EXPECT_NE(said.find("could not check the account's limits before restoring"),
                std::string::npos)
          << said;
    } else {
      EXPECT_EQ(failed.exit_code, 3) << said;
    }
  }
}

TEST_F(EnforcedPolicyTest, NotificationAndStateBackupAreAllowedOnlyOnTheirOwnArns) {
  const std::string topic = "arn:aws:sns:us-east-1:000000000000:user-journey-analytics-ops";
  const std::vector<std::string> env = {"SNS_TOPIC_ARN=" + topic,
                                        "STATE_BACKUP_S3_BUCKET=user-journey-analytics-state"};
  auto printed = Manager({"iam-policy"}, env);
  ASSERT_EQ(printed.exit_code, 0) << printed.err;
  json policy = json::parse(printed.out, nullptr, false);
  ASSERT_TRUE(policy.is_object());
  std::string text = policy.dump();
  EXPECT_NE(text.find("\"Resource\":\"" + topic + "\""), std::string::npos) << text;
  EXPECT_NE(text.find("arn:aws:s3:::user-journey-analytics-state/user-journey-analytics/demo/"
                      "aws-resource-state.json"),
            std::string::npos)
      << text;

  Enforce(policy);
  auto stop = Manager({"stop", "--force"}, env);
  ASSERT_EQ(stop.exit_code, 0) << stop.out << stop.err;
  EXPECT_EQ(stop.err.find("AccessDenied"), std::string::npos) << stop.err;
  EXPECT_EQ(stop.err.find("AuthorizationError"), std::string::npos) << stop.err;
  EXPECT_EQ(stop.err.find("not authorized"), std::string::npos) << stop.err;

  // Without their statements both fail (a warning each: parking went on).
  json less = policy;
  less["Statement"] = json::array();
  for (const auto& st : policy.at("Statement")) {
    std::string sid = st.at("Sid");
    if (sid.find("SnsNotify") == std::string::npos &&
        sid.find("S3StateBackup") == std::string::npos)
      less["Statement"].push_back(st);
  }
  ASSERT_EQ(less["Statement"].size() + 2, policy["Statement"].size());
  Enforce(less);
  auto start = Manager({"start", "--force"}, env);
  EXPECT_NE(start.err.find("sns:Publish"), std::string::npos) << start.err;
  EXPECT_NE(start.err.find("s3:PutObject"), std::string::npos) << start.err;
}

}  // namespace
}  // namespace arm::testing
