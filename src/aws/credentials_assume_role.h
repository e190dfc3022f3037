#pragma once
// A profile's role_arn, assumed with the credentials of its source_profile
// or credential_source. Cached until 5 minutes before they expire.
#include <memory>
#include <string>

#include "aws/credentials.h"
#include "aws/credentials_cache.h"
#include "aws/sts_credentials_client.h"
#include "core/clock.h"

namespace arm {

class AssumeRoleCredentialsProvider final : public CredentialsProvider {
 public:
  // An empty params.role_session_name becomes "aws-resource-manager-<epoch>"
  // at each call.
  AssumeRoleCredentialsProvider(std::string profile_name, AssumeRoleParams params,
                                std::unique_ptr<CredentialsProvider> source,
                                StsCredentialsClient& sts, Clock& clock)
      : profile_name_(std::move(profile_name)),
        params_(std::move(params)),
        source_(std::move(source)),
        sts_(sts),
        clock_(clock),
        cache_(clock) {}
  Result<Credentials> GetCredentials() override;
  std::string Name() const override {
    return "assume role " + params_.role_arn + " (profile " + profile_name_ + ")";
  }

 private:
  Result<Credentials> Fetch();

  std::string profile_name_;
  AssumeRoleParams params_;
  std::unique_ptr<CredentialsProvider> source_;
  StsCredentialsClient& sts_;
  Clock& clock_;
  CredentialsCache cache_;
};

// "aws-resource-manager-1440938160".
std::string DefaultRoleSessionName(const Clock& clock);

}  // namespace arm
