#pragma once
// What a profile's settings ask for, in order: role_arn (with source_profile,
// resolved recursively with cycle detection, or credential_source), web
// identity, credential_process, static keys.
#include <memory>
#include <string>

#include "aws/credentials.h"
#include "aws/sts_credentials_client.h"
#include "config/aws_shared_config.h"
#include "core/clock.h"
#include "core/environment.h"
#include "core/file_system.h"
#include "core/process.h"
#include "http/http.h"

namespace arm {

// The seams every provider may need; all outlive the providers.
struct CredentialDeps {
  const Environment& env;
  FileSystem& fs;
  HttpTransport& transport;
  Clock& clock;
  ProcessRunner& process;
  StsCredentialsClient& sts;
};

// The provider for `profile_name`. A profile without any credential setting
// gives the static-keys provider, which answers NotFound. Configuration
// mistakes (missing source_profile, cycles, role_arn without a source, both
// source_profile and credential_source, unsupported mfa_serial or
// credential_source) are InvalidArgument.
Result<std::unique_ptr<CredentialsProvider>> ProviderForProfile(const CredentialDeps& deps,
                                                                const SharedConfig& config,
                                                                const std::string& profile_name);

}  // namespace arm
