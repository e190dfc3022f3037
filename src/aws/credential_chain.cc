#include "aws/credential_chain.h"

#include "aws/credentials_container.h"
#include "aws/credentials_environment.h"
#include "aws/credentials_imds.h"
#include "aws/credentials_web_identity.h"

namespace arm {
namespace {

// Stands in for a provider that could not be built: reports the error when
// the chain reaches it, not before.
class FailedProvider final : public CredentialsProvider {
 public:
  FailedProvider(std::string name, Status status)
      : name_(std::move(name)), status_(std::move(status)) {}
  Result<Credentials> GetCredentials() override { return status_; }
  std::string Name() const override { return name_; }

 private:
  std::string name_;
  Status status_;
};

}  // namespace

CredentialChain::Providers CredentialChain::BuildProviders(const CredentialDeps& deps,
                                                           const SharedConfig& config,
                                                           const std::string& profile_name,
                                                           bool explicit_profile) {
  Providers built;
  auto& out = built.list;
  if (!explicit_profile) out.push_back(std::make_unique<EnvironmentCredentialsProvider>(deps.env));

  auto web = WebIdentityConfigFromEnv(deps.env);
  if (!web.ok()) {
    out.push_back(std::make_unique<FailedProvider>("web identity (AWS_WEB_IDENTITY_TOKEN_FILE)",
                                                   web.status()));
  } else if (*web) {
    out.push_back(std::make_unique<WebIdentityCredentialsProvider>(std::move(**web), deps.fs,
                                                                   deps.sts, deps.clock));
  }

  built.profile_index = out.size();
  auto profile = ProviderForProfile(deps, config, profile_name);
  if (profile.ok()) {
    out.push_back(std::move(profile).value());
  } else {
    out.push_back(std::make_unique<FailedProvider>("profile " + profile_name, profile.status()));
  }

  out.push_back(std::make_unique<ContainerCredentialsProvider>(deps.env, deps.fs, deps.transport));
  out.push_back(std::make_unique<ImdsCredentialsProvider>(deps.env, deps.transport));
  return built;
}

CredentialChain::CredentialChain(const CredentialDeps& deps, const SharedConfig& config,
                                 const std::string& profile_name, bool explicit_profile)
    : CredentialChain(BuildProviders(deps, config, profile_name, explicit_profile), deps.clock) {}

CredentialChain::CredentialChain(Providers built, Clock& clock)
    : CredentialChain(std::move(built.list), clock) {
  profile_provider_ = providers_[built.profile_index].get();
}

CredentialChain::CredentialChain(std::vector<std::unique_ptr<CredentialsProvider>> providers,
                                 Clock& clock)
    : providers_(std::move(providers)), cache_(clock) {}

std::vector<std::string> CredentialChain::ProviderNames() const {
  std::vector<std::string> names;
  for (const auto& p : providers_) names.push_back(p->Name());
  return names;
}

bool CredentialChain::SourceIsProfile() const {
  CredentialsProvider* chosen = chosen_.load();
  return chosen != nullptr && chosen == profile_provider_;
}

std::string CredentialChain::SourceName() const {
  CredentialsProvider* chosen = chosen_.load();
  return chosen != nullptr ? chosen->Name() : "";
}

Result<Credentials> CredentialChain::GetCredentials() {
  return cache_.Get([this] { return Fetch(); });
}

Result<Credentials> CredentialChain::Fetch() {
  // Once a provider has answered, refreshes ask it again, as the SDKs do:
  // falling through to another identity mid-run would be a surprise.
  if (CredentialsProvider* chosen = chosen_.load()) return chosen->GetCredentials();
  std::string tried;
  for (const auto& p : providers_) {
    auto c = p->GetCredentials();
    if (c.ok()) {
      chosen_.store(p.get());
      return c;
    }
    // Provider messages already say where they come from.
    if (!c.status().IsNotFound()) return c.status();
    tried += (tried.empty() ? "" : ", ") + p->Name();
  }
  return Status::Credentials("no AWS credentials found; tried: " + tried);
}

}  // namespace arm
