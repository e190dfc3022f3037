#include "aws/credentials_util.h"

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "http/http.h"

namespace arm {
namespace {

bool GetString(const nlohmann::json& j, std::string_view key, std::string* out) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return false;
  *out = it->get<std::string>();
  return true;
}

}  // namespace

Result<Credentials> CredentialsFromJson(std::string_view json, std::string_view token_key,
                                        const std::string& source, const std::string& what) {
  // No exceptions: nlohmann's parse_error message quotes the input.
  nlohmann::json j = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object())
    return Status::Credentials(what + ": answer is not a JSON object");
  Credentials c;
  c.source = source;
  if (!GetString(j, "AccessKeyId", &c.access_key_id) || c.access_key_id.empty()) {
    return Status::Credentials(what + ": answer has no AccessKeyId");
  }
  if (!GetString(j, "SecretAccessKey", &c.secret_access_key) || c.secret_access_key.empty()) {
    return Status::Credentials(what + ": answer has no SecretAccessKey");
  }
  if (j.contains(token_key) && !j[std::string(token_key)].is_null() &&
      !GetString(j, token_key, &c.session_token)) {
    return Status::Credentials(what + ": " + std::string(token_key) + " is not a string");
  }
  // The key id and the token go into request headers (Authorization,
  // X-Amz-Security-Token): a CR or LF from the server would add headers.
  if (HasControlCharacter(c.access_key_id) || HasControlCharacter(c.session_token)) {
    return Status::Credentials(what + ": AccessKeyId or " + std::string(token_key) +
                               " holds a control character (CR, LF, ...); refused");
  }
  std::string expiration;
  if (GetString(j, "Expiration", &expiration) && !expiration.empty()) {
    std::chrono::system_clock::time_point t;
    if (!ParseIso8601(expiration, &t)) {
      return Status::Credentials(what + ": Expiration '" + expiration +
                                 "' is not an ISO 8601 time");
    }
    c.expiration = t;
  }
  return c;
}

Result<HttpUrl> ParseHttpUrl(std::string_view url) {
  HttpUrl u;
  size_t sep = url.find("://");
  if (sep == std::string_view::npos)
    return Status::InvalidArgument("not a URL: " + std::string(url));
  u.scheme = std::string(url.substr(0, sep));
  for (char& c : u.scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (u.scheme != "http" && u.scheme != "https") {
    return Status::InvalidArgument("URL scheme must be http or https: " + std::string(url));
  }
  std::string_view rest = url.substr(sep + 3);
  size_t host_end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, host_end);
  if (authority.empty() || authority.find('@') != std::string_view::npos) {
    return Status::InvalidArgument("URL needs a host (and no user info): " + std::string(url));
  }
  u.host = std::string(authority);
  if (authority[0] == '[') {
    size_t close = authority.find(']');
    if (close == std::string_view::npos)
      return Status::InvalidArgument("bad IPv6 host in URL: " + std::string(url));
    u.hostname = std::string(authority.substr(1, close - 1));
  } else {
    u.hostname = std::string(authority.substr(0, authority.find(':')));
  }
  for (char& c : u.hostname) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  u.path = "/";
  if (host_end != std::string_view::npos) {
    std::string_view tail = rest.substr(host_end);
    tail = tail.substr(0, tail.find('#'));
    size_t q = tail.find('?');
    if (q != std::string_view::npos) {
      u.query = std::string(tail.substr(q + 1));
      tail = tail.substr(0, q);
    }
    if (!tail.empty()) u.path = std::string(tail);
  }
  return u;
}

}  // namespace arm
