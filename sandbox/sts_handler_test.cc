#include <gtest/gtest.h>

#include "tests/testing/aws_cli.h"
#include "tests/testing/sandbox_fixture.h"
#include "tests/testing/sandbox_http.h"

namespace arm::testing {
namespace {

class StsHandlerTest : public SandboxFixture {};

TEST_F(StsHandlerTest, GetCallerIdentityReturnsTheCallersAccountAndArn) {
  auto clis = AwsClisFor({"sts"});
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

TEST_F(StsHandlerTest, AssumeRoleWithWebIdentityNeedsNoSignature) {
  HttpRequest r;
  r.method = "POST";
  r.path = "/";
  r.SetHeader("Content-Type", "application/x-www-form-urlencoded");
  r.body =
      "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleSessionName=ci&WebIdentityToken=eyJ&"
      "RoleArn=" +
      UriEncode("arn:aws:iam::000000000000:role/ci");
  RawResponse res = SendRaw(port(), r);
  EXPECT_EQ(res.status, 200) << res.body;
  EXPECT_NE(res.body.find("<Arn>arn:aws:sts::000000000000:assumed-role/ci/ci</Arn>"),
            std::string::npos)
      << res.body;

  r.body = "Action=GetCallerIdentity&Version=2011-06-15";
  EXPECT_EQ(SendRaw(port(), r).status, 403);
}

TEST_F(StsHandlerTest, AssumeRoleValidatesItsParameters) {
  HttpRequest r;
  r.method = "POST";
  r.path = "/";
  r.SetHeader("Content-Type", "application/x-www-form-urlencoded");
  r.body = "Action=AssumeRole&Version=2011-06-15&RoleSessionName=ok&DurationSeconds=100&RoleArn=" +
           UriEncode("arn:aws:iam::000000000000:role/x");
  RawResponse short_duration = SendSigned(port(), r, "sts");
  EXPECT_EQ(short_duration.status, 400);
  EXPECT_NE(short_duration.body.find("greater than or equal to 900"), std::string::npos);
  r.body = "Action=AssumeRole&Version=2011-06-15&RoleSessionName=ok&RoleArn=bogus";
  EXPECT_NE(SendSigned(port(), r, "sts").body.find("ValidationError"), std::string::npos);
}

}  // namespace
}  // namespace arm::testing
