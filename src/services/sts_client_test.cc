#include "services/sts_client.h"

#include <gtest/gtest.h>

#include "tests/testing/service_test_env.h"

namespace arm {
namespace {

TEST(StsClientTest, GetCallerIdentityParsesResult) {
  testing::ServiceTestEnv env;
  env.EnqueueXml(
      "<GetCallerIdentityResponse "
      "xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
      "<GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/ops</Arn>"
      "<UserId>AIDAEXAMPLE</UserId><Account>123456789012</Account>"
      "</GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId>"
      "</ResponseMetadata></GetCallerIdentityResponse>");
  auto r = StsClient(env.client()).GetCallerIdentity();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->account, "123456789012");
  EXPECT_EQ(r->arn, "arn:aws:iam::123456789012:user/ops");
  EXPECT_EQ(r->user_id, "AIDAEXAMPLE");
  EXPECT_EQ(env.request(0).method, "POST");
  EXPECT_EQ(env.Form(0), (std::map<std::string, std::string>{{"Action", "GetCallerIdentity"},
                                                             {"Version", "2011-06-15"}}));
}

TEST(StsClientTest, InvalidTokenIsACredentialsError) {
  testing::ServiceTestEnv env;
  env.EnqueueXml(
      "<ErrorResponse><Error><Type>Sender</Type>"
      "<Code>InvalidClientTokenId</Code><Message>bad</Message></Error>"
      "<RequestId>r</RequestId></ErrorResponse>",
      403);
  auto r = StsClient(env.client()).GetCallerIdentity();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCredentials);
}

}  // namespace
}  // namespace arm
