#pragma once
// HttpTransport on libcurl. Keep-alive through a pool of easy handles (each
// used by one thread at a time); TLS peer and host verification are always
// on; proxies come from libcurl's own environment handling (https_proxy,
// HTTPS_PROXY, http_proxy, no_proxy/NO_PROXY; libcurl deliberately ignores
// upper-case HTTP_PROXY).
#include <chrono>
#include <mutex>
#include <vector>

#include "http/http.h"

namespace arm {

// The largest response body any request accepts: a bigger one (a
// Content-Length that says so, or a chunked body that keeps coming) ends the
// transfer with "response from HOST larger than 64 MiB", not out of memory.
inline constexpr size_t kMaxResponseBodyBytes = size_t{64} << 20;
// The same for all the headers of one response together.
inline constexpr size_t kMaxResponseHeaderBytes = size_t{1} << 20;

// A libcurl option (CURLoption) and its long value.
struct CurlLongOption {
  int option;
  long value;
};

// The settings every request gets whatever the environment or the request:
// TLS peer and host verification on, no redirects, no signals, bodies of at
// most kMaxResponseBodyBytes. Every handle
// gets exactly these when it is created, and a pooled handle keeps them;
// nothing else touches verification.
std::vector<CurlLongOption> CurlFixedOptions();

class CurlTransport final : public HttpTransport {
 public:
  CurlTransport();
  ~CurlTransport() override;
  CurlTransport(const CurlTransport&) = delete;
  CurlTransport& operator=(const CurlTransport&) = delete;

  // Thread-safe. Failures to get a response are NetworkErrors whose message
  // says what happened ("connection refused", "timed out", "connection
  // reset"); TLS verification, malformed URLs, a body over
  // kMaxResponseBodyBytes and a header with a control character (refused
  // before anything is sent) are not retryable.
  Result<HttpResponse> Send(const HttpRequest& request) override;
  // Upper bounds for every request's timeouts (--cli-read-timeout,
  // --cli-connect-timeout); zero keeps the request's own. Call before use.
  void SetTimeoutCaps(std::chrono::milliseconds whole_request, std::chrono::milliseconds connect) {
    timeout_cap_ = whole_request;
    connect_timeout_cap_ = connect;
  }

 private:
  void* Acquire();             // a CURL*, idle or new
  void Release(void* handle);  // back to the pool for reuse

  std::mutex mu_;
  std::vector<void*> idle_;
  std::chrono::milliseconds timeout_cap_{0}, connect_timeout_cap_{0};
};

}  // namespace arm
