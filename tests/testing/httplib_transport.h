#pragma once
// A plain-HTTP HttpTransport over cpp-httplib, for tests that talk to a
// loopback httplib::Server (the product uses the libcurl transport).
#include <httplib.h>

#include "http/http.h"

namespace arm::testing {

class HttplibTransport final : public HttpTransport {
 public:
  Result<HttpResponse> Send(const HttpRequest& request) override {
    if (request.scheme != "http") return Status::NetworkError("HttplibTransport: only http");
    httplib::Client client("http://" + request.host);
    auto secs = [](std::chrono::milliseconds ms) { return std::chrono::duration_cast<std::chrono::seconds>(ms); };
    client.set_connection_timeout(secs(request.connect_timeout).count(),
                                  static_cast<time_t>((request.connect_timeout.count() % 1000) * 1000));
    client.set_read_timeout(secs(request.timeout).count(), static_cast<time_t>((request.timeout.count() % 1000) * 1000));
    httplib::Headers headers;
    for (const auto& [k, v] : request.headers) headers.emplace(k, v);
    std::string target = request.path + (request.query.empty() ? "" : "?" + request.query);
    std::string content_type;
    if (const std::string* ct = request.Header("Content-Type")) content_type = *ct;
    httplib::Result r;
    if (request.method == "GET") {
      r = client.Get(target.c_str(), headers);
    } else if (request.method == "PUT") {
      r = client.Put(target.c_str(), headers, request.body, content_type.c_str());
    } else if (request.method == "POST") {
      r = client.Post(target.c_str(), headers, request.body, content_type.c_str());
    } else {
      return Status::NetworkError("HttplibTransport: unsupported method " + request.method);
    }
    if (!r) return Status::NetworkError("HttplibTransport: " + httplib::to_string(r.error()));
    HttpResponse out;
    out.status = r->status;
    out.body = r->body;
    for (const auto& [k, v] : r->headers) out.headers.emplace_back(k, v);
    return out;
  }
};

}  // namespace arm::testing
