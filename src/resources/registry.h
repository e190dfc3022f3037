#pragma once
#include <memory>
#include <vector>

#include "resources/types.h"

namespace arm {

struct ServiceClients {
  SageMakerClient* sagemaker = nullptr;
  AutoScalingClient* autoscaling = nullptr;
  KinesisClient* kinesis = nullptr;
  LambdaClient* lambda = nullptr;
  CloudWatchClient* cloudwatch = nullptr;
  DynamoDbClient* dynamodb = nullptr;
  Clock* clock = nullptr;
};

// What the configuration asks of the types beyond the selection.
struct TypeOptions {
  bool kinesis_on_demand_to_provisioned = false;  // KINESIS_ON_DEMAND_TO_PROVISIONED
};

// Every managed type, in stop order. Adding a type: its file, one line here.
std::vector<std::unique_ptr<ResourceType>> MakeResourceTypes(const ServiceClients& clients,
                                                             const TypeOptions& options = {});

// The selector names accepted by --only/--exclude, in stop order.
std::vector<std::string> ResourceSelectors();

}  // namespace arm
