#include "aws/aws_client.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "aws/protocols/aws_json.h"
#include "aws/sigv4.h"
#include "tests/testing/fake_clock.h"
#include "tests/testing/fake_transport.h"
#include "version.h"

namespace arm {
namespace {

using testing::FakeClock;
using testing::FakeTransport;

constexpr char kSecret[] = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
constexpr char kToken[] = "SESSIONTOKENabc123";

// Test protocol: the body is the AWS error code.
Status ParseBodyAsCode(const HttpResponse& r) {
  return Status::Aws(r.body, "failed: " + r.body, r.status, "",
                     IsRetryableError(Status::Aws(r.body, "", r.status, "", false)),
                     IsThrottlingCode(r.body));
}

class AwsClientTest : public ::testing::Test {
 protected:
  AwsClientTest()
      : creds_(Credentials{"AKIDEXAMPLE", kSecret, kToken, std::nullopt, "static"}),
        resolver_(EndpointConfig{"us-east-1", "http://127.0.0.1:4566", "", false}, env_),
        client_(transport_, creds_, resolver_, clock_, Options()) {}

  static RetryOptions Options() {
    RetryOptions o;
    o.seed = 7;
    return o;
  }
  static HttpRequest Post() {
    HttpRequest r;
    r.method = "POST";
    r.headers = {{"X-Amz-Target", "Kinesis_20131202.ListStreams"},
                 {"Content-Type", "application/x-amz-json-1.1"}};
    r.body = "{}";
    return r;
  }
  static HttpResponse Response(int status, std::string body, Headers headers = {}) {
    HttpResponse r;
    r.status = status;
    r.body = std::move(body);
    r.headers = std::move(headers);
    return r;
  }
  static void ExpectNoSecrets(const Status& s, const std::vector<HttpRequest>& sent) {
    std::string text = s.ToString();
    EXPECT_EQ(text.find(kSecret), std::string::npos);
    EXPECT_EQ(text.find(kToken), std::string::npos);
    EXPECT_EQ(text.find("Signature="), std::string::npos);
    for (const auto& r : sent) {
      auto auth = sigv4::ParseAuthorization(*r.Header("Authorization"));
      ASSERT_TRUE(auth.ok());
      EXPECT_EQ(text.find(auth->signature), std::string::npos);
    }
  }

  MapEnvironment env_;
  FakeTransport transport_;
  FakeClock clock_;
  StaticCredentialsProvider creds_;
  EndpointResolver resolver_;
  AwsClient client_;
};

TEST_F(AwsClientTest, SignsTheRequestVerifiably) {
  transport_.Enqueue(200, "{}", {{"x-amzn-RequestId", "rid-1"}});
  CallStats stats;
  auto r = client_.Send(services::kKinesis, Post(), ParseBodyAsCode, &stats);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(stats.attempts, 1);
  EXPECT_EQ(stats.request_id, "rid-1");

  ASSERT_EQ(transport_.requests().size(), 1u);
  const HttpRequest& sent = transport_.requests()[0];
  EXPECT_EQ(sent.Url(), "http://127.0.0.1:4566/");
  EXPECT_EQ(*sent.Header("User-Agent"), std::string("aws-resource-manager/") + ARM_VERSION);
  EXPECT_EQ(*sent.Header("X-Amz-Security-Token"), kToken);
  ASSERT_NE(sent.Header("Authorization"), nullptr);

  auto auth = sigv4::ParseAuthorization(*sent.Header("Authorization"));
  ASSERT_TRUE(auth.ok());
  EXPECT_EQ(auth->access_key_id, "AKIDEXAMPLE");
  EXPECT_EQ(auth->region, "us-east-1");
  EXPECT_EQ(auth->service, "kinesis");
  EXPECT_EQ(auth->signed_headers, "content-type;host;x-amz-date;x-amz-security-token;x-amz-target");

  sigv4::SigningParams p;
  p.access_key_id = "AKIDEXAMPLE";
  p.secret_access_key = kSecret;
  p.region = "us-east-1";
  p.service = "kinesis";
  p.time = FakeClock().Now();
  EXPECT_EQ(auth->signature,
            sigv4::Signature(sigv4::StringToSign(sigv4::CanonicalRequest(sent, p, nullptr), p), p));
}

TEST_F(AwsClientTest, S3SignsContentSha256AndPutsTheHostPrefixFirst) {
  transport_.Enqueue(200, "");
  HttpRequest r;
  r.host = "bucket.";
  r.path = "/a%20key";
  ASSERT_TRUE(client_.Send(services::kS3, r, ParseBodyAsCode).ok());
  const HttpRequest& sent = transport_.requests()[0];
  EXPECT_EQ(sent.host, "bucket.127.0.0.1:4566");
  EXPECT_EQ(sent.path, "/a%20key");
  EXPECT_NE(sent.Header("x-amz-content-sha256"), nullptr);
  EXPECT_NE(sent.Header("Authorization")->find("/s3/aws4_request"), std::string::npos);
}

TEST_F(AwsClientTest, RetriesThrottlingThenSucceeds) {
  transport_.Enqueue(400, "ThrottlingException");
  transport_.Enqueue(400, "ThrottlingException", {{"x-amzn-RequestId", "rid-2"}});
  transport_.Enqueue(200, "{}", {{"x-amzn-RequestId", "rid-3"}});
  CallStats stats;
  auto r = client_.Send(services::kKinesis, Post(), ParseBodyAsCode, &stats);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(stats.attempts, 3);
  EXPECT_EQ(stats.request_id, "rid-3");
  EXPECT_EQ(client_.throttled_retries(), 2);  // for the one summary line of the run
  auto sleeps = clock_.sleeps();
  ASSERT_EQ(sleeps.size(), 2u);
  EXPECT_LE(sleeps[0].count(), 1000);
  EXPECT_LE(sleeps[1].count(), 2000);
  // Each attempt is signed afresh at the time it is sent.
  auto first = *transport_.requests()[0].Header("X-Amz-Date");
  auto last = *transport_.requests()[2].Header("X-Amz-Date");
  EXPECT_EQ(first, FormatAmzDate(FakeClock().Now()));
  EXPECT_EQ(last, FormatAmzDate(clock_.Now()));
}

TEST_F(AwsClientTest, GivesUpAfterMaxAttemptsWithTheLastError) {
  for (int i = 0; i < 5; ++i)
    transport_.Enqueue(503, "ServiceUnavailable", {{"x-amzn-RequestId", "rid-x"}});
  CallStats stats;
  auto r = client_.Send(services::kKinesis, Post(), ParseBodyAsCode, &stats);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().aws_code(), "ServiceUnavailable");
  EXPECT_EQ(r.status().http_status(), 503);
  EXPECT_EQ(r.status().request_id(), "rid-x");
  EXPECT_EQ(stats.attempts, 3);
  EXPECT_EQ(transport_.requests().size(), 3u);
  EXPECT_EQ(clock_.sleeps().size(), 2u);
  ExpectNoSecrets(r.status(), transport_.requests());
}

TEST_F(AwsClientTest, DoesNotRetryAccessDenied) {
  transport_.Enqueue(403, "AccessDeniedException");
  CallStats stats;
  auto r = client_.Send(services::kKinesis, Post(), ParseBodyAsCode, &stats);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kPermission);
  EXPECT_EQ(stats.attempts, 1);
  EXPECT_TRUE(clock_.sleeps().empty());
  ExpectNoSecrets(r.status(), transport_.requests());
}

TEST_F(AwsClientTest, RetriesNetworkErrors) {
  transport_.Enqueue(Status::NetworkError("connection reset by peer"));
  transport_.Enqueue(200, "{}");
  CallStats stats;
  ASSERT_TRUE(client_.Send(services::kKinesis, Post(), ParseBodyAsCode, &stats).ok());
  EXPECT_EQ(stats.attempts, 2);
  EXPECT_EQ(client_.throttled_retries(), 0);
}

TEST_F(AwsClientTest, NetworkErrorGivesUpAfterMaxAttempts) {
  CallStats stats;  // nothing queued: every attempt is a NetworkError
  auto r = client_.Send(services::kKinesis, Post(), ParseBodyAsCode, &stats);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNetworkError);
  EXPECT_EQ(stats.attempts, 3);
  ExpectNoSecrets(r.status(), transport_.requests());
}

TEST_F(AwsClientTest, UnparsableErrorStillFailsWithHttpStatus) {
  transport_.Enqueue(418, "teapot");
  auto r =
      client_.Send(services::kKinesis, Post(), [](const HttpResponse&) { return Status::Ok(); });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().http_status(), 418);
}

TEST_F(AwsClientTest, CredentialErrorsStopTheCall) {
  class Failing : public CredentialsProvider {
   public:
    Result<Credentials> GetCredentials() override {
      return Status::Credentials("no credentials found");
    }
    std::string Name() const override { return "failing"; }
  } failing;
  AwsClient client(transport_, failing, resolver_, clock_, Options());
  auto r = client.Send(services::kKinesis, Post(), ParseBodyAsCode);
  EXPECT_EQ(r.status().code(), StatusCode::kCredentials);
  EXPECT_TRUE(transport_.requests().empty());
}

TEST_F(AwsClientTest, ManyThreadsShareOneClient) {
  transport_.SetHandler(
      [](const HttpRequest&) -> Result<HttpResponse> { return Response(200, "{}"); });
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i)
        ok += client_.Send(services::kKinesis, Post(), ParseBodyAsCode).ok() ? 1 : 0;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 200);
  EXPECT_EQ(transport_.requests().size(), 200u);
}

// AWS's InvalidSignatureException quotes the canonical request; a hostile
// endpoint may echo the secret key too. The live secrets are redacted
// wherever they appear, the signing values after their markers.
TEST_F(AwsClientTest, SecretsAServerEchoesNeverReachTheStatus) {
  transport_.Enqueue(403, std::string(R"({"__type":"InvalidSignatureException","message":")") +
                              "The Canonical String for this request should have been\\n'POST\\n/"
                              "\\nx-amz-security-token:" +
                              kToken +
                              "\\n' Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/x, "
                              "Signature=0123abcd; your key is " +
                              kSecret + R"("})");
  auto r = client_.Send(services::kKinesis, Post(), aws_json::ParseError);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().aws_code(), "InvalidSignatureException");
  std::string text = r.status().ToString();
  for (const char* leaked : {kSecret, kToken, "0123abcd", "AKIDEXAMPLE/x"})
    EXPECT_EQ(text.find(leaked), std::string::npos) << leaked << ": " << text;
  EXPECT_NE(text.find("x-amz-security-token:[redacted]"), std::string::npos) << text;
  EXPECT_NE(text.find("Signature=[redacted]"), std::string::npos) << text;
  EXPECT_NE(r.status().ToString().find("your key is [redacted]"), std::string::npos)
      << r.status().ToString();
}

}  // namespace
}  // namespace arm
