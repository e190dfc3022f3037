#include "aws/credentials_container.h"

#include "aws/credentials_util.h"
#include "core/redact.h"

namespace arm {

bool IsAllowedContainerHost(const std::string& h) {
  if (h == "localhost" || h == "::1" || h == "169.254.170.2" || h == "169.254.170.23" ||
      h == "fd00:ec2::23") {
    return true;
  }
  // 127.0.0.0/8, dotted quad only.
  if (h.rfind("127.", 0) != 0) return false;
  int dots = 0;
  for (char c : h) {
    if (c == '.') {
      ++dots;
    } else if (c < '0' || c > '9') {
      return false;
    }
  }
  return dots == 3;
}

Result<HttpRequest> ContainerCredentialsProvider::BuildRequest() {
  std::string relative = env_.GetOr("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "");
  std::string full = env_.GetOr("AWS_CONTAINER_CREDENTIALS_FULL_URI", "");
  HttpRequest req;
  req.timeout = kTimeout;
  req.connect_timeout = kTimeout;
  // The container agent is local: a proxy would see the authorization token
  // and the credentials.
  req.no_proxy = true;
  if (!relative.empty()) {
    if (relative[0] != '/') relative = "/" + relative;
    auto url = ParseHttpUrl("http://169.254.170.2" + relative);
    if (!url.ok())
      return Status::Credentials("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: " +
                                 url.status().message());
    req.scheme = url->scheme;
    req.host = url->host;
    req.path = url->path;
    req.query = url->query;
    return req;  // the relative form never sends the authorization token
  }
  if (full.empty()) return Status::NotFound("AWS_CONTAINER_CREDENTIALS_*_URI not set");
  auto url = ParseHttpUrl(full);
  if (!url.ok())
    return Status::Credentials("AWS_CONTAINER_CREDENTIALS_FULL_URI: " + url.status().message());
  if (url->scheme != "https" && !IsAllowedContainerHost(url->hostname)) {
    return Status::Credentials(
        "AWS_CONTAINER_CREDENTIALS_FULL_URI host " + url->hostname +
        " is not allowed: use https, or http to a loopback address or the ECS/EKS agent");
  }
  req.scheme = url->scheme;
  req.host = url->host;
  req.path = url->path;
  req.query = url->query;

  std::string token;
  std::string token_file = env_.GetOr("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "");
  if (!token_file.empty()) {
    auto t = fs_.ReadFile(token_file, ReadLimits{kMaxConfigFileBytes, false});
    if (!t.ok())
      return Status::Credentials("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: " + t.status().message());
    token = std::move(t).value();
    while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
  } else {
    token = env_.GetOr("AWS_CONTAINER_AUTHORIZATION_TOKEN", "");
  }
  if (HasControlCharacter(token)) {
    return Status::Credentials(
        "container authorization token contains a line break or another control character");
  }
  RememberSecret(token);
  if (!token.empty()) req.SetHeader("Authorization", token);
  return req;
}

Result<Credentials> ContainerCredentialsProvider::GetCredentials() {
  auto req = BuildRequest();
  if (!req.ok()) return req.status();
  req->SetHeader("Accept", "application/json");
  const std::string what =
      "container credentials from " + req->scheme + "://" + req->host + req->path;
  Status last;
  for (int attempt = 1; attempt <= kAttempts; ++attempt) {
    auto resp = transport_.Send(*req);
    if (!resp.ok()) {
      last = resp.status();
      continue;
    }
    if (resp->status == 200) return CredentialsFromJson(resp->body, "Token", "container", what);
    last = Status::Credentials("HTTP " + std::to_string(resp->status));
    if (resp->status < 500) break;  // 4xx will not get better
  }
  return Status::Credentials(what + " failed: " + last.message());
}

}  // namespace arm
