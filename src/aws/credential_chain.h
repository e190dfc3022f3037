#pragma once
// The credential chain in the AWS SDKs' order: environment variables, web
// identity from the environment, the profile (assume role, web identity,
// credential_process, static keys), container, EC2 instance metadata.
// The first provider that answers is kept and refreshed before expiry.
#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "aws/credentials.h"
#include "aws/credentials_cache.h"
#include "aws/credentials_profile_chain.h"
#include "config/aws_shared_config.h"

namespace arm {

class CredentialChain final : public CredentialsProvider {
 public:
  // `profile_name` as chosen by SelectProfileName. Profile configuration
  // errors surface from GetCredentials when the chain reaches the profile.
  // `explicit_profile` (--profile was given): the environment's keys are
  // not used, as the AWS CLI does; AWS_PROFILE alone leaves them first.
  CredentialChain(const CredentialDeps& deps, const SharedConfig& config,
                  const std::string& profile_name, bool explicit_profile = false);
  explicit CredentialChain(std::vector<std::unique_ptr<CredentialsProvider>> providers,
                           Clock& clock);

  // The credentials of the first provider that has some. NotFound from
  // every provider is Status::Credentials naming each one tried; any other
  // provider error stops the chain. Thread-safe.
  Result<Credentials> GetCredentials() override;
  std::string Name() const override { return "credential chain"; }
  std::vector<std::string> ProviderNames() const;
  // The name of the provider whose credentials are in use ("environment
  // variables", "profile NAME", "assume role ARN (profile NAME)", "container
  // credentials ...", ...), or "" before any answered. Thread-safe.
  std::string SourceName() const;
  // Whether the credentials in use came from the profile (its keys, assume
  // role, web identity, SSO or credential_process). Thread-safe.
  bool SourceIsProfile() const;

 private:
  struct Providers {
    std::vector<std::unique_ptr<CredentialsProvider>> list;
    size_t profile_index = 0;
  };
  static Providers BuildProviders(const CredentialDeps& deps, const SharedConfig& config,
                                  const std::string& profile_name, bool explicit_profile);
  CredentialChain(Providers built, Clock& clock);
  Result<Credentials> Fetch();

  std::vector<std::unique_ptr<CredentialsProvider>> providers_;
  CredentialsCache cache_;
  // Set inside cache_.Get; read by SourceName from any thread.
  std::atomic<CredentialsProvider*> chosen_{nullptr};
  // The provider of the profile; null when the chain was given its providers.
  const CredentialsProvider* profile_provider_ = nullptr;
};

}  // namespace arm
