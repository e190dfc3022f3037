#include "resources/scaling_record.h"

namespace arm {

nlohmann::json TargetJson(const ScalableTarget& t) {
  nlohmann::json j = {{"ServiceNamespace", t.service_namespace},
                      {"ResourceId", t.resource_id},
                      {"ScalableDimension", t.scalable_dimension},
                      {"MinCapacity", t.min_capacity},
                      {"MaxCapacity", t.max_capacity}};
  if (!t.suspended_state.is_null()) j["SuspendedState"] = t.suspended_state;
  return j;
}

ScalableTarget TargetFromJson(const nlohmann::json& j) {
  ScalableTarget t;
  t.service_namespace = j.at("ServiceNamespace").get<std::string>();
  t.resource_id = j.at("ResourceId").get<std::string>();
  t.scalable_dimension = j.at("ScalableDimension").get<std::string>();
  t.min_capacity = j.at("MinCapacity").get<int>();
  t.max_capacity = j.at("MaxCapacity").get<int>();
  if (j.contains("SuspendedState")) t.suspended_state = j["SuspendedState"];
  return t;
}

nlohmann::json PolicyJson(const ScalingPolicy& p) {
  nlohmann::json j = {{"PolicyName", p.policy_name},
                      {"ServiceNamespace", p.service_namespace},
                      {"ResourceId", p.resource_id},
                      {"ScalableDimension", p.scalable_dimension},
                      {"PolicyType", p.policy_type}};
  if (!p.target_tracking_configuration.is_null())
    j["TargetTrackingScalingPolicyConfiguration"] = p.target_tracking_configuration;
  if (!p.step_scaling_configuration.is_null())
    j["StepScalingPolicyConfiguration"] = p.step_scaling_configuration;
  return j;
}

ScalingPolicy PolicyFromJson(const nlohmann::json& j) {
  ScalingPolicy p;
  p.policy_name = j.at("PolicyName").get<std::string>();
  p.service_namespace = j.at("ServiceNamespace").get<std::string>();
  p.resource_id = j.at("ResourceId").get<std::string>();
  p.scalable_dimension = j.at("ScalableDimension").get<std::string>();
  p.policy_type = j.at("PolicyType").get<std::string>();
  if (j.contains("TargetTrackingScalingPolicyConfiguration"))
    p.target_tracking_configuration = j["TargetTrackingScalingPolicyConfiguration"];
  if (j.contains("StepScalingPolicyConfiguration"))
    p.step_scaling_configuration = j["StepScalingPolicyConfiguration"];
  return p;
}

nlohmann::json ScheduledActionJson(const ScheduledAction& a) {
  nlohmann::json j = {{"ScheduledActionName", a.name},
                      {"ServiceNamespace", a.service_namespace},
                      {"ResourceId", a.resource_id},
                      {"ScalableDimension", a.scalable_dimension},
                      {"Schedule", a.schedule}};
  if (!a.timezone.is_null()) j["Timezone"] = a.timezone;
  if (!a.start_time.is_null()) j["StartTime"] = a.start_time;
  if (!a.end_time.is_null()) j["EndTime"] = a.end_time;
  if (!a.scalable_target_action.is_null()) j["ScalableTargetAction"] = a.scalable_target_action;
  return j;
}

ScheduledAction ScheduledActionFromJson(const nlohmann::json& j) {
  ScheduledAction a;
  a.name = j.at("ScheduledActionName").get<std::string>();
  a.service_namespace = j.at("ServiceNamespace").get<std::string>();
  a.resource_id = j.at("ResourceId").get<std::string>();
  a.scalable_dimension = j.at("ScalableDimension").get<std::string>();
  a.schedule = j.at("Schedule").get<std::string>();
  a.timezone = j.value("Timezone", nlohmann::json());
  a.start_time = j.value("StartTime", nlohmann::json());
  a.end_time = j.value("EndTime", nlohmann::json());
  a.scalable_target_action = j.value("ScalableTargetAction", nlohmann::json());
  return a;
}

bool HasTarget(const nlohmann::json& config, const nlohmann::json& tj) {
  for (const auto& have : config.value("autoscaling", nlohmann::json::object())
                              .value("targets", nlohmann::json::array())) {
    if (have.value("ResourceId", "") == tj.value("ResourceId", "") &&
        have.value("MinCapacity", -1) == tj.value("MinCapacity", -2) &&
        have.value("MaxCapacity", -1) == tj.value("MaxCapacity", -2))
      return true;
  }
  return false;
}
bool HasPolicy(const nlohmann::json& config, const nlohmann::json& pj) {
  for (const auto& have : config.value("autoscaling", nlohmann::json::object())
                              .value("policies", nlohmann::json::array())) {
    if (have.value("PolicyName", "") == pj.value("PolicyName", "") &&
        have.value("ResourceId", "") == pj.value("ResourceId", ""))
      return true;
  }
  return false;
}

bool HasScheduledAction(const nlohmann::json& config, const nlohmann::json& sj) {
  const auto& aas = config.value("autoscaling", nlohmann::json::object());
  for (const auto& have : aas.value("scheduled_actions", nlohmann::json::array())) {
    if (have == sj) return true;
  }
  return false;
}

Status CheckScalingRecord(const nlohmann::json& orig) {
  auto aas = orig.find("autoscaling");
  if (aas == orig.end()) return Status::Ok();
  if (!aas->is_object())
    return Status::InvalidArgument("autoscaling: expected an object, got " + aas->dump());
  for (const char* list : {"targets", "policies", "scheduled_actions"}) {
    auto it = aas->find(list);
    if (it != aas->end() && !it->is_array())
      return Status::InvalidArgument(std::string("autoscaling.") + list +
                                     ": expected a list, got " + it->dump());
  }
  for (const auto& sj : aas->value("scheduled_actions", nlohmann::json::array())) {
    for (const char* key :
         {"ScheduledActionName", "ServiceNamespace", "ResourceId", "ScalableDimension", "Schedule"})
      if (!sj.is_object() || !sj.contains(key) || !sj[key].is_string())
        return Status::InvalidArgument(std::string("autoscaling.scheduled_actions: expected ") +
                                       key + " as text, got " + sj.dump());
  }
  return Status::Ok();
}

}  // namespace arm
