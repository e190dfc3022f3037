#pragma once
// Credentials and the provider seam. The chain (credential_chain.h) tries the
// providers in the AWS SDKs' order; each provider lives in its own file.
#include <chrono>
#include <optional>
#include <string>

#include "core/status.h"

namespace arm {

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;  // never logged
  std::string session_token;      // never logged; empty when none
  std::optional<std::chrono::system_clock::time_point> expiration;
  std::string source;  // "environment", "shared-credentials-file", "assume-role", ...
};

class CredentialsProvider {
 public:
  virtual ~CredentialsProvider() = default;
  // NotFound when this provider has nothing to offer (the chain moves on);
  // any other error stops the chain (a broken source must not be skipped).
  virtual Result<Credentials> GetCredentials() = 0;
  virtual std::string Name() const = 0;
};

// Fixed credentials (tests, and the sandbox's default test/test).
class StaticCredentialsProvider final : public CredentialsProvider {
 public:
  explicit StaticCredentialsProvider(Credentials c) : creds_(std::move(c)) {}
  Result<Credentials> GetCredentials() override { return creds_; }
  std::string Name() const override { return "static"; }

 private:
  Credentials creds_;
};

}  // namespace arm
