#pragma once
// The managed resource types, one file each: the registry row of each
// (resources/registry.cc), and factories over given clients for tests.
#include <memory>

#include "core/clock.h"
#include "resources/resource.h"
#include "resources/type_info.h"

namespace arm {

class SageMakerClient;
class AutoScalingClient;
class KinesisClient;
class LambdaClient;
class CloudWatchClient;
class DynamoDbClient;
class EcsClient;
class Ec2Client;
class Ec2AutoScalingClient;
class RdsClient;
class EksClient;

TypeEntry SageMakerEndpointEntry();
TypeEntry KinesisStreamEntry();
TypeEntry LambdaFunctionEntry();
TypeEntry CloudWatchAlarmEntry();
TypeEntry DynamoDbTableEntry();
TypeEntry EcsServiceEntry();
TypeEntry Ec2InstanceEntry();
TypeEntry AutoScalingGroupEntry();
TypeEntry SageMakerNotebookEntry();
TypeEntry RdsInstanceEntry();
TypeEntry RdsClusterEntry();
TypeEntry EksNodegroupEntry();

std::unique_ptr<ResourceType> MakeSageMakerEndpointType(SageMakerClient& sagemaker,
                                                        AutoScalingClient& autoscaling,
                                                        Clock& clock);
// on_demand_to_provisioned (KINESIS_ON_DEMAND_TO_PROVISIONED): park
// on-demand streams too (provisioned at one shard while parked, on-demand
// again at start).
std::unique_ptr<ResourceType> MakeKinesisStreamType(KinesisClient& kinesis, Clock& clock,
                                                    bool on_demand_to_provisioned = false);
std::unique_ptr<ResourceType> MakeLambdaFunctionType(LambdaClient& lambda);
std::unique_ptr<ResourceType> MakeCloudWatchAlarmType(CloudWatchClient& cloudwatch);
std::unique_ptr<ResourceType> MakeDynamoDbTableType(DynamoDbClient& dynamodb);
std::unique_ptr<ResourceType> MakeEcsServiceType(EcsClient& ecs, AutoScalingClient& autoscaling,
                                                 Clock& clock);
// hibernate (EC2_HIBERNATE): hibernate the instances launched with
// hibernation configured instead of stopping them.
std::unique_ptr<ResourceType> MakeEc2InstanceType(Ec2Client& ec2, Clock& clock,
                                                  bool hibernate = false);

std::unique_ptr<ResourceType> MakeAutoScalingGroupType(Ec2AutoScalingClient& asg, Clock& clock);
std::unique_ptr<ResourceType> MakeSageMakerNotebookType(SageMakerClient& sagemaker, Clock& clock);
// Standalone DB instances; members of a cluster are parked through it.
std::unique_ptr<ResourceType> MakeRdsInstanceType(RdsClient& rds, Clock& clock);
// Aurora, DocumentDB and Neptune clusters.
std::unique_ptr<ResourceType> MakeRdsClusterType(RdsClient& rds, Clock& clock);
std::unique_ptr<ResourceType> MakeEksNodegroupType(EksClient& eks, Clock& clock);

}  // namespace arm
