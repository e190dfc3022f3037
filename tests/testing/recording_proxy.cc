#include "tests/testing/recording_proxy.h"

#include <cstdlib>

namespace arm::testing {
namespace {

constexpr const char* kProxyVariables[] = {"http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy",
                                           "ALL_PROXY"};

}  // namespace

RecordingProxy::RecordingProxy() {
  auto record = [this](const httplib::Request& req, httplib::Response& res) {
    std::string seen = req.method + " " + req.target;
    for (const auto& [k, v] : req.headers) seen += "\n" + k + ": " + v;
    std::lock_guard<std::mutex> lock(mu_);
    seen_.push_back(std::move(seen));
    res.status = 502;
    res.set_header("Connection", "close");  // no keep-alive to wait for at stop
  };
  server_.Get(".*", record);
  server_.Put(".*", record);
  server_.Post(".*", record);
  port_ = server_.bind_to_any_port("127.0.0.1");
  // bind_to_any_port already listens: connections queue until the loop runs.
  thread_ = std::thread([this] { server_.listen_after_bind(); });
  // stop() before the loop runs is a no-op: join would wait forever.
  while (!server_.is_running()) std::this_thread::yield();
}

RecordingProxy::~RecordingProxy() {
  server_.stop();
  thread_.join();
}

std::vector<std::string> RecordingProxy::Seen() {
  std::lock_guard<std::mutex> lock(mu_);
  return seen_;
}

ScopedProxyEnvironment::ScopedProxyEnvironment(const std::string& url) {
  for (const char* name : kProxyVariables) ::setenv(name, url.c_str(), 1);
  ::unsetenv("no_proxy");
  ::unsetenv("NO_PROXY");
}

ScopedProxyEnvironment::~ScopedProxyEnvironment() {
  for (const char* name : kProxyVariables) ::unsetenv(name);
}

}  // namespace arm::testing
