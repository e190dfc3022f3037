#pragma once
// Static keys of a profile (aws_access_key_id, aws_secret_access_key,
// aws_session_token) from ~/.aws/credentials or ~/.aws/config.
#include "aws/credentials.h"
#include "config/aws_shared_config.h"

namespace arm {

class ProfileCredentialsProvider final : public CredentialsProvider {
 public:
  explicit ProfileCredentialsProvider(Profile profile) : profile_(std::move(profile)) {}
  // NotFound when the profile has no aws_access_key_id; Credentials error
  // when it has one without aws_secret_access_key.
  Result<Credentials> GetCredentials() override;
  std::string Name() const override;

  static bool HasStaticKeys(const Profile& p) {
    return p.Has("aws_access_key_id") || p.Has("aws_secret_access_key");
  }

 private:
  Profile profile_;
};

}  // namespace arm
