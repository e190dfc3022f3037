// Application Auto Scaling's wire shapes and request checks.
#include "sandbox/autoscaling_wire.h"

#include "sandbox/json_args.h"
#include "sandbox/wire.h"

namespace sandbox::autoscaling {

using nlohmann::json;

namespace {

constexpr char kNamespaces[] =
    "[ecs, elasticmapreduce, ec2, appstream, dynamodb, rds, sagemaker, "
    "custom-resource, comprehend, lambda, "
    "cassandra, kafka, elasticache, neptune]";

// The Describe* lists: MaxResults 1..50 (AWS says "less than or equal to
// 50" for either side).
constexpr PageSizeRule kPageSize{50, 1, 50, "Member must have value less than or equal to 50",
                                 "Member must have value less than or equal to 50"};

arm::Status ValidationFailure(std::string message) {
  return AwsError("ValidationException", std::move(message));
}

}  // namespace

const PageTokens& Tokens() {
  static const PageTokens kTokens("autoscaling");
  return kTokens;
}

namespace {

bool KnownNamespace(const std::string& ns) {
  std::string list = kNamespaces;
  return list.find("[" + ns + ",") != std::string::npos ||
         list.find(" " + ns + ",") != std::string::npos ||
         list.find(" " + ns + "]") != std::string::npos;
}

}  // namespace

std::string NoTarget(const std::string& ns, const std::string& resource_id,
                     const std::string& dimension) {
  return "No scalable target registered for service namespace: " + ns +
         ", resource ID: " + resource_id + ", scalable dimension: " + dimension;
}

json TargetJson(const ScalableTarget& t) {
  return {{"ServiceNamespace", t.service_namespace},
          {"ResourceId", t.resource_id},
          {"ScalableDimension", t.scalable_dimension},
          {"MinCapacity", t.min_capacity},
          {"MaxCapacity", t.max_capacity},
          {"RoleARN", t.role_arn},
          {"CreationTime", t.creation_time},
          {"SuspendedState", t.suspended_state},
          {"ScalableTargetARN", t.arn}};
}

json PolicyJson(const ScalingPolicy& p) {
  json out = {{"PolicyARN", p.arn},
              {"PolicyName", p.name},
              {"ServiceNamespace", p.service_namespace},
              {"ResourceId", p.resource_id},
              {"ScalableDimension", p.scalable_dimension},
              {"PolicyType", p.policy_type},
              {"Alarms", p.alarms},
              {"CreationTime", p.creation_time}};
  if (!p.step_config.is_null()) out["StepScalingPolicyConfiguration"] = p.step_config;
  if (!p.target_tracking_config.is_null())
    out["TargetTrackingScalingPolicyConfiguration"] = p.target_tracking_config;
  return out;
}

json ScheduledActionJson(const ScheduledAction& a) {
  json out = {{"ScheduledActionName", a.name},
              {"ScheduledActionARN", a.arn},
              {"ServiceNamespace", a.service_namespace},
              {"Schedule", a.schedule},
              {"ResourceId", a.resource_id},
              {"ScalableDimension", a.scalable_dimension},
              {"CreationTime", a.creation_time}};
  if (!a.timezone.is_null()) out["Timezone"] = a.timezone;
  if (!a.start_time.is_null()) out["StartTime"] = a.start_time;
  if (!a.end_time.is_null()) out["EndTime"] = a.end_time;
  if (!a.scalable_target_action.is_null()) out["ScalableTargetAction"] = a.scalable_target_action;
  return out;
}

bool KnownScheduleExpression(const std::string& schedule) {
  for (const char* kind : {"at(", "rate(", "cron("}) {
    if (schedule.rfind(kind, 0) == 0 && schedule.back() == ')') return true;
  }
  return false;
}

arm::Status CheckNamespace(const std::optional<std::string>& ns) {
  if (!ns) return ValidationFailure(NullMemberMessage("ServiceNamespace"));
  if (!KnownNamespace(*ns)) {
    return ValidationFailure(
        ConstraintMessage("ServiceNamespace", *ns,
                          std::string("Member must satisfy enum value set: ") + kNamespaces));
  }
  return arm::Status::Ok();
}

arm::Result<ListPage> ListArgs(const std::optional<std::string>& ns,
                               const std::optional<int64_t>& max_results,
                               const std::optional<std::string>& token) {
  ARM_RETURN_IF_ERROR(CheckNamespace(ns));
  arm::Result<size_t> size = PageSize(max_results, kPageSize);
  if (!size.ok()) {
    return ValidationFailure(
        ConstraintMessage("MaxResults", std::to_string(*max_results), size.status().message()));
  }
  arm::Result<size_t> start = Tokens().Offset(token);
  if (!start.ok()) return AwsError("InvalidNextTokenException", "Invalid token");
  return ListPage{*start, *size};
}

arm::Status CheckTargetKey(const std::optional<std::string>& ns,
                           const std::optional<std::string>& resource_id,
                           const std::optional<std::string>& dimension) {
  ARM_RETURN_IF_ERROR(CheckNamespace(ns));
  if (!resource_id) return ValidationFailure(NullMemberMessage("ResourceId"));
  if (!dimension) return ValidationFailure(NullMemberMessage("ScalableDimension"));
  const bool variant = *ns == kSageMakerNamespace && *dimension == kVariantDimension;
  const bool ecs_service = *ns == kEcsNamespace && *dimension == kEcsServiceDimension;
  if (!variant && !ecs_service)
    return ValidationFailure("Unsupported service namespace, resource type or scalable dimension");
  return arm::Status::Ok();
}

arm::Status CheckEcsServiceExists(SageMakerStore& store, const std::string& resource_id) {
  // service/CLUSTER/SERVICE
  constexpr std::string_view kService = "service/";
  size_t mid = resource_id.find('/', kService.size());
  if (resource_id.rfind(kService, 0) != 0 || mid == std::string::npos || mid == kService.size() ||
      mid + 1 == resource_id.size()) {
    return ValidationFailure("Unsupported resource ID format: " + resource_id +
                             ". Expected format: service/{ClusterName}/{ServiceName}");
  }
  const EcsService* s = store.ecs.FindService(
      resource_id.substr(kService.size(), mid - kService.size()), resource_id.substr(mid + 1));
  if (s == nullptr || s->status != "ACTIVE")
    return ValidationFailure("ECS service doesn't exist: " + resource_id);
  return arm::Status::Ok();
}

arm::Status CheckVariantExists(SageMakerStore& store, const std::string& resource_id) {
  // endpoint/NAME/variant/VARIANT
  constexpr std::string_view kEndpoint = "endpoint/";
  constexpr std::string_view kVariant = "/variant/";
  size_t mid = resource_id.find(kVariant);
  if (resource_id.rfind(kEndpoint, 0) != 0 || mid == std::string::npos || mid <= kEndpoint.size()) {
    return ValidationFailure("Unsupported resource ID format: " + resource_id +
                             ". Expected format: endpoint/{EndpointName}/variant/{VariantName}");
  }
  std::string endpoint = resource_id.substr(kEndpoint.size(), mid - kEndpoint.size());
  std::string variant = resource_id.substr(mid + kVariant.size());
  const SmEndpoint* e = store.FindEndpoint(endpoint);
  if (e == nullptr || e->status == "Deleting") {
    return ValidationFailure("The endpoint '" + endpoint + "' does not exist.");
  }
  for (const SmVariant& v : e->variants) {
    if (v.name == variant) return arm::Status::Ok();
  }
  return ValidationFailure("The variant '" + variant + "' does not exist on endpoint '" + endpoint +
                           "'.");
}

}  // namespace sandbox::autoscaling
