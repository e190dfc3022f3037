#pragma once
// Factories of the managed resource types, one per file. The only table that
// lists them is resources/registry.cc.
#include <memory>

#include "core/clock.h"
#include "resources/resource.h"

namespace arm {

class SageMakerClient;
class AutoScalingClient;
class KinesisClient;
class LambdaClient;
class CloudWatchClient;
class DynamoDbClient;

std::unique_ptr<ResourceType> MakeSageMakerEndpointType(SageMakerClient& sagemaker,
                                                        AutoScalingClient& autoscaling,
                                                        Clock& clock);
// on_demand_to_provisioned: park on-demand streams too (provisioned at one
// shard while parked, on-demand again at start).
std::unique_ptr<ResourceType> MakeKinesisStreamType(KinesisClient& kinesis, Clock& clock,
                                                    bool on_demand_to_provisioned = false);
std::unique_ptr<ResourceType> MakeLambdaFunctionType(LambdaClient& lambda);
std::unique_ptr<ResourceType> MakeCloudWatchAlarmType(CloudWatchClient& cloudwatch);
std::unique_ptr<ResourceType> MakeDynamoDbTableType(DynamoDbClient& dynamodb);

}  // namespace arm
