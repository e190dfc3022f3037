#pragma once
// Helpers shared by the providers that read credentials from JSON documents
// (credential_process, container endpoint, EC2 instance metadata).
#include <string>
#include <string_view>

#include "aws/credentials.h"
#include "core/status.h"

namespace arm {

// Reads AccessKeyId, SecretAccessKey, `token_key` (optional) and Expiration
// (optional, ISO 8601) from a JSON object. Errors are Status::Credentials
// prefixed with `what` and never quote the document (it holds secrets).
Result<Credentials> CredentialsFromJson(std::string_view json, std::string_view token_key,
                                        const std::string& source, const std::string& what);

struct HttpUrl {
  std::string scheme;    // "http" or "https"
  std::string host;      // with ":port" when given; IPv6 in brackets
  std::string hostname;  // without port and brackets
  std::string path;      // "/" when empty
  std::string query;     // without '?'
};

// Parses "http[s]://host[:port][/path][?query]"; InvalidArgument otherwise.
Result<HttpUrl> ParseHttpUrl(std::string_view url);

}  // namespace arm
