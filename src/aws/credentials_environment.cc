#include "aws/credentials_environment.h"

#include "core/clock.h"

namespace arm {

Result<Credentials> EnvironmentCredentialsProvider::GetCredentials() {
  Credentials c;
  c.access_key_id = env_.GetOr("AWS_ACCESS_KEY_ID", "");
  if (c.access_key_id.empty()) return Status::NotFound("AWS_ACCESS_KEY_ID is not set");
  c.secret_access_key = env_.GetOr("AWS_SECRET_ACCESS_KEY", "");
  if (c.secret_access_key.empty()) {
    return Status::Credentials("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not");
  }
  c.session_token = env_.GetOr("AWS_SESSION_TOKEN", env_.GetOr("AWS_SECURITY_TOKEN", ""));
  std::string expiration = env_.GetOr("AWS_CREDENTIAL_EXPIRATION", "");
  if (!expiration.empty()) {
    std::chrono::system_clock::time_point t;
    if (!ParseIso8601(expiration, &t)) {
      return Status::Credentials("AWS_CREDENTIAL_EXPIRATION '" + expiration +
                                 "' is not an ISO 8601 time");
    }
    c.expiration = t;
  }
  c.source = "environment";
  return c;
}

}  // namespace arm
