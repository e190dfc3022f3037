#pragma once
// Raw HTTP against an in-process sandbox, optionally SigV4-signed: for the
// server's own tests (errors, faults, malformed requests) where the AWS CLI
// cannot send what is needed.
#include <string>

#include "http/http.h"

namespace arm::testing {

struct RawResponse {
  bool answered = false;  // false: connection failed or dropped
  int status = 0;
  Headers headers;
  std::string body;
  const std::string* Header(std::string_view name) const { return FindHeader(headers, name); }
};

struct SigningKey {
  std::string access_key_id = "test";
  std::string secret_access_key = "test";
  std::string session_token;
  std::string region = "us-east-1";
};

// Sends request.method/path/query/headers/body to 127.0.0.1:port as is.
RawResponse SendRaw(int port, const HttpRequest& request);
// Sets Host (request.host, default 127.0.0.1:port) and signs for `service` with sigv4::SignRequest
// first.
RawResponse SendSigned(int port, HttpRequest request, const std::string& service,
                       const SigningKey& key = {});

}  // namespace arm::testing
