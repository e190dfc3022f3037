#pragma once
// The registry's real resource types over a real AwsClient on FakeTransport,
// for tests of planning, cost and policy that must send nothing.
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "resources/registry.h"
#include "services/client_set.h"
#include "tests/testing/service_test_env.h"

namespace arm::testing {

class RealTypes {
 public:
  // `flags`: type option keys set to true ("KINESIS_ON_DEMAND_TO_PROVISIONED").
  explicit RealTypes(const std::vector<std::string>& flags = {}) : clients_(env_.client()) {
    config_.type_keys = TypeConfigKeys();
    for (const auto& f : flags) {
      config_.type_values[f].flag = true;
      config_.type_values[f].set = true;
    }
    types_ = MakeResourceTypes(TypeContext{clients_, env_.clock(), config_});
  }
  RealTypes(const RealTypes&) = delete;
  RealTypes& operator=(const RealTypes&) = delete;

  const ResourceType& Get(std::string_view id) const {
    for (const auto& t : types_)
      if (t->type() == id) return *t;
    throw std::invalid_argument("no type " + std::string(id));
  }
  std::vector<const ResourceType*> All() const {
    std::vector<const ResourceType*> out;
    for (const auto& t : types_) out.push_back(t.get());
    return out;
  }
  ServiceTestEnv& env() { return env_; }

 private:
  ServiceTestEnv env_;
  ClientSet clients_;
  ProjectConfig config_;
  std::vector<std::unique_ptr<ResourceType>> types_;
};

}  // namespace arm::testing
