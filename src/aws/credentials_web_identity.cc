#include "aws/credentials_web_identity.h"

#include "aws/credentials_assume_role.h"

namespace arm {
namespace {

std::string TrimNewlines(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

Result<std::optional<WebIdentityConfig>> WebIdentityConfigFromEnv(const Environment& env) {
  WebIdentityConfig c;
  c.token_file = env.GetOr("AWS_WEB_IDENTITY_TOKEN_FILE", "");
  if (c.token_file.empty()) return std::optional<WebIdentityConfig>();
  c.role_arn = env.GetOr("AWS_ROLE_ARN", "");
  if (c.role_arn.empty()) {
    return Status::InvalidArgument("AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not");
  }
  c.role_session_name = env.GetOr("AWS_ROLE_SESSION_NAME", "");
  c.origin = "AWS_WEB_IDENTITY_TOKEN_FILE";
  return std::optional<WebIdentityConfig>(std::move(c));
}

Result<std::optional<WebIdentityConfig>> WebIdentityConfigFromProfile(const Profile& profile) {
  auto file = profile.Get("web_identity_token_file");
  if (!file) return std::optional<WebIdentityConfig>();
  WebIdentityConfig c;
  c.token_file = *file;
  auto role = profile.Get("role_arn");
  if (!role) {
    return Status::InvalidArgument("profile " + profile.name +
                                   " has web_identity_token_file but no role_arn");
  }
  c.role_arn = *role;
  c.role_session_name = profile.Get("role_session_name").value_or("");
  c.origin = "profile " + profile.name;
  return std::optional<WebIdentityConfig>(std::move(c));
}

Result<Credentials> WebIdentityCredentialsProvider::GetCredentials() {
  return cache_.Get([this] { return Fetch(); });
}

Result<Credentials> WebIdentityCredentialsProvider::Fetch() {
  auto token = fs_.ReadFile(config_.token_file, ReadLimits{kMaxConfigFileBytes, false});
  if (!token.ok()) {
    return Status::Credentials("web identity token file (" + config_.origin +
                               "): " + token.status().message());
  }
  WebIdentityParams params;
  params.role_arn = config_.role_arn;
  params.role_session_name = config_.role_session_name.empty() ? DefaultRoleSessionName(clock_)
                                                               : config_.role_session_name;
  params.duration_seconds = config_.duration_seconds;
  params.web_identity_token = TrimNewlines(std::move(token).value());
  if (params.web_identity_token.empty()) {
    return Status::Credentials("web identity token file " + config_.token_file + " is empty");
  }
  auto creds = sts_.AssumeRoleWithWebIdentity(params);
  if (!creds.ok()) return creds.status();
  creds->source = "assume-role-with-web-identity";
  return creds;
}

}  // namespace arm
