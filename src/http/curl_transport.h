#pragma once
// HttpTransport on libcurl. Keep-alive through a pool of easy handles (each
// used by one thread at a time); TLS peer and host verification are always
// on; proxies come from libcurl's own environment handling (https_proxy,
// HTTPS_PROXY, http_proxy, no_proxy/NO_PROXY; libcurl deliberately ignores
// upper-case HTTP_PROXY).
#include <mutex>
#include <vector>

#include "http/http.h"

namespace arm {

class CurlTransport final : public HttpTransport {
 public:
  CurlTransport();
  ~CurlTransport() override;
  CurlTransport(const CurlTransport&) = delete;
  CurlTransport& operator=(const CurlTransport&) = delete;

  // Thread-safe. Failures to get a response are NetworkErrors whose message
  // says what happened ("connection refused", "timed out", "connection
  // reset"); TLS verification and malformed URLs are not retryable.
  Result<HttpResponse> Send(const HttpRequest& request) override;

 private:
  void* Acquire();             // a CURL*, idle or new
  void Release(void* handle);  // back to the pool for reuse

  std::mutex mu_;
  std::vector<void*> idle_;
};

}  // namespace arm
