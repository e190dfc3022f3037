#include "aws/credentials_imds.h"

#include <nlohmann/json.hpp>

#include "aws/credentials_util.h"
#include "core/redact.h"

namespace arm {
namespace {

constexpr char kTokenTtlSeconds[] = "21600";
constexpr char kCredentialsPath[] = "/latest/meta-data/iam/security-credentials/";

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

}  // namespace

bool ImdsCredentialsProvider::Disabled() const {
  return EqualsIgnoreCase(env_.GetOr("AWS_EC2_METADATA_DISABLED", ""), "true");
}

std::string ImdsCredentialsProvider::Name() const {
  return Disabled() ? "EC2 instance metadata (disabled by AWS_EC2_METADATA_DISABLED)"
                    : "EC2 instance metadata";
}

Result<HttpResponse> ImdsCredentialsProvider::Send(const std::string& method,
                                                   const std::string& path,
                                                   const Headers& headers) {
  auto url = ParseHttpUrl(env_.GetOr("AWS_EC2_METADATA_SERVICE_ENDPOINT", kDefaultEndpoint));
  if (!url.ok())
    return Status::InvalidArgument("AWS_EC2_METADATA_SERVICE_ENDPOINT: " + url.status().message());
  HttpRequest req;
  req.method = method;
  req.scheme = url->scheme;
  req.host = url->host;
  std::string base = url->path;
  while (!base.empty() && base.back() == '/') base.pop_back();
  req.path = base + path;
  req.headers = headers;
  req.timeout = kTimeout;
  req.connect_timeout = kTimeout;
  req.no_proxy = true;  // the instance's own endpoint: never through http_proxy
  return transport_.Send(req);
}

Result<Credentials> ImdsCredentialsProvider::GetCredentials() {
  if (Disabled())
    return Status::NotFound("EC2 instance metadata disabled by AWS_EC2_METADATA_DISABLED");
  auto not_found = [](const std::string& why) {
    return Status::NotFound("EC2 instance metadata: " + why);
  };

  Headers headers;
  auto token = Send("PUT", "/latest/api/token",
                    {{"X-aws-ec2-metadata-token-ttl-seconds", kTokenTtlSeconds}});
  if (!token.ok()) return not_found(token.status().message());
  if (token->status == 200) {
    RememberSecret(token->body);
    // The token goes into a header: a CR or LF in it would add headers of
    // the server's choosing to our next requests.
    if (token->body.empty() || HasControlCharacter(token->body))
      return not_found(
          "the IMDSv2 token it answered is empty or holds a control character (CR, LF, ...); "
          "refused");
    headers.emplace_back("X-aws-ec2-metadata-token", token->body);
  } else if (token->status != 403 && token->status != 404 && token->status != 405) {
    // 403/404/405: IMDSv2 unavailable, IMDSv1 is tried as botocore does.
    return not_found("token request answered HTTP " + std::to_string(token->status));
  }

  auto roles = Send("GET", kCredentialsPath, headers);
  if (!roles.ok()) return not_found(roles.status().message());
  if (roles->status != 200)
    return not_found("no instance role (HTTP " + std::to_string(roles->status) + ")");
  std::string role = roles->body.substr(0, roles->body.find_first_of("\r\n"));
  if (role.empty() || role.find('/') != std::string::npos) return not_found("no instance role");

  auto creds = Send("GET", kCredentialsPath + UriEncode(role), headers);
  if (!creds.ok()) return not_found(creds.status().message());
  if (creds->status != 200)
    return not_found("role credentials answered HTTP " + std::to_string(creds->status));
  nlohmann::json j = nlohmann::json::parse(creds->body, nullptr, /*allow_exceptions=*/false);
  if (j.is_object() && j.contains("Code") && j["Code"] != "Success") {
    return not_found("role credentials not available (Code is not Success)");
  }
  auto c = CredentialsFromJson(creds->body, "Token", "imds",
                               "EC2 instance metadata role " + ServerText(role));
  if (!c.ok()) return not_found(c.status().message());
  return c;
}

}  // namespace arm
