#pragma once
// Application Auto Scaling as a type records it in its original
// ("autoscaling": {"targets", "policies", "scheduled_actions"}), in AWS's own
// field names, so that start registers exactly what was there. Shared by
// every type whose capacity AWS auto scales (SageMaker variants today).
#include <nlohmann/json.hpp>

#include "core/status.h"
#include "services/autoscaling_client.h"

namespace arm {

nlohmann::json TargetJson(const ScalableTarget& t);
ScalableTarget TargetFromJson(const nlohmann::json& j);
nlohmann::json PolicyJson(const ScalingPolicy& p);
ScalingPolicy PolicyFromJson(const nlohmann::json& j);
nlohmann::json ScheduledActionJson(const ScheduledAction& a);
ScheduledAction ScheduledActionFromJson(const nlohmann::json& j);

// Whether `config` (a snapshot's) holds the recorded target (same resource
// and capacities), policy (same name and resource), or scheduled action
// (the same in every field).
bool HasTarget(const nlohmann::json& config, const nlohmann::json& tj);
bool HasPolicy(const nlohmann::json& config, const nlohmann::json& pj);
bool HasScheduledAction(const nlohmann::json& config, const nlohmann::json& sj);

// Whether an original's "autoscaling" (if any) has the shape start reads;
// the message starts with the field ("autoscaling.targets: ...").
Status CheckScalingRecord(const nlohmann::json& original);

}  // namespace arm
