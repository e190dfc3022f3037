#pragma once
// STS (query protocol): GetCallerIdentity, AssumeRole,
// AssumeRoleWithWebIdentity (unsigned). Temporary credentials are added to
// the credential store, so the sandbox accepts them until they expire.
#include <memory>

#include "sandbox/auth.h"
#include "sandbox/service_handler.h"

namespace sandbox {

std::unique_ptr<ServiceHandler> MakeStsHandler(const Context& context,
                                               CredentialStore* credentials);

}  // namespace sandbox
