#include "tests/testing/sandbox_http.h"

#include <httplib.h>

#include <chrono>

#include "aws/sigv4.h"

namespace arm::testing {

RawResponse SendRaw(int port, const HttpRequest& request) {
  httplib::Client client("127.0.0.1", port);
  client.set_url_encode(false);
  client.set_keep_alive(false);
  client.set_read_timeout(30, 0);
  httplib::Request req;
  req.method = request.method;
  req.path = request.path + (request.query.empty() ? "" : "?" + request.query);
  for (const auto& [k, v] : request.headers) req.headers.emplace(k, v);
  req.body = request.body;
  httplib::Response res;
  httplib::Error error = httplib::Error::Success;
  RawResponse out;
  if (!client.send(req, res, error)) return out;
  out.answered = true;
  out.status = res.status;
  for (const auto& [k, v] : res.headers) out.headers.emplace_back(k, v);
  out.body = res.body;
  return out;
}

RawResponse SendSigned(int port, HttpRequest request, const std::string& service,
                       const SigningKey& key) {
  if (request.host.empty()) request.host = "127.0.0.1:" + std::to_string(port);
  request.SetHeader("Host", request.host);
  sigv4::SigningParams params;
  params.access_key_id = key.access_key_id;
  params.secret_access_key = key.secret_access_key;
  params.session_token = key.session_token;
  params.region = key.region;
  params.service = service;
  params.time = std::chrono::system_clock::now();
  params.s3_style = service == "s3";
  params.normalize_path = service != "s3";
  sigv4::SignRequest(request, params);
  return SendRaw(port, request);
}

}  // namespace arm::testing
