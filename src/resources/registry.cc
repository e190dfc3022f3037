#include "resources/registry.h"

namespace arm {

std::vector<std::unique_ptr<ResourceType>> MakeResourceTypes(const ServiceClients& c,
                                                             const TypeOptions& options) {
  std::vector<std::unique_ptr<ResourceType>> types;
  types.push_back(MakeCloudWatchAlarmType(*c.cloudwatch));
  types.push_back(MakeLambdaFunctionType(*c.lambda));
  types.push_back(
      MakeKinesisStreamType(*c.kinesis, *c.clock, options.kinesis_on_demand_to_provisioned));
  types.push_back(MakeSageMakerEndpointType(*c.sagemaker, *c.autoscaling, *c.clock));
  types.push_back(MakeDynamoDbTableType(*c.dynamodb));
  return types;
}

std::vector<std::string> ResourceSelectors() {
  return {"cloudwatch", "lambda", "kinesis", "sagemaker", "dynamodb"};
}

}  // namespace arm
