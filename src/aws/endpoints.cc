// PLACEHOLDER so that h1-sigv4-client links on its own: only --endpoint-url
// and the default https://<prefix>.<region>.amazonaws.com. The real resolver
// (env/profile overrides, validation) is on branch h2-protocols; when merging,
// take that file and drop this one.
#include "aws/endpoints.h"

namespace arm {

Result<Endpoint> EndpointResolver::Resolve(const ServiceSpec& service) const {
  Endpoint ep;
  const std::string& url = config_.endpoint_url_flag;
  if (url.empty()) {
    ep.scheme = "https";
    ep.host = std::string(service.endpoint_prefix) + "." + config_.region + ".amazonaws.com";
    return ep;
  }
  size_t sep = url.find("://");
  if (sep == std::string::npos) return Status::InvalidArgument("invalid endpoint URL: " + url);
  ep.scheme = url.substr(0, sep);
  std::string rest = url.substr(sep + 3);
  size_t slash = rest.find('/');
  ep.host = rest.substr(0, slash);
  if (slash != std::string::npos) ep.base_path = rest.substr(slash);
  while (!ep.base_path.empty() && ep.base_path.back() == '/') ep.base_path.pop_back();
  ep.overridden = true;
  return ep;
}

}  // namespace arm
