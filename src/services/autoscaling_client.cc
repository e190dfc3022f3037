#include "services/autoscaling_client.h"

#include <algorithm>

#include "aws/protocols/aws_json.h"
#include "services/wire_util.h"

namespace arm {
namespace {

using nlohmann::json;
using wire::Str;

const aws_json::JsonService kService{services::kAutoScaling, "AnyScaleFrontendService", "1.1"};

Result<json> Call(AwsClient& client, std::string_view operation, const json& input,
                  CallStats* stats = nullptr) {
  Result<json> r = aws_json::Call(client, kService, operation, input, stats);
  if (!r.ok()) return wire::NotFoundIf(r.status(), {"ObjectNotFoundException"});
  return r;
}

}  // namespace

Result<std::vector<ScalableTarget>> AutoScalingClient::DescribeScalableTargets(
    const std::string& service_namespace, const std::vector<std::string>& resource_ids) {
  std::vector<ScalableTarget> out;
  if (resource_ids.empty()) {
    ARM_RETURN_IF_ERROR(DescribeTargetsChunk(service_namespace, {}, &out));
    return out;
  }
  for (size_t i = 0; i < resource_ids.size(); i += kMaxResourceIdsPerCall) {
    size_t end = std::min(resource_ids.size(), i + kMaxResourceIdsPerCall);
    std::vector<std::string> chunk(resource_ids.begin() + i, resource_ids.begin() + end);
    ARM_RETURN_IF_ERROR(DescribeTargetsChunk(service_namespace, chunk, &out));
  }
  return out;
}

Status AutoScalingClient::DescribeTargetsChunk(const std::string& service_namespace,
                                               const std::vector<std::string>& resource_ids,
                                               std::vector<ScalableTarget>* out) {
  std::string token;
  do {
    json input = {{"ServiceNamespace", service_namespace}};
    if (!resource_ids.empty()) input["ResourceIds"] = resource_ids;
    if (!token.empty()) input["NextToken"] = token;
    Result<json> page = Call(client_, "DescribeScalableTargets", input);
    if (!page.ok()) return page.status();
    ARM_RETURN_IF_ERROR(wire::DecodeInto("DescribeScalableTargets", [&] {
      for (const json& t : wire::Array(*page, "ScalableTargets")) {
        ScalableTarget target;
        target.service_namespace = Str(t, "ServiceNamespace");
        target.resource_id = Str(t, "ResourceId");
        target.scalable_dimension = Str(t, "ScalableDimension");
        target.min_capacity = static_cast<int>(wire::Int(t, "MinCapacity"));
        target.max_capacity = static_cast<int>(wire::Int(t, "MaxCapacity"));
        target.suspended_state = wire::Member(t, "SuspendedState");
        out->push_back(std::move(target));
      }
      token = Str(*page, "NextToken");
    }));
  } while (!token.empty());
  return Status::Ok();
}

Result<std::vector<ScalingPolicy>> AutoScalingClient::DescribeScalingPolicies(
    const std::string& service_namespace, const std::string& resource_id) {
  std::vector<ScalingPolicy> out;
  std::string token;
  do {
    json input = {{"ServiceNamespace", service_namespace}};
    if (!resource_id.empty()) input["ResourceId"] = resource_id;
    if (!token.empty()) input["NextToken"] = token;
    Result<json> page = Call(client_, "DescribeScalingPolicies", input);
    if (!page.ok()) return page.status();
    ARM_RETURN_IF_ERROR(wire::DecodeInto("DescribeScalingPolicies", [&] {
      for (const json& p : wire::Array(*page, "ScalingPolicies")) {
        ScalingPolicy policy;
        policy.policy_name = Str(p, "PolicyName");
        policy.service_namespace = Str(p, "ServiceNamespace");
        policy.resource_id = Str(p, "ResourceId");
        policy.scalable_dimension = Str(p, "ScalableDimension");
        policy.policy_type = Str(p, "PolicyType");
        policy.target_tracking_configuration =
            wire::Member(p, "TargetTrackingScalingPolicyConfiguration");
        policy.step_scaling_configuration = wire::Member(p, "StepScalingPolicyConfiguration");
        out.push_back(std::move(policy));
      }
      token = Str(*page, "NextToken");
    }));
  } while (!token.empty());
  return out;
}

Result<std::vector<ScheduledAction>> AutoScalingClient::DescribeScheduledActions(
    const std::string& service_namespace, const std::string& resource_id) {
  std::vector<ScheduledAction> out;
  std::string token;
  do {
    json input = {{"ServiceNamespace", service_namespace}, {"ResourceId", resource_id}};
    if (!token.empty()) input["NextToken"] = token;
    Result<json> page = Call(client_, "DescribeScheduledActions", input);
    if (!page.ok()) return page.status();
    ARM_RETURN_IF_ERROR(wire::DecodeInto("DescribeScheduledActions", [&] {
      for (const json& a : wire::Array(*page, "ScheduledActions")) {
        ScheduledAction action;
        action.name = Str(a, "ScheduledActionName");
        action.service_namespace = Str(a, "ServiceNamespace");
        action.resource_id = Str(a, "ResourceId");
        action.scalable_dimension = Str(a, "ScalableDimension");
        action.schedule = Str(a, "Schedule");
        action.timezone = wire::Member(a, "Timezone");
        action.start_time = wire::Member(a, "StartTime");
        action.end_time = wire::Member(a, "EndTime");
        action.scalable_target_action = wire::Member(a, "ScalableTargetAction");
        out.push_back(std::move(action));
      }
      token = Str(*page, "NextToken");
    }));
  } while (!token.empty());
  return out;
}

Status AutoScalingClient::PutScheduledAction(const ScheduledAction& action, CallStats* stats) {
  json input = {{"ScheduledActionName", action.name},
                {"ServiceNamespace", action.service_namespace},
                {"ResourceId", action.resource_id},
                {"ScalableDimension", action.scalable_dimension},
                {"Schedule", action.schedule}};
  if (!action.timezone.is_null()) input["Timezone"] = action.timezone;
  if (!action.start_time.is_null()) input["StartTime"] = action.start_time;
  if (!action.end_time.is_null()) input["EndTime"] = action.end_time;
  if (!action.scalable_target_action.is_null()) {
    input["ScalableTargetAction"] = action.scalable_target_action;
  }
  return Call(client_, "PutScheduledAction", input, stats).status();
}

Status AutoScalingClient::RegisterScalableTarget(const ScalableTarget& target, CallStats* stats) {
  json input = {{"ServiceNamespace", target.service_namespace},
                {"ResourceId", target.resource_id},
                {"ScalableDimension", target.scalable_dimension},
                {"MinCapacity", target.min_capacity},
                {"MaxCapacity", target.max_capacity}};
  if (!target.suspended_state.is_null()) {
    input["SuspendedState"] = target.suspended_state;
  }
  return Call(client_, "RegisterScalableTarget", input, stats).status();
}

Status AutoScalingClient::PutScalingPolicy(const ScalingPolicy& policy, CallStats* stats) {
  json input = {{"PolicyName", policy.policy_name},
                {"ServiceNamespace", policy.service_namespace},
                {"ResourceId", policy.resource_id},
                {"ScalableDimension", policy.scalable_dimension}};
  if (!policy.policy_type.empty()) input["PolicyType"] = policy.policy_type;
  if (!policy.target_tracking_configuration.is_null()) {
    input["TargetTrackingScalingPolicyConfiguration"] = policy.target_tracking_configuration;
  }
  if (!policy.step_scaling_configuration.is_null()) {
    input["StepScalingPolicyConfiguration"] = policy.step_scaling_configuration;
  }
  return Call(client_, "PutScalingPolicy", input, stats).status();
}

Status AutoScalingClient::DeregisterScalableTarget(const std::string& service_namespace,
                                                   const std::string& resource_id,
                                                   const std::string& scalable_dimension,
                                                   CallStats* stats) {
  json input = {{"ServiceNamespace", service_namespace},
                {"ResourceId", resource_id},
                {"ScalableDimension", scalable_dimension}};
  return Call(client_, "DeregisterScalableTarget", input, stats).status();
}

}  // namespace arm
