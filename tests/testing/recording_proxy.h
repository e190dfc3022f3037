#pragma once
// A loopback "proxy" that records whatever reaches it (request line and
// headers) and answers 502, and the environment that points libcurl at it:
// for tests that prove a request never goes through http_proxy.
#include <httplib.h>

#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace arm::testing {

class RecordingProxy {
 public:
  RecordingProxy();
  ~RecordingProxy();
  RecordingProxy(const RecordingProxy&) = delete;
  RecordingProxy& operator=(const RecordingProxy&) = delete;

  std::string Url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // One entry a request: "METHOD target\nName: value\n...".
  std::vector<std::string> Seen();

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mu_;
  std::vector<std::string> seen_;
};

// Sets http_proxy, https_proxy, HTTPS_PROXY, all_proxy and ALL_PROXY to `url`
// and clears no_proxy/NO_PROXY for its scope (the process environment, which
// libcurl reads on every transfer).
class ScopedProxyEnvironment {
 public:
  explicit ScopedProxyEnvironment(const std::string& url);
  ~ScopedProxyEnvironment();
  ScopedProxyEnvironment(const ScopedProxyEnvironment&) = delete;
  ScopedProxyEnvironment& operator=(const ScopedProxyEnvironment&) = delete;
};

}  // namespace arm::testing
