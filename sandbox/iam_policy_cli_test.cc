// The real AWS CLI against a sandbox with --iam-policy: a refused request is
// the error the CLI reports for AWS's own AccessDenied, per protocol.
#include <gtest/gtest.h>

#include "tests/testing/aws_cli.h"
#include "tests/testing/sandbox_fixture.h"

namespace arm::testing {
namespace {

constexpr char kCaller[] = "arn:aws:iam::000000000000:root";

class IamPolicyCliTest : public SandboxFixture {
 protected:
  sandbox::ServerOptions Options() override {
    sandbox::ServerOptions options = DefaultOptions();
    auto policy = sandbox::ParseIamPolicy(nlohmann::json::parse(R"({
      "Version": "2012-10-17",
      "Statement": [{"Effect": "Allow", "Action": ["kinesis:*", "lambda:*"],
                     "Resource": ["arn:aws:kinesis:*:*:stream/user-journey-analytics-*",
                                  "arn:aws:lambda:*:*:function:event_processor"]}]
    })"));
    EXPECT_TRUE(policy.ok()) << policy.status().message();
    if (policy.ok())
      options.iam_policy = std::make_shared<const sandbox::IamPolicy>(std::move(*policy));
    return options;
  }
  void SetUp() override {
    SandboxFixture::SetUp();
    clis_ = AwsClisFor({"kinesis", "lambda", "sns"});
    if (clis_.empty()) GTEST_SKIP() << "no aws CLI installed";
  }
  std::vector<AwsCli> clis_;
};

TEST_F(IamPolicyCliTest, RefusedCallsAreTheServicesAccessDenied) {
  const std::string stream =
      "arn:aws:kinesis:us-east-1:000000000000:stream/billing-service-invoices";
  const std::string function =
      "arn:aws:lambda:us-east-1:000000000000:function:billing-service-invoicer";
  for (const auto& cli : clis_) {
    SCOPED_TRACE(cli.label);
    CliResult ok = RunAwsCli(cli, endpoint(),
                             {"kinesis", "describe-stream-summary", "--stream-name",
                              "user-journey-analytics-user-events"});
    EXPECT_EQ(ok.exit_code, 0) << ok.err;

    CliResult kinesis = RunAwsCli(
        cli, endpoint(),
        {"kinesis", "describe-stream-summary", "--stream-name", "billing-service-invoices"});
    EXPECT_NE(kinesis.exit_code, 0);
    EXPECT_NE(
        kinesis.err.find(
            "(AccessDeniedException) when calling the DescribeStreamSummary operation: User: " +
            std::string(kCaller) +
            " is not authorized to perform: kinesis:DescribeStreamSummary on resource: " + stream +
            " because no identity-based policy allows the kinesis:DescribeStreamSummary action"),
        std::string::npos)
        << kinesis.err;

    CliResult lambda = RunAwsCli(
        cli, endpoint(), {"lambda", "get-function", "--function-name", "billing-service-invoicer"});
    EXPECT_NE(lambda.exit_code, 0);
    EXPECT_NE(lambda.err.find(
                  "(AccessDeniedException) when calling the GetFunction operation: User: " +
                  std::string(kCaller) +
                  " is not authorized to perform: lambda:GetFunction on resource: " + function),
              std::string::npos)
        << lambda.err;

    CliResult sns = RunAwsCli(
        cli, endpoint(),
        {"sns", "publish", "--topic-arn",
         "arn:aws:sns:us-east-1:000000000000:user-journey-analytics-ops", "--message", "x"});
    EXPECT_NE(sns.exit_code, 0);
    EXPECT_NE(sns.err.find("(AuthorizationError) when calling the Publish operation: User: "),
              std::string::npos)
        << sns.err;
  }
}

}  // namespace
}  // namespace arm::testing
