#include "aws/credentials_profile.h"

namespace arm {

std::string ProfileCredentialsProvider::Name() const {
  return "shared credentials file " + profile_.credentials_display + " and config file " +
         profile_.config_display + " (profile " + profile_.name + ")";
}

Result<Credentials> ProfileCredentialsProvider::GetCredentials() {
  auto id = profile_.Get("aws_access_key_id");
  auto secret = profile_.Get("aws_secret_access_key");
  if (!id && !secret)
    return Status::NotFound("profile " + profile_.name + " has no aws_access_key_id");
  if (!id || !secret) {
    return Status::Credentials("profile " + profile_.name + " has " +
                               (id ? "aws_access_key_id without aws_secret_access_key"
                                   : "aws_secret_access_key without aws_access_key_id"));
  }
  Credentials c;
  c.access_key_id = *id;
  c.secret_access_key = *secret;
  c.session_token =
      profile_.Get("aws_session_token").value_or(profile_.Get("aws_security_token").value_or(""));
  c.source = profile_.in_credentials_file ? "shared-credentials-file" : "shared-config-file";
  return c;
}

}  // namespace arm
