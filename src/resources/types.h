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

std::unique_ptr<ResourceType> MakeSageMakerEndpointType(SageMakerClient& sagemaker, AutoScalingClient& autoscaling,
                                                        Clock& clock);
std::unique_ptr<ResourceType> MakeKinesisStreamType(KinesisClient& kinesis, Clock& clock);
std::unique_ptr<ResourceType> MakeLambdaFunctionType(LambdaClient& lambda);
std::unique_ptr<ResourceType> MakeCloudWatchAlarmType(CloudWatchClient& cloudwatch);
std::unique_ptr<ResourceType> MakeDynamoDbTableType(DynamoDbClient& dynamodb);

}  // namespace arm
