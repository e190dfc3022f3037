#include <gtest/gtest.h>

#include <pugixml.hpp>

#include "tests/testing/sandbox_fixture.h"
#include "tests/testing/sandbox_http.h"

namespace arm::testing {
namespace {

class S3HandlerTest : public SandboxFixture {
 protected:
  RawResponse Send(const std::string& method, const std::string& host, const std::string& path,
                   const std::string& body = "", const Headers& headers = {}) {
    HttpRequest r;
    r.method = method;
    r.host = host;
    r.path = path;
    r.body = body;
    r.headers = headers;
    return SendSigned(port(), r, "s3");
  }
  std::string local() const { return "127.0.0.1:" + std::to_string(port()); }
};

TEST_F(S3HandlerTest, VirtualHostedPutThenPathStyleGet) {
  std::string vhost = "user-journey-analytics-state.localhost:" + std::to_string(port());
  RawResponse put = Send("PUT", vhost, "/dir/a%20b.txt", "hello world",
                         {{"x-amz-server-side-encryption", "AES256"}});
  ASSERT_EQ(put.status, 200) << put.body;
  ASSERT_NE(put.Header("ETag"), nullptr);
  EXPECT_EQ(*put.Header("ETag"), "\"5eb63bbbe01eeed093cb22bb8f5acdc3\"");
  EXPECT_EQ(*put.Header("x-amz-server-side-encryption"), "AES256");

  RawResponse get = Send("GET", local(), "/user-journey-analytics-state/dir/a%20b.txt");
  ASSERT_EQ(get.status, 200);
  EXPECT_EQ(get.body, "hello world");
  EXPECT_EQ(*get.Header("ETag"), *put.Header("ETag"));

  RawResponse range = Send("GET", local(), "/user-journey-analytics-state/dir/a%20b.txt", "",
                           {{"Range", "bytes=6-"}});
  EXPECT_EQ(range.status, 206);
  EXPECT_EQ(range.body, "world");
  EXPECT_EQ(*range.Header("Content-Range"), "bytes 6-10/11");

  RawResponse head = Send("HEAD", local(), "/user-journey-analytics-state/dir/a%20b.txt");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(*head.Header("Content-Length"), "11");
  EXPECT_TRUE(head.body.empty());
}

TEST_F(S3HandlerTest, MissingKeyIsNoSuchKeyWithTheKey) {
  RawResponse r = Send("GET", local(), "/user-journey-analytics-state/none");
  EXPECT_EQ(r.status, 404);
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(r.body.c_str()));
  EXPECT_STREQ(doc.child("Error").child_value("Code"), "NoSuchKey");
  RawResponse bad_md5 =
      Send("PUT", local(), "/user-journey-analytics-state/k", "abc", {{"Content-MD5", "AAAA"}});
  EXPECT_EQ(bad_md5.status, 400);
  EXPECT_NE(bad_md5.body.find("BadDigest"), std::string::npos);
}

TEST_F(S3HandlerTest, PayloadHashMustMatchTheBody) {
  HttpRequest r;
  r.method = "PUT";
  r.path = "/user-journey-analytics-state/k";
  r.body = "abc";
  r.SetHeader("x-amz-content-sha256", std::string(64, '0'));
  RawResponse res = SendSigned(port(), r, "s3");
  EXPECT_EQ(res.status, 400);
  EXPECT_NE(res.body.find("XAmzContentSHA256Mismatch"), std::string::npos) << res.body;
  r.SetHeader("x-amz-content-sha256", "UNSIGNED-PAYLOAD");
  EXPECT_EQ(SendSigned(port(), r, "s3").status, 200);
}

// A bucket of the estate belongs to its account unless it says "Owner".
class S3BucketOwnerTest : public S3HandlerTest {
 protected:
  sandbox::ServerOptions Options() override {
    sandbox::ServerOptions o = S3HandlerTest::Options();
    nlohmann::json bucket = {{"Name", "sold-bucket"}, {"Owner", "999999999999"}};
    bucket["Objects"] = nlohmann::json::array({nlohmann::json{{"Key", "k"}, {"Body", "theirs"}}});
    o.estate["s3"]["buckets"].push_back(bucket);
    return o;
  }
};

TEST_F(S3BucketOwnerTest, ExpectedBucketOwnerOfAnotherAccountIsAccessDenied) {
  const Headers ours = {{"x-amz-expected-bucket-owner", "000000000000"}};
  const Headers theirs = {{"x-amz-expected-bucket-owner", "999999999999"}};
  // The estate's own bucket: its account matches.
  EXPECT_EQ(Send("PUT", local(), "/user-journey-analytics-state/k", "v", ours).status, 200);
  EXPECT_EQ(Send("GET", local(), "/user-journey-analytics-state/k", "", ours).body, "v");
  RawResponse put = Send("PUT", local(), "/user-journey-analytics-state/k", "w", theirs);
  EXPECT_EQ(put.status, 403);
  EXPECT_NE(put.body.find("<Code>AccessDenied</Code>"), std::string::npos) << put.body;
  EXPECT_EQ(Send("GET", local(), "/user-journey-analytics-state/k", "", theirs).status, 403);
  EXPECT_EQ(Send("HEAD", local(), "/user-journey-analytics-state/k", "", theirs).status, 403);
  EXPECT_EQ(Send("GET", local(), "/user-journey-analytics-state/k").body, "v");  // unchanged

  // A bucket that changed hands: refused to whoever expects the old owner.
  RawResponse get = Send("GET", local(), "/sold-bucket/k", "", ours);
  EXPECT_EQ(get.status, 403);
  EXPECT_NE(get.body.find("<Code>AccessDenied</Code>"), std::string::npos) << get.body;
  EXPECT_EQ(get.body.find("theirs"), std::string::npos);
  EXPECT_EQ(Send("PUT", local(), "/sold-bucket/k", "mine", ours).status, 403);
  EXPECT_EQ(Send("GET", local(), "/sold-bucket/k", "", theirs).body, "theirs");
  EXPECT_EQ(Send("GET", local(), "/sold-bucket/k").body,
            "theirs");  // no header: no check, as in S3

  RawResponse malformed =
      Send("GET", local(), "/sold-bucket/k", "", {{"x-amz-expected-bucket-owner", "me"}});
  EXPECT_EQ(malformed.status, 400);
  EXPECT_NE(malformed.body.find("InvalidBucketOwnerAWSAccountID"), std::string::npos)
      << malformed.body;
}

}  // namespace
}  // namespace arm::testing
