#pragma once
// HTTP values and the transport seam. The real transport is libcurl
// (http/curl_transport.h); tests use FakeTransport (tests/testing/).
#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"

namespace arm {

using Headers = std::vector<std::pair<std::string, std::string>>;

// Case-insensitive header lookup; nullptr when absent.
const std::string* FindHeader(const Headers& headers, std::string_view name);
// Replaces every header called `name` (case-insensitive) with one value.
void SetHeader(Headers& headers, std::string_view name, std::string value);
void RemoveHeader(Headers& headers, std::string_view name);
// True when `s` holds a control character (C0 including CR and LF, or DEL):
// such a value, put in a request header, could end the header and add others.
bool HasControlCharacter(std::string_view s);

struct HttpRequest {
  std::string method = "GET";
  std::string scheme = "https";
  std::string host;        // "kinesis.us-east-1.amazonaws.com" or "127.0.0.1:4566"
  std::string path = "/";  // as sent on the wire (already percent-encoded)
  std::string query;       // as sent on the wire, without '?', may be empty
  Headers headers;
  std::string body;
  std::chrono::milliseconds timeout{30000};  // whole request
  std::chrono::milliseconds connect_timeout{5000};
  // Never through a proxy, whatever http_proxy/https_proxy say: for the
  // container and instance-metadata credential endpoints, whose answers (and
  // the container authorization token) must not pass a third party.
  bool no_proxy = false;

  std::string Url() const;
  const std::string* Header(std::string_view name) const { return FindHeader(headers, name); }
  void SetHeader(std::string_view name, std::string value) {
    arm::SetHeader(headers, name, std::move(value));
  }
};

struct HttpResponse {
  int status = 0;
  Headers headers;
  std::string body;
  const std::string* Header(std::string_view name) const { return FindHeader(headers, name); }
};

class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  // Any HTTP status is a successful Send; only failures to get a response
  // (connect, reset, timeout) are errors, as Status::NetworkError.
  virtual Result<HttpResponse> Send(const HttpRequest& request) = 0;
};

// RFC 3986 percent-encoding of everything but unreserved characters;
// keeps '/' when `keep_slash` (URI paths).
std::string UriEncode(std::string_view s, bool keep_slash = false);
std::string UriDecode(std::string_view s);

}  // namespace arm
