#pragma once
// The fixture of the AWS CLI conformance suites: the real `aws` CLIs against
// a sandbox, one per protocol of the suite's services (AwsClisFor); the test
// is skipped when none is installed.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/testing/aws_cli.h"
#include "tests/testing/sandbox_fixture.h"

namespace arm::testing {

class AwsCliFixture : public SandboxFixture {
 protected:
  void SetUp() override {
    clis_ = AwsClisFor(Services());
    if (clis_.empty()) GTEST_SKIP() << "no AWS CLI installed";
    SandboxFixture::SetUp();
  }
  // The services the suite calls, by botocore's names ("rds").
  virtual std::vector<std::string> Services() const = 0;
  // One attempt: a retried call would hide the sandbox's first answer.
  CliResult Run(const AwsCli& cli, const std::vector<std::string>& args) {
    return RunAwsCli(cli, endpoint(), args, {{"AWS_MAX_ATTEMPTS", "1"}});
  }
  static void ExpectError(const CliResult& r, const std::string& code,
                          const std::string& message_part = "") {
    EXPECT_NE(r.exit_code, 0) << r.out;
    EXPECT_NE(r.err.find("(" + code + ")"), std::string::npos) << r.err;
    if (!message_part.empty()) {
      EXPECT_NE(r.err.find(message_part), std::string::npos) << r.err;
    }
  }
  static void ExpectOk(const CliResult& r) { ASSERT_EQ(r.exit_code, 0) << r.err; }

  std::vector<AwsCli> clis_;
};

}  // namespace arm::testing
