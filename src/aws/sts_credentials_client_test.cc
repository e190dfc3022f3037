#include "aws/sts_credentials_client.h"

#include <gtest/gtest.h>

#include "tests/testing/fake_clock.h"
#include "tests/testing/fake_transport.h"

namespace arm {
namespace {

constexpr char kSourceSecret[] = "source-secret-7Hq";
constexpr char kWebToken[] = "eyJ-web-identity-token";

std::string CredentialsXml(const std::string& op) {
  return "<" + op + "Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><" + op +
         "Result><Credentials><AccessKeyId>ASIASTS</AccessKeyId><SecretAccessKey>sts-secret</"
         "SecretAccessKey>"
         "<SessionToken>sts-token</SessionToken><Expiration>2015-08-30T13:36:00.123Z</Expiration></"
         "Credentials>"
         "<AssumedRoleUser><Arn>arn:aws:sts::1:assumed-role/ops/s</Arn></AssumedRoleUser></" +
         op + "Result><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></" + op +
         "Response>";
}

class StsCredentialsClientTest : public ::testing::Test {
 protected:
  StsCredentialsClientTest()
      : resolver_(EndpointConfig{"eu-west-1", "", "", false}, env_),
        sts_(transport_, resolver_, clock_, RetryOptions{1, {}, {}, 500, 1}) {}

  MapEnvironment env_;
  testing::FakeTransport transport_;
  testing::FakeClock clock_;
  EndpointResolver resolver_;
  QueryStsCredentialsClient sts_;
};

TEST_F(StsCredentialsClientTest, AssumeRoleIsSignedWithSourceAndParsed) {
  transport_.Enqueue(200, CredentialsXml("AssumeRole"));
  Credentials source{"AKIDSOURCE", kSourceSecret, "", std::nullopt, "test"};
  auto c = sts_.AssumeRole({"arn:aws:iam::1:role/ops", "sess", "ext", 900}, source);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->access_key_id, "ASIASTS");
  EXPECT_EQ(c->secret_access_key, "sts-secret");
  EXPECT_EQ(c->session_token, "sts-token");
  ASSERT_TRUE(c->expiration.has_value());
  EXPECT_EQ(FormatIso8601(*c->expiration), "2015-08-30T13:36:00Z");
  const HttpRequest& r = transport_.requests().at(0);
  EXPECT_EQ(r.host, "sts.eu-west-1.amazonaws.com");
  EXPECT_EQ(r.body,
            "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fops&"
            "RoleSessionName=sess"
            "&DurationSeconds=900&ExternalId=ext");
  ASSERT_NE(r.Header("Authorization"), nullptr);
  EXPECT_NE(r.Header("Authorization")->find("Credential=AKIDSOURCE/"), std::string::npos);
}

TEST_F(StsCredentialsClientTest, AwsErrorIsKeptAndHasNoSecret) {
  transport_.Enqueue(
      403,
      "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not authorized"
      "</Message></Error><RequestId>req-2</RequestId></ErrorResponse>");
  Credentials source{"AKIDSOURCE", kSourceSecret, "", std::nullopt, "test"};
  auto c = sts_.AssumeRole({"arn:aws:iam::1:role/ops", "sess", "", std::nullopt}, source);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().aws_code(), "AccessDenied");
  EXPECT_EQ(c.status().request_id(), "req-2");
  EXPECT_NE(c.status().message().find("assume role arn:aws:iam::1:role/ops"), std::string::npos);
  EXPECT_EQ(c.status().ToString().find(kSourceSecret), std::string::npos);
}

TEST_F(StsCredentialsClientTest, WebIdentityIsUnsigned) {
  transport_.Enqueue(200, CredentialsXml("AssumeRoleWithWebIdentity"));
  auto c =
      sts_.AssumeRoleWithWebIdentity({"arn:aws:iam::1:role/pod", "pod", kWebToken, std::nullopt});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->access_key_id, "ASIASTS");
  const HttpRequest& r = transport_.requests().at(0);
  EXPECT_EQ(r.Url(), "https://sts.eu-west-1.amazonaws.com/");
  EXPECT_EQ(r.Header("Authorization"), nullptr);
  EXPECT_NE(r.body.find("Action=AssumeRoleWithWebIdentity&Version=2011-06-15"), std::string::npos);
  EXPECT_NE(r.body.find(std::string("WebIdentityToken=") + kWebToken), std::string::npos);
}

TEST_F(StsCredentialsClientTest, WebIdentityErrorHasNoToken) {
  transport_.Enqueue(
      400,
      "<ErrorResponse><Error><Code>InvalidIdentityToken</Code><Message>bad token</Message></Error>"
      "<RequestId>req-3</RequestId></ErrorResponse>");
  auto c =
      sts_.AssumeRoleWithWebIdentity({"arn:aws:iam::1:role/pod", "pod", kWebToken, std::nullopt});
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().aws_code(), "InvalidIdentityToken");
  EXPECT_EQ(c.status().ToString().find(kWebToken), std::string::npos);
}

// A 2xx STS answer that does not parse was quoted in the error, secret key
// included.
TEST_F(StsCredentialsClientTest, AMalformedAnswerIsNeverQuoted) {
  const std::string truncated =
      "<R><Credentials><AccessKeyId>ASIASTS</AccessKeyId><SecretAccessKey>"
      "sts-secret</SecretAccessKey><<<";
  for (int web = 0; web < 2; ++web) {
    transport_.Enqueue(200, truncated);
    Credentials source{"AKIDSOURCE", kSourceSecret, "", std::nullopt, "test"};
    auto c = web ? sts_.AssumeRoleWithWebIdentity(
                       {"arn:aws:iam::1:role/pod", "pod", kWebToken, std::nullopt})
                 : sts_.AssumeRole({"arn:aws:iam::1:role/ops", "sess", "", std::nullopt}, source);
    ASSERT_FALSE(c.ok());
    EXPECT_EQ(c.status().code(), StatusCode::kCredentials);
    std::string text = c.status().ToString();
    EXPECT_EQ(text.find("sts-secret"), std::string::npos) << text;
    EXPECT_EQ(text.find("ASIASTS"), std::string::npos) << text;
    EXPECT_NE(text.find("not shown"), std::string::npos) << text;
  }
}

// The session token goes into X-Amz-Security-Token of every later request:
// a CR or LF in it would add headers of the server's choosing.
TEST_F(StsCredentialsClientTest, ATokenWithALineBreakIsRefused) {
  std::string xml = CredentialsXml("AssumeRole");
  xml.replace(xml.find("sts-token"), 9, "sts-token&#13;&#10;X-Injected: yes");
  transport_.Enqueue(200, xml);
  Credentials source{"AKIDSOURCE", kSourceSecret, "", std::nullopt, "test"};
  auto c = sts_.AssumeRole({"arn:aws:iam::1:role/ops", "sess", "", std::nullopt}, source);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kCredentials);
  EXPECT_NE(c.status().message().find("control character"), std::string::npos)
      << c.status().message();
}

}  // namespace
}  // namespace arm
