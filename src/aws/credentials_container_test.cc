#include "aws/credentials_container.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <thread>

#include "http/curl_transport.h"
#include "tests/testing/fake_transport.h"
#include "tests/testing/recording_proxy.h"
#include "tests/testing/testing.h"

namespace arm {
namespace {

constexpr char kContainerSecret[] = "container-secret-XYZ";
const std::string kBody = std::string(R"({"AccessKeyId":"ASIACONT","SecretAccessKey":")") +
                          kContainerSecret +
                          R"(","Token":"ctok","Expiration":"2030-01-01T00:00:00Z"})";

// A loopback credentials endpoint that checks the Authorization header.
class ContainerServer {
 public:
  ContainerServer() {
    server_.Get("/creds", [this](const httplib::Request& req, httplib::Response& res) {
      auth_seen = req.get_header_value("Authorization");
      if (auth_seen != "Bearer good") {
        res.status = 401;
        return;
      }
      res.set_content(kBody, "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    // bind_to_any_port already listens: connections queue until the loop runs.
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~ContainerServer() {
    server_.stop();
    thread_.join();
  }
  std::string Url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/creds"; }
  std::string auth_seen;

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

TEST(ContainerCredentialsTest, NoVariablesIsNotFound) {
  MapEnvironment env;
  RealFileSystem fs;
  testing::FakeTransport transport;
  EXPECT_TRUE(
      ContainerCredentialsProvider(env, fs, transport).GetCredentials().status().IsNotFound());
  EXPECT_TRUE(transport.requests().empty());
}

TEST(ContainerCredentialsTest, RelativeUriGoesToTheEcsAgentWithoutToken) {
  MapEnvironment env;
  env.Set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/abc?x=1");
  env.Set("AWS_CONTAINER_AUTHORIZATION_TOKEN", "Bearer good");
  RealFileSystem fs;
  testing::FakeTransport transport;
  transport.Enqueue(200, kBody);
  auto c = ContainerCredentialsProvider(env, fs, transport).GetCredentials();
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->access_key_id, "ASIACONT");
  EXPECT_EQ(c->session_token, "ctok");
  EXPECT_EQ(c->source, "container");
  const HttpRequest& r = transport.requests().at(0);
  EXPECT_EQ(r.Url(), "http://169.254.170.2/v2/credentials/abc?x=1");
  EXPECT_EQ(r.Header("Authorization"), nullptr);
}

TEST(ContainerCredentialsTest, FullUriOnlyHttpsOrLoopbackOrAgent) {
  EXPECT_TRUE(IsAllowedContainerHost("127.0.0.1"));
  EXPECT_TRUE(IsAllowedContainerHost("127.1.2.3"));
  EXPECT_TRUE(IsAllowedContainerHost("localhost"));
  EXPECT_TRUE(IsAllowedContainerHost("::1"));
  EXPECT_TRUE(IsAllowedContainerHost("169.254.170.23"));
  EXPECT_FALSE(IsAllowedContainerHost("127.0.0.1.evil.com"));
  EXPECT_FALSE(IsAllowedContainerHost("10.0.0.1"));

  MapEnvironment env;
  env.Set("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://10.0.0.1/creds");
  RealFileSystem fs;
  testing::FakeTransport transport;
  auto c = ContainerCredentialsProvider(env, fs, transport).GetCredentials();
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kCredentials);
  EXPECT_NE(c.status().message().find("10.0.0.1 is not allowed"), std::string::npos);
  EXPECT_TRUE(transport.requests().empty());

  env.Set("AWS_CONTAINER_CREDENTIALS_FULL_URI", "https://creds.example.com/x");
  transport.Enqueue(200, kBody);
  EXPECT_TRUE(ContainerCredentialsProvider(env, fs, transport).GetCredentials().ok());
}

TEST(ContainerCredentialsTest, LoopbackServerGetsAuthorizationToken) {
  ContainerServer server;
  MapEnvironment env;
  env.Set("AWS_CONTAINER_CREDENTIALS_FULL_URI", server.Url());
  env.Set("AWS_CONTAINER_AUTHORIZATION_TOKEN", "Bearer good");
  RealFileSystem fs;
  CurlTransport transport;
  auto c = ContainerCredentialsProvider(env, fs, transport).GetCredentials();
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(server.auth_seen, "Bearer good");
  EXPECT_EQ(c->secret_access_key, kContainerSecret);
}

// The proxy would see the authorization token and the credentials.
TEST(ContainerCredentialsTest, NeverGoesThroughHttpProxyAndTheTokenNeverReachesIt) {
  ContainerServer server;
  testing::RecordingProxy proxy;
  testing::ScopedProxyEnvironment proxy_env(proxy.Url());
  MapEnvironment env;
  env.Set("AWS_CONTAINER_CREDENTIALS_FULL_URI", server.Url());
  env.Set("AWS_CONTAINER_AUTHORIZATION_TOKEN", "Bearer good");
  RealFileSystem fs;
  CurlTransport transport;
  auto c = ContainerCredentialsProvider(env, fs, transport).GetCredentials();
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(server.auth_seen, "Bearer good");
  std::vector<std::string> seen = proxy.Seen();
  EXPECT_TRUE(seen.empty()) << seen.front();
  for (const auto& s : seen) EXPECT_EQ(s.find("Bearer good"), std::string::npos) << s;
}

TEST(ContainerCredentialsTest, TokenFileWinsAndBadTokenIsAnErrorWithoutSecrets) {
  ContainerServer server;
  std::string dir = testing::MakeTempDir("arm-container");
  RealFileSystem fs;
  ASSERT_TRUE(fs.WriteFileDurable(dir + "/token", "Bearer good\n", 0600).ok());
  MapEnvironment env;
  env.Set("AWS_CONTAINER_CREDENTIALS_FULL_URI", server.Url());
  env.Set("AWS_CONTAINER_AUTHORIZATION_TOKEN", "Bearer bad");
  env.Set("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", dir + "/token");
  CurlTransport transport;
  ContainerCredentialsProvider p(env, fs, transport);
  EXPECT_TRUE(p.GetCredentials().ok());
  EXPECT_EQ(server.auth_seen, "Bearer good");

  env.Unset("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
  auto c = p.GetCredentials();
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kCredentials);
  EXPECT_NE(c.status().message().find("HTTP 401"), std::string::npos);
  EXPECT_EQ(c.status().ToString().find("Bearer"), std::string::npos);
  testing::RemoveTree(dir);
}

}  // namespace
}  // namespace arm
