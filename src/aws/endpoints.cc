#include "aws/endpoints.h"

#include <cctype>
#include <optional>

namespace arm {
namespace {

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

std::string ToLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// A region becomes a DNS label of the host and part of the SigV4 scope, so it
// is held to the shape every AWS region has: "us-east-1", "cn-north-1".
Status ValidateRegion(const std::string& region) {
  if (region.empty()) {
    return Status::InvalidArgument(
        "no AWS region configured: pass --region, set AWS_REGION or add region "
        "to the profile (e.g. us-east-1)");
  }
  bool well_formed = region.size() <= 63 && region.front() >= 'a' && region.front() <= 'z' &&
                     IsLowerAlnum(region.back()) && region.find("--") == std::string::npos;
  for (char c : region) well_formed = well_formed && (IsLowerAlnum(c) || c == '-');
  if (!well_formed) {
    return Status::InvalidArgument("invalid AWS region \"" + region +
                                   "\": expected lower-case letters, digits and hyphens such as "
                                   "us-east-1; "
                                   "fix --region, AWS_REGION or the profile's region");
  }
  return Status::Ok();
}

bool IsValidPort(std::string_view port) {
  if (port.empty() || port.size() > 5) return false;
  int value = 0;
  for (char c : port) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  return value >= 1 && value <= 65535;
}

bool IsHostChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_';
}

// Parses "scheme://host[:port][/base/path]" as the SDKs accept it for
// endpoint overrides. `source` names where the URL came from, for the error.
Result<Endpoint> ParseEndpointUrl(const std::string& url, const std::string& source) {
  auto invalid = [&](const std::string& why) {
    return Status::InvalidArgument("invalid endpoint URL \"" + url + "\" from " + source + ": " +
                                   why);
  };
  size_t sep = url.find("://");
  if (sep == std::string::npos)
    return invalid("expected http://host[:port] or https://host[:port]");
  Endpoint ep;
  ep.overridden = true;
  ep.scheme = ToLower(std::string_view(url).substr(0, sep));
  if (ep.scheme != "http" && ep.scheme != "https") {
    return invalid("scheme must be http or https, not \"" + url.substr(0, sep) + "\"");
  }
  std::string_view rest = std::string_view(url).substr(sep + 3);
  if (rest.find_first_of("?#") != std::string_view::npos)
    return invalid("query strings and fragments are not allowed");
  size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  if (authority.find('@') != std::string_view::npos)
    return invalid("credentials in the URL are not allowed");

  std::string_view host = authority;
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {  // IPv6 literal
    size_t close = authority.find(']');
    if (close == std::string_view::npos) return invalid("unterminated IPv6 address");
    host = authority.substr(0, close + 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return invalid("unexpected text after the IPv6 address");
      port = after.substr(1);
      if (!IsValidPort(port)) return invalid("port must be a number from 1 to 65535");
    }
  } else {
    size_t colon = authority.find(':');
    if (colon != std::string_view::npos) {
      host = authority.substr(0, colon);
      port = authority.substr(colon + 1);
      if (!IsValidPort(port)) return invalid("port must be a number from 1 to 65535");
    }
    for (char c : host) {
      if (!IsHostChar(c)) return invalid("host contains '" + std::string(1, c) + "'");
    }
  }
  if (host.empty()) return invalid("missing host");

  bool default_port =
      (ep.scheme == "http" && port == "80") || (ep.scheme == "https" && port == "443");
  ep.host = ToLower(host);
  if (!port.empty() && !default_port) ep.host += ":" + std::string(port);
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  ep.base_path = std::string(path);
  return ep;
}

bool IsTrue(const std::optional<std::string>& v) { return v && ToLower(*v) == "true"; }

}  // namespace

std::string EndpointEnvSuffix(std::string_view service_id) {
  std::string out;
  out.reserve(service_id.size());
  for (char c : service_id) {
    out.push_back(c == ' ' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  return out;
}

Result<Endpoint> EndpointResolver::Resolve(const ServiceSpec& service) const {
  ARM_RETURN_IF_ERROR(ValidateRegion(config_.region));

  if (!config_.endpoint_url_flag.empty())
    return ParseEndpointUrl(config_.endpoint_url_flag, "--endpoint-url");

  bool ignore_configured = config_.ignore_configured_endpoint_urls ||
                           IsTrue(env_.Get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"));
  if (!ignore_configured) {
    std::string service_var = "AWS_ENDPOINT_URL_" + EndpointEnvSuffix(service.service_id);
    std::string url = env_.GetOr(service_var, "");
    if (!url.empty()) return ParseEndpointUrl(url, service_var);
    url = env_.GetOr("AWS_ENDPOINT_URL", "");
    if (!url.empty()) return ParseEndpointUrl(url, "AWS_ENDPOINT_URL");
    if (!config_.profile_endpoint_url.empty()) {
      return ParseEndpointUrl(config_.profile_endpoint_url, "the profile's endpoint_url");
    }
  }

  std::string_view suffix =
      config_.region.starts_with("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
  Endpoint ep;
  ep.scheme = "https";
  ep.host = std::string(service.endpoint_prefix) + "." + config_.region + "." + std::string(suffix);
  return ep;
}

}  // namespace arm
