#include "http/curl_transport.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <fstream>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/testing/recording_proxy.h"

namespace arm {
namespace {

// A cpp-httplib server on 127.0.0.1 and a free port, listening on its own
// thread. bind_to_any_port already listens, so requests queue until served.
class LocalServer {
 public:
  LocalServer() {
    server_.set_keep_alive_max_count(1000);  // httplib closes after 5 by default
    server_.set_tcp_nodelay(true);           // else Nagle + delayed ACK: ~40 ms a request
    port_ = server_.bind_to_any_port("127.0.0.1");
  }
  ~LocalServer() { Stop(); }
  void Start() {
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // stop() before the loop runs is a no-op, and join would then wait
    // forever (a test that never reaches the server).
    while (!server_.is_running()) std::this_thread::yield();
  }
  void Stop() {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }
  httplib::Server& server() { return server_; }
  std::string host() const { return "127.0.0.1:" + std::to_string(port_); }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

HttpRequest To(const LocalServer& s, const std::string& method, const std::string& path) {
  HttpRequest r;
  r.scheme = "http";
  r.host = s.host();
  r.method = method;
  r.path = path;
  return r;
}

class CurlTransportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.server().Get("/hello", [this](const httplib::Request& req, httplib::Response& res) {
      Record(req);
      res.set_header("X-Reply", "yes");
      res.set_content("hello " + req.get_param_value("name"), "text/plain");
    });
    server_.server().Post("/echo", [this](const httplib::Request& req, httplib::Response& res) {
      Record(req);
      res.status = 201;
      std::string seen = "ct=" + req.get_header_value("Content-Type") +
                         ";expect=" + req.get_header_value("Expect") +
                         ";x=" + req.get_header_value("X-Custom") + ";body=" + req.body;
      res.set_content(seen, "text/plain");
    });
    // Echoes what arrived, whatever the method (HEAD is served by Get).
    auto echo = [this](const httplib::Request& req, httplib::Response& res) {
      Record(req);
      res.set_content("method=" + req.method + ";body=" + req.body +
                          ";length=" + req.get_header_value("Content-Length"),
                      "text/plain");
    };
    server_.server().Get("/any", echo);
    server_.server().Post("/any", echo);
    server_.server().Put("/any", echo);
    server_.server().Delete("/any", echo);
    server_.server().Get("/slow", [this](const httplib::Request&, httplib::Response& res) {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait_for(lock, std::chrono::seconds(5), [this] { return release_slow_; });
      res.set_content("late", "text/plain");
    });
    server_.Start();
  }
  void TearDown() override {
    // Closes the pooled keep-alive connections, which would otherwise hold
    // the server's workers until httplib's keep-alive timeout.
    transport_.reset();
    {
      std::lock_guard<std::mutex> lock(mu_);
      release_slow_ = true;
    }
    cv_.notify_all();
    server_.Stop();
  }
  void Record(const httplib::Request& req) {
    std::lock_guard<std::mutex> lock(mu_);
    client_ports_.insert(req.remote_port);
  }
  std::set<int> ClientPorts() {
    std::lock_guard<std::mutex> lock(mu_);
    return client_ports_;
  }

  LocalServer server_;
  std::unique_ptr<CurlTransport> transport_ = std::make_unique<CurlTransport>();
  std::mutex mu_;
  std::condition_variable cv_;
  bool release_slow_ = false;
  std::set<int> client_ports_;
};

TEST_F(CurlTransportTest, GetReturnsStatusHeadersAndBody) {
  HttpRequest r = To(server_, "GET", "/hello");
  r.query = "name=world";
  auto res = transport_->Send(r);
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "hello world");
  ASSERT_NE(res->Header("x-reply"), nullptr);
  EXPECT_EQ(*res->Header("x-reply"), "yes");
}

TEST_F(CurlTransportTest, PostSendsHeadersAndBodyWithoutExpectOrDefaultContentType) {
  HttpRequest r = To(server_, "POST", "/echo");
  r.headers = {{"X-Custom", "v1"}, {"Content-Type", "application/x-amz-json-1.1"}};
  r.body = std::string(2048, 'a');  // big enough that curl would otherwise send Expect
  auto res = transport_->Send(r);
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  EXPECT_EQ(res->status, 201);
  EXPECT_EQ(res->body, "ct=application/x-amz-json-1.1;expect=;x=v1;body=" + r.body);

  HttpRequest no_type = To(server_, "POST", "/echo");
  no_type.body = "abc";
  res = transport_->Send(no_type);
  ASSERT_TRUE(res.ok());
  EXPECT_EQ(res->body, "ct=;expect=;x=;body=abc");
}

TEST_F(CurlTransportTest, NonSuccessStatusIsAResponseNotAnError) {
  auto res = transport_->Send(To(server_, "GET", "/missing"));
  ASSERT_TRUE(res.ok());
  EXPECT_EQ(res->status, 404);
}

TEST_F(CurlTransportTest, SequentialRequestsReuseOneConnection) {
  for (int i = 0; i < 5; ++i) {
    auto res = transport_->Send(To(server_, "GET", "/hello"));
    ASSERT_TRUE(res.ok());
  }
  EXPECT_EQ(ClientPorts().size(), 1u);
}

// One thread, so every request reuses the same pooled handle: a request must
// not inherit the previous one's method, body or HEAD-ness.
TEST_F(CurlTransportTest, RequestsInTurnOnOneHandleKeepTheirOwnMethodAndBody) {
  struct Case {
    const char* method;
    std::string body;
    std::string want;  // the echo; empty for HEAD
  };
  const std::vector<Case> cases = {
      {"POST", "{\"a\":1}", "method=POST;body={\"a\":1};length=7"},
      {"GET", "", "method=GET;body=;length="},
      {"HEAD", "", ""},
      {"GET", "", "method=GET;body=;length="},
      {"DELETE", "", "method=DELETE;body=;length="},
      {"PUT", "xyz", "method=PUT;body=xyz;length=3"},
      {"POST", "", "method=POST;body=;length=0"},
      {"HEAD", "", ""},
      {"DELETE", "gone", "method=DELETE;body=gone;length=4"},
      {"PUT", "", "method=PUT;body=;length=0"},
      {"GET", "", "method=GET;body=;length="},
  };
  for (const Case& c : cases) {
    HttpRequest r = To(server_, c.method, "/any");
    r.body = c.body;
    auto res = transport_->Send(r);
    ASSERT_TRUE(res.ok()) << c.method << ": " << res.status().ToString();
    EXPECT_EQ(res->status, 200) << c.method;
    EXPECT_EQ(res->body, c.want) << c.method << " after the previous request";
  }
  EXPECT_EQ(ClientPorts().size(), 1u);  // and the connection was kept throughout
}

TEST_F(CurlTransportTest, ConcurrentSendsAllSucceed) {
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10; ++i)
        ok += transport_->Send(To(server_, "GET", "/hello")).ok() ? 1 : 0;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 40);
  EXPECT_LE(ClientPorts().size(),
            4u);  // at most one connection per concurrent handle
}

TEST_F(CurlTransportTest, TimeoutIsARetryableNetworkErrorWithinBounds) {
  HttpRequest r = To(server_, "GET", "/slow");
  r.timeout = std::chrono::milliseconds(300);
  auto start = std::chrono::steady_clock::now();
  auto res = transport_->Send(r);
  auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.status().code(), StatusCode::kNetworkError);
  EXPECT_TRUE(res.status().retryable());
  EXPECT_NE(res.status().message().find("timed out"), std::string::npos) << res.status().message();
  EXPECT_GE(elapsed, std::chrono::milliseconds(250));
  EXPECT_LT(elapsed, std::chrono::milliseconds(2500));
}

// A port that was just bound and closed again: nothing listens there.
int ClosedPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof(addr);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(fd);
    return -1;
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

TEST(CurlTransportErrorTest, ConnectionRefusedIsARetryableNetworkError) {
  int port = ClosedPort();
  ASSERT_GT(port, 0);
  CurlTransport transport;
  HttpRequest r;
  r.scheme = "http";
  r.host = "127.0.0.1:" + std::to_string(port);
  auto res = transport.Send(r);
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.status().code(), StatusCode::kNetworkError);
  EXPECT_TRUE(res.status().retryable());
  EXPECT_NE(res.status().message().find("connection refused"), std::string::npos)
      << res.status().message();
}

TEST(CurlTransportErrorTest, UnsupportedSchemeIsNotRetryable) {
  CurlTransport transport;
  HttpRequest r;
  r.scheme = "ftp";
  r.host = "127.0.0.1:1";
  auto res = transport.Send(r);
  ASSERT_FALSE(res.ok());
  EXPECT_FALSE(res.status().retryable());
}

// A server may say or send more than any answer of ours can be. Each case
// must end with one clear error, without the body in memory.
class CurlTransportLimitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Claims 2 GiB, sends 1 KiB, then closes: the old transport read until
    // the close (or until 2 GiB were in memory).
    server_.server().Get("/lies", [](const httplib::Request&, httplib::Response& res) {
      res.set_content_provider(size_t{2} << 30, "application/octet-stream",
                               [](size_t offset, size_t, httplib::DataSink& sink) {
                                 if (offset > 0) return false;
                                 std::string chunk(1024, 'x');
                                 return sink.write(chunk.data(), chunk.size());
                               });
    });
    // Chunked, no length: 80 MiB in 1 MiB chunks unless the client hangs up.
    server_.server().Get("/endless", [](const httplib::Request&, httplib::Response& res) {
      res.set_chunked_content_provider("application/octet-stream",
                                       [](size_t offset, httplib::DataSink& sink) {
                                         if (offset >= (size_t{80} << 20)) {
                                           sink.done();
                                           return true;
                                         }
                                         std::string chunk(size_t{1} << 20, 'y');
                                         return sink.write(chunk.data(), chunk.size());
                                       });
    });
    server_.server().Get("/big", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(std::string(size_t{60} << 20, 'z'), "application/octet-stream");
    });
    server_.Start();
  }
  void TearDown() override {
    transport_.reset();
    server_.Stop();
  }

  LocalServer server_;
  std::unique_ptr<CurlTransport> transport_ = std::make_unique<CurlTransport>();
};

TEST_F(CurlTransportLimitTest, AContentLengthOver64MiBIsRefusedBeforeTheBody) {
  auto res = transport_->Send(To(server_, "GET", "/lies"));
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.status().code(), StatusCode::kNetworkError);
  EXPECT_FALSE(res.status().retryable());
  EXPECT_NE(
      res.status().message().find("response from http://" + server_.host() + " larger than 64 MiB"),
      std::string::npos)
      << res.status().message();
}

TEST_F(CurlTransportLimitTest, AnEndlessChunkedBodyIsCutAt64MiB) {
  HttpRequest r = To(server_, "GET", "/endless");
  r.timeout = std::chrono::seconds(60);
  auto res = transport_->Send(r);
  ASSERT_FALSE(res.ok()) << "a body of " << res->body.size() << " bytes was accepted";
  EXPECT_FALSE(res.status().retryable());
  EXPECT_NE(res.status().message().find("larger than 64 MiB"), std::string::npos)
      << res.status().message();
  // The handle goes back to the pool and serves the next request.
  auto next = transport_->Send(To(server_, "GET", "/lies"));
  EXPECT_FALSE(next.ok());
}

TEST_F(CurlTransportLimitTest, ABodyUnderTheCapIsReadWhole) {
  auto res = transport_->Send(To(server_, "GET", "/big"));
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  EXPECT_EQ(res->body.size(), size_t{60} << 20);
}

#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
// Kilobytes of virtual memory this process has mapped.
long VmSizeKb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmSize:", 0) == 0) return std::stol(line.substr(7));
  return -1;
}

// Out of memory inside libcurl's write callback: std::bad_alloc must not
// unwind through libcurl's C frames (std::terminate, the process gone). In a
// child with an address-space limit, the 60 MiB body cannot fit.
TEST_F(CurlTransportLimitTest, OutOfMemoryInACallbackIsAnErrorNotACrash) {
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    CurlTransport transport;
    (void)transport.Send(
        To(server_, "GET", "/missing"));  // libcurl's own buffers, before the limit
    long kb = VmSizeKb();
    if (kb <= 0) ::_exit(3);
    rlimit limit{};
    limit.rlim_cur = limit.rlim_max = static_cast<rlim_t>(kb + 24 * 1024) * 1024;
    if (::setrlimit(RLIMIT_AS, &limit) != 0) ::_exit(4);
    auto res = transport.Send(To(server_, "GET", "/big"));
    // The body fit in heap the process had freed before (an earlier test's
    // 60 MiB): the limit never bit.
    if (res.ok()) ::_exit(7);
    bool says_memory = res.status().message().find("out of memory") != std::string::npos;
    ::_exit(says_memory ? 0 : 6);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status)) << "the child died of signal " << WTERMSIG(status);
  if (WEXITSTATUS(status) == 7)
    GTEST_SKIP() << "the address-space limit did not bite in this process; run alone";
  EXPECT_EQ(WEXITSTATUS(status), 0);
}
#endif

// A CR or LF in a header value (an instance-metadata token, say) would end
// the header and let the server's text add headers of its own.
TEST_F(CurlTransportTest, AHeaderWithACarriageReturnOrLineFeedIsRefusedUnsent) {
  for (const char* bad : {"tok\r\nX-Injected: 1", "tok\nX-Injected: 1", "tok\x01"}) {
    HttpRequest r = To(server_, "POST", "/echo");
    r.headers = {{"X-Custom", bad}};
    auto res = transport_->Send(r);
    ASSERT_FALSE(res.ok()) << bad;
    EXPECT_FALSE(res.status().retryable());
    EXPECT_NE(res.status().message().find("X-Custom"), std::string::npos) << res.status().message();
    EXPECT_NE(res.status().message().find("control character"), std::string::npos)
        << res.status().message();
  }
  HttpRequest bad_name = To(server_, "POST", "/echo");
  bad_name.headers = {{"X-A\r\nX-B", "v"}};
  EXPECT_FALSE(transport_->Send(bad_name).ok());
  EXPECT_TRUE(ClientPorts().empty());  // nothing reached the server
}

TEST_F(CurlTransportTest, NoProxyRequestsGoStraightToTheServerWhateverHttpProxySays) {
  testing::RecordingProxy proxy;
  testing::ScopedProxyEnvironment env(proxy.Url());
  HttpRequest proxied = To(server_, "GET", "/hello");
  auto via_proxy = transport_->Send(proxied);
  ASSERT_TRUE(via_proxy.ok());
  EXPECT_EQ(via_proxy->status, 502);  // the environment's proxy is honoured otherwise
  ASSERT_EQ(proxy.Seen().size(), 1u);

  HttpRequest direct = To(server_, "GET", "/hello");
  direct.query = "name=direct";
  direct.no_proxy = true;
  auto res = transport_->Send(direct);
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "hello direct");
  EXPECT_EQ(proxy.Seen().size(), 1u);
}

}  // namespace
namespace {

// No environment variable can turn TLS verification off: not the ones other
// tools honour, not ones a user might guess for this tool.
TEST(CurlFixedOptionsTest, TlsVerificationStaysOnWhateverTheEnvironment) {
  const char* kVars[][2] = {{"CURL_INSECURE", "1"},
                            {"CURL_CA_BUNDLE", ""},
                            {"SSL_CERT_FILE", "/dev/null"},
                            {"AWS_CA_BUNDLE", "/dev/null"},
                            {"NODE_TLS_REJECT_UNAUTHORIZED", "0"},
                            {"PYTHONHTTPSVERIFY", "0"},
                            {"ARM_INSECURE", "1"},
                            {"ARM_NO_VERIFY_SSL", "1"},
                            {"AWS_NO_VERIFY_SSL", "true"},
                            {"NO_VERIFY_SSL", "1"}};
  for (const auto& v : kVars) ::setenv(v[0], v[1], 1);
  auto options = CurlFixedOptions();
  for (const auto& v : kVars) ::unsetenv(v[0]);
  long peer = -1, host = -1;
  for (const auto& o : options) {
    if (o.option == CURLOPT_SSL_VERIFYPEER) peer = o.value;
    if (o.option == CURLOPT_SSL_VERIFYHOST) host = o.value;
  }
  EXPECT_EQ(peer, 1);
  EXPECT_EQ(host, 2);
}

TEST(CurlFixedOptionsTest, EveryRequestCapsTheBodyAt64MiB) {
  long max = -1;
  for (const auto& o : CurlFixedOptions())
    if (o.option == CURLOPT_MAXFILESIZE_LARGE) max = o.value;
  EXPECT_EQ(max, 64L << 20);
}

}  // namespace
}  // namespace arm
