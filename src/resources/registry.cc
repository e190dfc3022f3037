#include "resources/registry.h"

#include "resources/types.h"

namespace arm {

const std::vector<TypeEntry>& Registry() {
  static const std::vector<TypeEntry> kRegistry = {
      CloudWatchAlarmEntry(),   EcsServiceEntry(),     AutoScalingGroupEntry(),
      EksNodegroupEntry(),      LambdaFunctionEntry(), Ec2InstanceEntry(),
      SageMakerNotebookEntry(), KinesisStreamEntry(),  SageMakerEndpointEntry(),
      DynamoDbTableEntry(),     RdsInstanceEntry(),    RdsClusterEntry(),
  };
  return kRegistry;
}

std::vector<std::unique_ptr<ResourceType>> MakeResourceTypes(
    const TypeContext& context, const std::vector<TypeEntry>& registry) {
  std::vector<std::unique_ptr<ResourceType>> types;
  for (const auto& entry : registry) types.push_back(entry.make(context));
  return types;
}

std::vector<std::string> ResourceSelectors(const std::vector<TypeEntry>& registry) {
  std::vector<std::string> out;
  for (const auto& entry : registry) out.emplace_back(entry.info->selector);
  return out;
}

std::vector<TypeKey> TypeConfigKeys(const std::vector<TypeEntry>& registry) {
  std::vector<TypeKey> keys;
  for (const auto& entry : registry) {
    const TypeInfo& i = *entry.info;
    if (!i.names_key.empty()) keys.push_back({std::string(i.names_key), TypeKey::Kind::kNames});
    if (!i.prefix_key.empty()) keys.push_back({std::string(i.prefix_key), TypeKey::Kind::kPrefix});
    for (auto k : i.flag_keys) keys.push_back({std::string(k), TypeKey::Kind::kBool});
  }
  return keys;
}

std::vector<std::string> TypePriceKeys(const std::vector<TypeEntry>& registry) {
  std::vector<std::string> keys;
  for (const auto& entry : registry)
    for (auto k : entry.info->price_keys) keys.emplace_back(k);
  return keys;
}

}  // namespace arm
