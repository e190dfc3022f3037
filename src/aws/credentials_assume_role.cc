#include "aws/credentials_assume_role.h"

namespace arm {

std::string DefaultRoleSessionName(const Clock& clock) {
  auto secs =
      std::chrono::duration_cast<std::chrono::seconds>(clock.Now().time_since_epoch()).count();
  return "aws-resource-manager-" + std::to_string(secs);
}

Result<Credentials> AssumeRoleCredentialsProvider::GetCredentials() {
  return cache_.Get([this] { return Fetch(); });
}

Result<Credentials> AssumeRoleCredentialsProvider::Fetch() {
  auto source = source_->GetCredentials();
  if (!source.ok()) {
    const std::string context =
        "profile " + profile_name_ + ": source credentials for " + params_.role_arn;
    if (source.status().IsNotFound()) {
      return Status::Credentials(context + " not found: " + source.status().message());
    }
    return source.status().WithContext(context);
  }
  AssumeRoleParams params = params_;
  if (params.role_session_name.empty()) params.role_session_name = DefaultRoleSessionName(clock_);
  auto creds = sts_.AssumeRole(params, *source);
  if (!creds.ok()) return creds.status();
  creds->source = "assume-role";
  return creds;
}

}  // namespace arm
