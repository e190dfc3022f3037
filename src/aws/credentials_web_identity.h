#pragma once
// AssumeRoleWithWebIdentity with a token read from a file at each refresh
// (EKS/IRSA rotate it): from AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN
// (+ AWS_ROLE_SESSION_NAME), or a profile's web_identity_token_file +
// role_arn (+ role_session_name).
#include <string>

#include "aws/credentials.h"
#include "aws/credentials_cache.h"
#include "aws/sts_credentials_client.h"
#include "config/aws_shared_config.h"
#include "core/clock.h"
#include "core/environment.h"
#include "core/file_system.h"

namespace arm {

struct WebIdentityConfig {
  std::string token_file;
  std::string role_arn;
  std::string role_session_name;  // empty: "aws-resource-manager-<epoch>"
  std::optional<int> duration_seconds;
  std::string origin;  // "AWS_WEB_IDENTITY_TOKEN_FILE" or "profile dev"
};

// nullopt when AWS_WEB_IDENTITY_TOKEN_FILE is unset; InvalidArgument when it
// is set without AWS_ROLE_ARN.
Result<std::optional<WebIdentityConfig>> WebIdentityConfigFromEnv(const Environment& env);
// nullopt when the profile has no web_identity_token_file.
Result<std::optional<WebIdentityConfig>> WebIdentityConfigFromProfile(const Profile& profile);

class WebIdentityCredentialsProvider final : public CredentialsProvider {
 public:
  WebIdentityCredentialsProvider(WebIdentityConfig config, FileSystem& fs,
                                 StsCredentialsClient& sts, Clock& clock)
      : config_(std::move(config)), fs_(fs), sts_(sts), clock_(clock), cache_(clock) {}
  Result<Credentials> GetCredentials() override;
  std::string Name() const override { return "web identity (" + config_.origin + ")"; }

 private:
  Result<Credentials> Fetch();

  WebIdentityConfig config_;
  FileSystem& fs_;
  StsCredentialsClient& sts_;
  Clock& clock_;
  CredentialsCache cache_;
};

}  // namespace arm
