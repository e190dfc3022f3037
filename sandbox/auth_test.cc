#include "sandbox/auth.h"

#include <gtest/gtest.h>

namespace sandbox {
namespace {

TEST(AuthTest, AllowListMatchesExactAndPrefixActionsCaseInsensitively) {
  std::vector<std::string> allow = {"sts:GetCallerIdentity", "kinesis:Describe*", "tag:GetResources"};
  EXPECT_TRUE(ActionAllowed(allow, "sts:GetCallerIdentity"));
  EXPECT_TRUE(ActionAllowed(allow, "kinesis:DescribeStreamSummary"));
  EXPECT_TRUE(ActionAllowed(allow, "Kinesis:describestreamsummary"));
  EXPECT_FALSE(ActionAllowed(allow, "kinesis:UpdateShardCount"));
  EXPECT_FALSE(ActionAllowed(allow, "sts:AssumeRole"));
  EXPECT_TRUE(ActionAllowed({}, "anything:AtAll"));
  EXPECT_TRUE(ActionAllowed({"*"}, "s3:PutObject"));
}

TEST(AuthTest, CredentialStoreAlwaysHasTestKey) {
  CredentialStore store;
  store.Load(nlohmann::json::object());
  auto test = store.Find("test");
  ASSERT_TRUE(test.has_value());
  EXPECT_EQ(test->account_id, "000000000000");
  EXPECT_EQ(test->arn, "arn:aws:iam::000000000000:root");
  store.Load({{"credentials", {{{"access_key_id", "AK"}, {"secret_access_key", "S"}, {"account_id", "123456789012"},
                                {"arn", "arn:aws:iam::123456789012:user/u"}, {"allow", {"sts:*"}}}}}});
  auto ak = store.Find("AK");
  ASSERT_TRUE(ak.has_value());
  EXPECT_EQ(ak->allow, std::vector<std::string>{"sts:*"});
  EXPECT_EQ(ak->user_id.substr(0, 4), "AIDA");
  EXPECT_TRUE(store.Find("test").has_value());
  EXPECT_FALSE(store.Find("nope").has_value());
}

TEST(AuthTest, EstateCredentialsMayExpire) {
  CredentialStore store;
  store.Load({{"credentials",
               {{{"access_key_id", "ASIAOLD"}, {"secret_access_key", "S"}, {"session_token", "T"},
                 {"expiration", "2020-01-01T00:00:00Z"}},
                {{"access_key_id", "ASIANOW"}, {"secret_access_key", "S"}, {"session_token", "T"}}}}});
  auto old = store.Find("ASIAOLD");
  ASSERT_TRUE(old.has_value());
  ASSERT_TRUE(old->expiration.has_value());
  EXPECT_EQ(std::chrono::system_clock::to_time_t(*old->expiration), 1577836800);
  EXPECT_FALSE(store.Find("ASIANOW")->expiration.has_value());
}

TEST(AuthTest, ParsesAmzDate) {
  std::chrono::system_clock::time_point t;
  ASSERT_TRUE(ParseAmzDate("20150830T123600Z", &t));
  EXPECT_EQ(std::chrono::system_clock::to_time_t(t), 1440938160);
  EXPECT_FALSE(ParseAmzDate("2015-08-30T12:36:00Z", &t));
  EXPECT_FALSE(ParseAmzDate("20151330T123600Z", &t));
}

TEST(AuthTest, UnsignedRequestsAreAttributedByShape) {
  Request r;
  r.headers = {{"X-Amz-Target", "DynamoDB_20120810.ListTables"}};
  EXPECT_EQ(GuessService(r), "dynamodb");
  Request q;
  q.method = "POST";
  q.body = "Action=GetCallerIdentity&Version=2011-06-15";
  EXPECT_EQ(GuessService(q), "sts");
  Request s3;
  s3.method = "GET";
  s3.path = "/bucket/key";
  EXPECT_EQ(GuessService(s3), "s3");
}

}  // namespace
}  // namespace sandbox
