#pragma once
// The explicit table of service handlers (no static self-registration: it is
// dropped by the linker from static libraries). A new service is its handler
// files and one row in registry.cc.
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "sandbox/auth.h"
#include "sandbox/service_handler.h"

namespace sandbox {

struct SageMakerStore;

struct HandlerDeps {
  Context context;
  // For STS AssumeRole's temporary credentials; outlives the handlers.
  CredentialStore* credentials = nullptr;
  // Every tagged resource of every other handler, each read under that
  // handler's lock (Resource Groups Tagging API).
  std::function<std::vector<TaggedResource>()> collect_tagged;
  // The store SageMaker, ECS and Application Auto Scaling share (null: MakeHandlers
  // makes one).
  std::shared_ptr<SageMakerStore> sagemaker_store;
};

// One row per handler: the signing name it answers and how to make it.
struct HandlerRow {
  std::string_view signing_name;
  std::unique_ptr<ServiceHandler> (*make)(const HandlerDeps& deps);
};

// Every row, in the order the handlers are made.
const std::vector<HandlerRow>& HandlerTable();

// One handler per row. Factories take `const Context&` (the clock outlives
// the handlers). Generate() finds the name prefix of generated resources in
// estate["generate_prefix"] (default "bench-").
std::vector<std::unique_ptr<ServiceHandler>> MakeHandlers(const HandlerDeps& deps);

}  // namespace sandbox
