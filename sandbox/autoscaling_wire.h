#pragma once
// Application Auto Scaling's wire shapes and the checks its operations share:
// the JSON of targets, policies and scheduled actions, the namespace and
// target key checks, and the Describe* paging. Errors are AwsError statuses.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/status.h"
#include "sandbox/paging.h"
#include "sandbox/sagemaker_store.h"

namespace sandbox::autoscaling {

nlohmann::json TargetJson(const ScalableTarget& t);
nlohmann::json PolicyJson(const ScalingPolicy& p);
nlohmann::json ScheduledActionJson(const ScheduledAction& a);
// ObjectNotFoundException's message for a missing scalable target.
std::string NoTarget(const std::string& ns, const std::string& resource_id,
                     const std::string& dimension);
// at(...), rate(...) or cron(...).
bool KnownScheduleExpression(const std::string& schedule);

arm::Status CheckNamespace(const std::optional<std::string>& ns);
// SageMaker variants and ECS services live here; other namespaces cannot be
// registered.
arm::Status CheckTargetKey(const std::optional<std::string>& ns,
                           const std::optional<std::string>& resource_id,
                           const std::optional<std::string>& dimension);
// "service/CLUSTER/NAME" naming an ACTIVE ECS service.
arm::Status CheckEcsServiceExists(SageMakerStore& store, const std::string& resource_id);
// "endpoint/NAME/variant/VARIANT" naming a variant of a live endpoint.
arm::Status CheckVariantExists(SageMakerStore& store, const std::string& resource_id);

// The NextToken values of the Describe* lists.
const PageTokens& Tokens();
struct ListPage {
  size_t offset = 0;
  size_t limit = 0;
};
// The page a Describe* call asks for, after its namespace.
arm::Result<ListPage> ListArgs(const std::optional<std::string>& ns,
                               const std::optional<int64_t>& max_results,
                               const std::optional<std::string>& token);

}  // namespace sandbox::autoscaling
