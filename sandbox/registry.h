#pragma once
// The explicit table of service handlers (no static self-registration: it is
// dropped by the linker from static libraries).
#include <functional>
#include <memory>
#include <vector>

#include "sandbox/auth.h"
#include "sandbox/service_handler.h"

namespace sandbox {

struct HandlerDeps {
  Context context;
  // For STS AssumeRole's temporary credentials; outlives the handlers.
  CredentialStore* credentials = nullptr;
  // Every tagged resource of every other handler, each read under that
  // handler's lock (Resource Groups Tagging API).
  std::function<std::vector<TaggedResource>()> collect_tagged;
};

// One handler per signing name. Factories take `const Context&` (the clock
// outlives the handlers). Generate() finds the name prefix of generated
// resources in estate["generate_prefix"] (default "bench-").
std::vector<std::unique_ptr<ServiceHandler>> MakeHandlers(const HandlerDeps& deps);

}  // namespace sandbox
