#include <gtest/gtest.h>

#include "tests/testing/aws_cli.h"
#include "tests/testing/sandbox_fixture.h"

namespace arm::testing {
namespace {

class StsHandlerTest : public SandboxFixture {};

TEST_F(StsHandlerTest, GetCallerIdentityReturnsTheCallersAccountAndArn) {
  auto clis = FindAwsClis();
  if (clis.empty()) GTEST_SKIP() << "no aws CLI installed";
  for (const auto& cli : clis) {
    SCOPED_TRACE(cli.label);
    CliResult r = RunAwsCli(cli, endpoint(), {"sts", "get-caller-identity"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.json["Account"], "000000000000");
    EXPECT_EQ(r.json["Arn"], "arn:aws:iam::000000000000:root");
    EXPECT_EQ(r.json["UserId"], "000000000000");
  }
}

}  // namespace
}  // namespace arm::testing
