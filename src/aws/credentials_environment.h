#pragma once
// AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN
// (and AWS_CREDENTIAL_EXPIRATION), first in the chain as in every SDK.
#include "aws/credentials.h"
#include "core/environment.h"

namespace arm {

class EnvironmentCredentialsProvider final : public CredentialsProvider {
 public:
  explicit EnvironmentCredentialsProvider(const Environment& env) : env_(env) {}
  // NotFound when AWS_ACCESS_KEY_ID is unset or empty; Credentials error
  // when it is set without AWS_SECRET_ACCESS_KEY.
  Result<Credentials> GetCredentials() override;
  std::string Name() const override { return "environment variables"; }

 private:
  const Environment& env_;
};

}  // namespace arm
