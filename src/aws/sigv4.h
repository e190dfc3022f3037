#pragma once
// AWS Signature Version 4 in three separately testable stages (aws-c-auth):
// canonical request -> string to sign -> signature. Time is an input.
// Shared by the client (signing) and aws-sandbox (verification).
#include <chrono>
#include <string>

#include "aws/credentials.h"
#include "http/http.h"

namespace arm::sigv4 {

struct SigningParams {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // added as X-Amz-Security-Token when set
  std::string region;
  std::string service;  // signing name: "kinesis", "monitoring", "s3" ...
  std::chrono::system_clock::time_point time;
  // S3 rules: the path is not normalised nor encoded a second time, and the
  // x-amz-content-sha256 header is added and signed.
  bool s3_style = false;
  // Normalise the URI path (remove "." and "..", collapse "//"). On for every
  // service but S3.
  bool normalize_path = true;
};

std::string Sha256Hex(std::string_view data);
std::string HmacSha256(std::string_view key, std::string_view data);  // raw bytes
std::string HexEncode(std::string_view bytes);

// The request's canonical form; `signed_headers` receives "host;x-amz-date".
// The request must already carry the X-Amz-Date (and token) headers.
std::string CanonicalRequest(const HttpRequest& request, const SigningParams& params,
                             std::string* signed_headers);
std::string CredentialScope(const SigningParams& params);
std::string StringToSign(const std::string& canonical_request, const SigningParams& params);
std::string Signature(const std::string& string_to_sign, const SigningParams& params);

// Adds X-Amz-Date, X-Amz-Security-Token, (x-amz-content-sha256) and
// Authorization to the request.
void SignRequest(HttpRequest& request, const SigningParams& params);

// Parsed "AWS4-HMAC-SHA256 Credential=AK/20150830/us-east-1/svc/aws4_request,
// SignedHeaders=a;b, Signature=hex".
struct AuthorizationHeader {
  std::string access_key_id;
  std::string date;  // yyyymmdd
  std::string region;
  std::string service;
  std::string signed_headers;
  std::string signature;
};
Result<AuthorizationHeader> ParseAuthorization(const std::string& value);

}  // namespace arm::sigv4
