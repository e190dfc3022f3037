#include "sandbox/auth.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <ctime>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "tests/testing/testing.h"

namespace sandbox {
namespace {

TEST(AuthTest, SignaturesEqualOnlyWhenEveryCharacterIs) {
  const std::string sig(64, 'a');
  EXPECT_TRUE(SignaturesEqual(sig, sig));
  EXPECT_FALSE(SignaturesEqual(sig, std::string(63, 'a') + "b"));
  EXPECT_FALSE(SignaturesEqual(sig, "b" + std::string(63, 'a')));
  EXPECT_FALSE(SignaturesEqual(sig, std::string(63, 'a')));
  EXPECT_FALSE(SignaturesEqual(sig, ""));
}

// A comparison that stops at the first differing character tells a caller
// who can time it how much of a guessed signature was right. The one place
// signatures are checked goes through SignaturesEqual, which is
// CRYPTO_memcmp.
TEST(AuthTest, SignaturesAreComparedInConstantTime) {
  std::ifstream in(arm::testing::SourceDir() + "/sandbox/auth.cc");
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  ASSERT_FALSE(text.empty());
  EXPECT_NE(text.find("SignaturesEqual(signature, parsed->signature)"), std::string::npos);
  EXPECT_NE(text.find("CRYPTO_memcmp(computed.data(), given.data()"), std::string::npos);
  for (const char* naive : {"signature != parsed->signature", "signature == parsed->signature",
                            "parsed->signature != signature", "parsed->signature == signature"})
    EXPECT_EQ(text.find(naive), std::string::npos) << naive;
}

TEST(AuthTest, AllowListMatchesExactAndPrefixActionsCaseInsensitively) {
  std::vector<std::string> allow = {"sts:GetCallerIdentity", "kinesis:Describe*",
                                    "tag:GetResources"};
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
  store.Load({{"credentials",
               {{{"access_key_id", "AK"},
                 {"secret_access_key", "S"},
                 {"account_id", "123456789012"},
                 {"arn", "arn:aws:iam::123456789012:user/u"},
                 {"allow", {"sts:*"}}}}}});
  auto ak = store.Find("AK");
  ASSERT_TRUE(ak.has_value());
  EXPECT_EQ(ak->allow, std::vector<std::string>{"sts:*"});
  EXPECT_EQ(ak->user_id.substr(0, 4), "AIDA");
  EXPECT_TRUE(store.Find("test").has_value());
  EXPECT_FALSE(store.Find("nope").has_value());
}

TEST(AuthTest, EstateCredentialsMayExpire) {
  CredentialStore store;
  store.Load(
      {{"credentials",
        {{{"access_key_id", "ASIAOLD"},
          {"secret_access_key", "S"},
          {"session_token", "T"},
          {"expiration", "2020-01-01T00:00:00Z"}},
         {{"access_key_id", "ASIANOW"}, {"secret_access_key", "S"}, {"session_token", "T"}}}}});
  auto old = store.Find("ASIAOLD");
  ASSERT_TRUE(old.has_value());
  ASSERT_TRUE(old->expiration.has_value());
  EXPECT_EQ(std::chrono::system_clock::to_time_t(*old->expiration), 1577836800);
  EXPECT_FALSE(store.Find("ASIANOW")->expiration.has_value());
}

TEST(AuthTest, ParsesAmzDate) {
  auto t = ParseAmzDate("20150830T123600Z");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(std::chrono::system_clock::to_time_t(*t), 1440938160);
  EXPECT_FALSE(ParseAmzDate("2015-08-30T12:36:00Z").has_value());
  EXPECT_FALSE(ParseAmzDate("20151330T123600Z").has_value());
}

// ParseAmzDate computes the time itself; it must accept, refuse and normalise
// exactly as the timegm version did (month 00, day 31 of a short month,
// second 60 are accepted and normalised), and refuse years that a
// system_clock time point cannot hold.
TEST(AuthTest, ParseAmzDateAgreesWithTimegm) {
  auto reference = [](const std::string& v, std::chrono::system_clock::time_point* out) {
    std::tm tm{};
    tm.tm_year = std::stoi(v.substr(0, 4)) - 1900;
    tm.tm_mon = std::stoi(v.substr(4, 2)) - 1;
    tm.tm_mday = std::stoi(v.substr(6, 2));
    tm.tm_hour = std::stoi(v.substr(9, 2));
    tm.tm_min = std::stoi(v.substr(11, 2));
    tm.tm_sec = std::stoi(v.substr(13, 2));
    if (tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 ||
        tm.tm_sec > 60) {
      return false;
    }
    if (tm.tm_year + 1900 < 1700 || tm.tm_year + 1900 > 2200)
      return false;  // beyond system_clock's range
    *out = std::chrono::system_clock::from_time_t(::timegm(&tm));
    return true;
  };
  std::mt19937 rng(3);
  std::vector<std::string> values = {"20150830T123600Z", "20150030T000000Z", "20150231T235960Z",
                                     "20161231T235959Z", "19000101T000000Z", "00000101T000000Z",
                                     "99991231T235960Z", "20151300T000000Z", "20150100T000000Z"};
  for (int i = 0; i < 20000; ++i) {
    char buf[17];
    std::snprintf(buf, sizeof(buf), "%04u", static_cast<unsigned>(rng() % 10000));
    std::string v = buf;
    for (unsigned field :
         {14u, 33u, 25u, 61u, 62u}) {  // month, day, hour, minute, second, beyond range too
      std::snprintf(buf, sizeof(buf), "%02u", static_cast<unsigned>(rng() % field));
      v += buf;
      if (v.size() == 8) v += 'T';
    }
    values.push_back(v + "Z");
  }
  for (const std::string& v : values) {
    std::chrono::system_clock::time_point want{};
    auto got = ParseAmzDate(v);
    ASSERT_EQ(got.has_value(), reference(v, &want)) << v;
    if (got) {
      ASSERT_EQ(*got, want) << v;
    }
  }
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
