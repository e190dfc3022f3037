#include "aws/credentials_profile_chain.h"

#include <algorithm>
#include <vector>

#include "aws/credentials_assume_role.h"
#include "aws/credentials_container.h"
#include "aws/credentials_environment.h"
#include "aws/credentials_imds.h"
#include "aws/credentials_process.h"
#include "aws/credentials_profile.h"
#include "aws/credentials_web_identity.h"

namespace arm {
namespace {

using ProviderPtr = std::unique_ptr<CredentialsProvider>;

class Resolver {
 public:
  Resolver(const CredentialDeps& deps, const SharedConfig& config, const std::string& top_profile)
      : deps_(deps), config_(config), visited_{top_profile} {}

  Result<ProviderPtr> Resolve(const Profile& profile, bool top_level) {
    bool has_role = profile.Has("role_arn");
    bool has_static = ProfileCredentialsProvider::HasStaticKeys(profile);
    // A source profile with static keys gives those keys (this also lets a
    // profile name itself as source_profile).
    if (has_role && (top_level || !has_static)) {
      bool has_source = profile.Has("source_profile") || profile.Has("credential_source");
      if (!has_source && profile.Has("web_identity_token_file")) return WebIdentity(profile);
      return AssumeRole(profile);
    }
    if (profile.Has("web_identity_token_file")) return WebIdentity(profile);
    if (auto cmd = profile.Get("credential_process")) {
      return ProviderPtr(
          std::make_unique<ProcessCredentialsProvider>(profile.name, *cmd, deps_.process));
    }
    if (!top_level && !has_static) {
      return Status::InvalidArgument("source profile " + profile.name + " has no credentials");
    }
    return ProviderPtr(std::make_unique<ProfileCredentialsProvider>(profile));
  }

 private:
  Result<ProviderPtr> WebIdentity(const Profile& profile) {
    auto cfg = WebIdentityConfigFromProfile(profile);
    if (!cfg.ok()) return cfg.status();
    auto duration = Duration(profile);
    if (!duration.ok()) return duration.status();
    WebIdentityConfig c = std::move(**cfg);
    c.duration_seconds = *duration;
    return ProviderPtr(std::make_unique<WebIdentityCredentialsProvider>(std::move(c), deps_.fs,
                                                                        deps_.sts, deps_.clock));
  }

  Result<std::optional<int>> Duration(const Profile& profile) {
    auto d = profile.Get("duration_seconds");
    if (!d) return std::optional<int>();
    bool digits = !d->empty() && d->size() <= 6 &&
                  std::all_of(d->begin(), d->end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!digits) {
      return Status::InvalidArgument("profile " + profile.name + ": duration_seconds '" + *d +
                                     "' is not a number");
    }
    return std::optional<int>(std::stoi(*d));
  }

  Result<ProviderPtr> CredentialSource(const Profile& profile, const std::string& source) {
    if (source == "Environment")
      return ProviderPtr(std::make_unique<EnvironmentCredentialsProvider>(deps_.env));
    if (source == "Ec2InstanceMetadata") {
      return ProviderPtr(std::make_unique<ImdsCredentialsProvider>(deps_.env, deps_.transport));
    }
    if (source == "EcsContainer") {
      return ProviderPtr(
          std::make_unique<ContainerCredentialsProvider>(deps_.env, deps_.fs, deps_.transport));
    }
    return Status::InvalidArgument(
        "profile " + profile.name + ": credential_source '" + source +
        "' is not supported (use Environment, Ec2InstanceMetadata or EcsContainer)");
  }

  Result<ProviderPtr> AssumeRole(const Profile& profile) {
    const std::string role_arn = *profile.Get("role_arn");
    if (profile.Has("mfa_serial")) {
      return Status::InvalidArgument(
          "profile " + profile.name +
          ": mfa_serial is not supported (no interactive MFA prompt); use a "
          "credential_process or session credentials");
    }
    auto source_profile = profile.Get("source_profile");
    auto credential_source = profile.Get("credential_source");
    if (source_profile && credential_source) {
      return Status::InvalidArgument("profile " + profile.name +
                                     " has both source_profile and credential_source; keep one");
    }
    if (!source_profile && !credential_source) {
      return Status::InvalidArgument(
          "profile " + profile.name +
          " has role_arn but neither source_profile nor credential_source");
    }
    Result<ProviderPtr> source = Status::Internal("unset");
    if (credential_source) {
      source = CredentialSource(profile, *credential_source);
    } else {
      source = SourceProfile(profile, *source_profile);
    }
    if (!source.ok()) return source.status();

    auto duration = Duration(profile);
    if (!duration.ok()) return duration.status();
    AssumeRoleParams params;
    params.role_arn = role_arn;
    params.external_id = profile.Get("external_id").value_or("");
    params.role_session_name = profile.Get("role_session_name").value_or("");
    params.duration_seconds = *duration;
    return ProviderPtr(std::make_unique<AssumeRoleCredentialsProvider>(
        profile.name, std::move(params), std::move(source).value(), deps_.sts, deps_.clock));
  }

  Result<ProviderPtr> SourceProfile(const Profile& parent, const std::string& name) {
    const Profile* source = config_.Find(name);
    if (source == nullptr) {
      return Status::InvalidArgument("source_profile " + name + " referenced in profile " +
                                     parent.name + " does not exist");
    }
    if (std::find(visited_.begin(), visited_.end(), name) != visited_.end()) {
      bool self_with_keys =
          name == parent.name && ProfileCredentialsProvider::HasStaticKeys(*source);
      if (!self_with_keys) {
        std::string path;
        for (const auto& v : visited_) path += v + " -> ";
        return Status::InvalidArgument("source_profile cycle: " + path + name);
      }
    }
    visited_.push_back(name);
    return Resolve(*source, /*top_level=*/false);
  }

  const CredentialDeps& deps_;
  const SharedConfig& config_;
  std::vector<std::string> visited_;  // source_profile path, for cycle detection
};

}  // namespace

Result<std::unique_ptr<CredentialsProvider>> ProviderForProfile(const CredentialDeps& deps,
                                                                const SharedConfig& config,
                                                                const std::string& profile_name) {
  auto profile = config.Get(profile_name);
  if (!profile.ok()) return profile.status();
  Resolver resolver(deps, config, profile_name);
  return resolver.Resolve(*profile, /*top_level=*/true);
}

}  // namespace arm
