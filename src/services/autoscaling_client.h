#pragma once
// Application Auto Scaling (awsJson 1.1): scalable targets, their scaling
// policies and scheduled actions. Wire calls only.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "aws/aws_client.h"
#include "core/status.h"

namespace arm {

struct ScalableTarget {
  std::string service_namespace, resource_id, scalable_dimension;
  int min_capacity = 0, max_capacity = 0;
  nlohmann::json suspended_state;  // SuspendedState verbatim; null when absent
};

struct ScalingPolicy {
  std::string policy_name, service_namespace, resource_id, scalable_dimension, policy_type;
  // TargetTrackingScalingPolicyConfiguration and StepScalingPolicyConfiguration
  // verbatim, so a saved policy can be put back unchanged; null when absent.
  nlohmann::json target_tracking_configuration, step_scaling_configuration;
};

struct ScheduledAction {
  std::string name, service_namespace, resource_id, scalable_dimension, schedule;
  // Timezone, StartTime, EndTime and ScalableTargetAction verbatim (null when
  // absent), so a saved action is put back unchanged.
  nlohmann::json timezone, start_time, end_time, scalable_target_action;
};

class AutoScalingClient {
 public:
  explicit AutoScalingClient(AwsClient& client) : client_(client) {}

  // Every target of the namespace whose ResourceId is in `resource_ids` (all
  // targets of the namespace when empty); ids are sent 50 per call, every
  // page followed.
  Result<std::vector<ScalableTarget>> DescribeScalableTargets(
      const std::string& service_namespace, const std::vector<std::string>& resource_ids);
  // Every policy of the resource (all of the namespace when `resource_id` is
  // empty), every page followed.
  Result<std::vector<ScalingPolicy>> DescribeScalingPolicies(const std::string& service_namespace,
                                                             const std::string& resource_id);
  // Every scheduled action of the resource, every page followed.
  Result<std::vector<ScheduledAction>> DescribeScheduledActions(
      const std::string& service_namespace, const std::string& resource_id);
  // Creates or replaces the scheduled action (the target must be registered).
  Status PutScheduledAction(const ScheduledAction& action, CallStats* stats = nullptr);
  Status RegisterScalableTarget(const ScalableTarget& target, CallStats* stats = nullptr);
  Status PutScalingPolicy(const ScalingPolicy& policy, CallStats* stats = nullptr);
  // NotFound (ObjectNotFoundException) when no such target is registered.
  // AWS deletes the target's scaling policies and scheduled actions with it.
  Status DeregisterScalableTarget(const std::string& service_namespace,
                                  const std::string& resource_id,
                                  const std::string& scalable_dimension,
                                  CallStats* stats = nullptr);

  static constexpr size_t kMaxResourceIdsPerCall = 50;

 private:
  Status DescribeTargetsChunk(const std::string& service_namespace,
                              const std::vector<std::string>& resource_ids,
                              std::vector<ScalableTarget>* out);

  AwsClient& client_;
};

}  // namespace arm
