#include "aws/credentials_imds.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <mutex>
#include <thread>

#include "http/curl_transport.h"
#include "tests/testing/fake_transport.h"
#include "tests/testing/recording_proxy.h"

namespace arm {
namespace {

constexpr char kImdsSecret[] = "imds-secret-XYZ";

// IMDSv2 on loopback: token PUT required for every GET.
class ImdsServer {
 public:
  explicit ImdsServer(bool require_token = true) {
    server_.Put("/latest/api/token",
                [this, require_token](const httplib::Request& req, httplib::Response& res) {
                  Log("PUT " + req.path +
                      " ttl=" + req.get_header_value("X-aws-ec2-metadata-token-ttl-seconds"));
                  if (!require_token) {
                    res.status = 404;
                    return;
                  }
                  res.set_content("tok-123", "text/plain");
                });
    auto check = [this, require_token](const httplib::Request& req, httplib::Response& res) {
      Log("GET " + req.path + " token=" + req.get_header_value("X-aws-ec2-metadata-token"));
      if (require_token && req.get_header_value("X-aws-ec2-metadata-token") != "tok-123") {
        res.status = 401;
        return false;
      }
      return true;
    };
    server_.Get("/latest/meta-data/iam/security-credentials/",
                [check](const httplib::Request& req, httplib::Response& res) {
                  if (check(req, res)) res.set_content("my-role\n", "text/plain");
                });
    server_.Get(
        "/latest/meta-data/iam/security-credentials/my-role",
        [check](const httplib::Request& req, httplib::Response& res) {
          if (!check(req, res)) return;
          res.set_content(
              std::string(R"({"Code":"Success","AccessKeyId":"ASIAIMDS","SecretAccessKey":")") +
                  kImdsSecret + R"(","Token":"itok","Expiration":"2030-01-01T00:00:00Z"})",
              "application/json");
        });
    port_ = server_.bind_to_any_port("127.0.0.1");
    // bind_to_any_port already listens: connections queue until the loop runs.
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~ImdsServer() {
    server_.stop();
    thread_.join();
  }
  std::string Endpoint() const { return "http://127.0.0.1:" + std::to_string(port_) + "/"; }
  std::vector<std::string> log() {
    std::lock_guard<std::mutex> l(mu_);
    return log_;
  }

 private:
  void Log(const std::string& s) {
    std::lock_guard<std::mutex> l(mu_);
    log_.push_back(s);
  }
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mu_;
  std::vector<std::string> log_;
};

TEST(ImdsCredentialsTest, PutsTokenThenGetsRoleAndCredentials) {
  ImdsServer server;
  MapEnvironment env;
  env.Set("AWS_EC2_METADATA_SERVICE_ENDPOINT", server.Endpoint());
  CurlTransport transport;
  auto c = ImdsCredentialsProvider(env, transport).GetCredentials();
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->access_key_id, "ASIAIMDS");
  EXPECT_EQ(c->session_token, "itok");
  EXPECT_EQ(c->source, "imds");
  EXPECT_EQ(server.log(),
            (std::vector<std::string>{
                "PUT /latest/api/token ttl=21600",
                "GET /latest/meta-data/iam/security-credentials/ token=tok-123",
                "GET /latest/meta-data/iam/security-credentials/my-role token=tok-123",
            }));
}

// http_proxy must not see the instance's token or credentials: a proxy on
// the path would otherwise get both.
TEST(ImdsCredentialsTest, NeverGoesThroughHttpProxy) {
  ImdsServer server;
  testing::RecordingProxy proxy;
  testing::ScopedProxyEnvironment proxy_env(proxy.Url());
  MapEnvironment env;
  env.Set("AWS_EC2_METADATA_SERVICE_ENDPOINT", server.Endpoint());
  CurlTransport transport;
  auto c = ImdsCredentialsProvider(env, transport).GetCredentials();
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->access_key_id, "ASIAIMDS");
  std::vector<std::string> seen = proxy.Seen();
  EXPECT_TRUE(seen.empty()) << seen.front();
}

// The token comes back in a header of every later request: a CR or LF in it
// would let the server add headers of its own.
TEST(ImdsCredentialsTest, ATokenWithALineBreakIsRefusedAndNeverSent) {
  for (const char* token : {"tok\r\nX-Injected: yes", "tok\n", "tok\x7f", ""}) {
    MapEnvironment env;
    testing::FakeTransport transport;
    transport.Enqueue(200, token);
    transport.Enqueue(200, "role");
    auto c = ImdsCredentialsProvider(env, transport).GetCredentials();
    ASSERT_FALSE(c.ok()) << "token " << token;
    EXPECT_TRUE(c.status().IsNotFound());
    EXPECT_NE(c.status().message().find("control character"), std::string::npos)
        << c.status().message();
    EXPECT_EQ(transport.requests().size(), 1u) << "the token was used";
  }
}

TEST(ImdsCredentialsTest, ASessionTokenWithALineBreakIsRefused) {
  MapEnvironment env;
  testing::FakeTransport transport;
  transport.Enqueue(200, "tok");
  transport.Enqueue(200, "role");
  transport.Enqueue(
      200,
      R"({"Code":"Success","AccessKeyId":"ASIA","SecretAccessKey":"s","Token":"t\r\nX-Injected: 1"})");
  auto c = ImdsCredentialsProvider(env, transport).GetCredentials();
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("control character"), std::string::npos)
      << c.status().message();
}

TEST(ImdsCredentialsTest, FallsBackToV1WhenTokenEndpointIsMissing) {
  ImdsServer server(/*require_token=*/false);
  MapEnvironment env;
  env.Set("AWS_EC2_METADATA_SERVICE_ENDPOINT", server.Endpoint());
  CurlTransport transport;
  auto c = ImdsCredentialsProvider(env, transport).GetCredentials();
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(server.log().back(), "GET /latest/meta-data/iam/security-credentials/my-role token=");
}

TEST(ImdsCredentialsTest, DisabledSendsNothing) {
  MapEnvironment env;
  env.Set("AWS_EC2_METADATA_DISABLED", "TRUE");
  testing::FakeTransport transport;
  ImdsCredentialsProvider p(env, transport);
  EXPECT_TRUE(p.GetCredentials().status().IsNotFound());
  EXPECT_TRUE(transport.requests().empty());
  EXPECT_EQ(p.Name(), "EC2 instance metadata (disabled by AWS_EC2_METADATA_DISABLED)");
}

TEST(ImdsCredentialsTest, UnreachableOrNoRoleIsNotFoundWithOneSecondTimeouts) {
  MapEnvironment env;
  testing::FakeTransport transport;
  transport.Enqueue(Status::NetworkError("connect timeout"));
  auto c = ImdsCredentialsProvider(env, transport).GetCredentials();
  EXPECT_TRUE(c.status().IsNotFound());
  const HttpRequest& r = transport.requests().at(0);
  EXPECT_EQ(r.Url(), "http://169.254.169.254/latest/api/token");
  EXPECT_EQ(r.method, "PUT");
  EXPECT_EQ(r.timeout, std::chrono::milliseconds(1000));
  EXPECT_EQ(r.connect_timeout, std::chrono::milliseconds(1000));

  transport.Enqueue(200, "tok");
  transport.Enqueue(404, "");
  EXPECT_TRUE(ImdsCredentialsProvider(env, transport).GetCredentials().status().IsNotFound());
}

TEST(ImdsCredentialsTest, BadCredentialDocumentDoesNotLeakTheSecret) {
  MapEnvironment env;
  testing::FakeTransport transport;
  transport.Enqueue(200, "tok");
  transport.Enqueue(200, "role");
  transport.Enqueue(200,
                    std::string(R"({"Code":"Success","SecretAccessKey":")") + kImdsSecret + "\"");
  auto c = ImdsCredentialsProvider(env, transport).GetCredentials();
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().ToString().find(kImdsSecret), std::string::npos);
}

}  // namespace
}  // namespace arm
