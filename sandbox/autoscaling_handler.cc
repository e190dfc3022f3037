#include "sandbox/autoscaling_handler.h"

#include <algorithm>

#include "sandbox/autoscaling_wire.h"
#include "sandbox/iam_policy.h"
#include "sandbox/json_args.h"
#include "sandbox/json_op_table.h"
#include "sandbox/paging.h"
#include "sandbox/wire.h"

namespace sandbox {

using nlohmann::json;

namespace {

using autoscaling::CheckEcsServiceExists;
using autoscaling::CheckTargetKey;
using autoscaling::CheckVariantExists;
using autoscaling::KnownScheduleExpression;
using autoscaling::ListArgs;
using autoscaling::ListPage;
using autoscaling::NoTarget;
using autoscaling::PolicyJson;
using autoscaling::ScheduledActionJson;
using autoscaling::TargetJson;
using autoscaling::Tokens;

constexpr char kVersion[] = "1.1";

Response Validation(const std::string& message) {
  return JsonError(400, "ValidationException", message, kVersion);
}
Response Ok(const json& body) { return JsonOk(body, kVersion); }
Response Error(const arm::Status& error) { return JsonError(error, kVersion); }

class Ops {
 public:
  Ops(SageMakerStore& s, JsonArgs& a, const Request& r) : s_(s), args_(a), request_(r) {}

  Response DescribeScalableTargets() {
    auto ns = args_.String("ServiceNamespace");
    const json* ids = args_.Array("ResourceIds");
    auto dimension = args_.String("ScalableDimension");
    auto max_results = args_.Int("MaxResults");
    auto token = args_.String("NextToken");
    if (!args_.ok()) return TypeError();
    arm::Result<ListPage> paging = ListArgs(ns, max_results, token);
    if (!paging.ok()) return Error(paging.status());
    const auto [offset, limit] = *paging;
    std::vector<std::string> wanted;
    if (ids != nullptr) {
      for (const json& id : *ids) {
        if (id.is_string()) wanted.push_back(id.get<std::string>());
      }
    }
    std::vector<const ScalableTarget*> found;
    for (const ScalableTarget& t : s_.targets) {
      if (t.service_namespace != *ns) continue;
      if (dimension && t.scalable_dimension != *dimension) continue;
      if (!wanted.empty() && std::find(wanted.begin(), wanted.end(), t.resource_id) == wanted.end())
        continue;
      found.push_back(&t);
    }
    json out = {{"ScalableTargets", json::array()}};
    Page<const ScalableTarget*> page = PageOf(found, offset, limit, Tokens());
    for (const ScalableTarget* t : page.items) out["ScalableTargets"].push_back(TargetJson(*t));
    if (page.more()) out["NextToken"] = page.next_token;
    return Ok(out);
  }

  // DescribeScalingPolicies and DescribeScheduledActions: the same filters
  // (namespace, resource, dimension, optional names) and pagination.
  template <typename T>
  Response DescribeNamed(const char* names_key, const std::vector<T>& all, const char* out_key,
                         json (*to_json)(const T&)) {
    const json* names = args_.Array(names_key);
    auto ns = args_.String("ServiceNamespace");
    auto resource_id = args_.String("ResourceId");
    auto dimension = args_.String("ScalableDimension");
    auto max_results = args_.Int("MaxResults");
    auto token = args_.String("NextToken");
    if (!args_.ok()) return TypeError();
    arm::Result<ListPage> paging = ListArgs(ns, max_results, token);
    if (!paging.ok()) return Error(paging.status());
    const auto [offset, limit] = *paging;
    std::vector<std::string> wanted;
    if (names != nullptr) {
      for (const json& n : *names) {
        if (n.is_string()) wanted.push_back(n.get<std::string>());
      }
    }
    std::vector<const T*> found;
    for (const T& e : all) {
      if (e.service_namespace != *ns) continue;
      if (resource_id && e.resource_id != *resource_id) continue;
      if (dimension && e.scalable_dimension != *dimension) continue;
      if (!wanted.empty() && std::find(wanted.begin(), wanted.end(), e.name) == wanted.end())
        continue;
      found.push_back(&e);
    }
    json out = {{out_key, json::array()}};
    Page<const T*> page = PageOf(found, offset, limit, Tokens());
    for (const T* e : page.items) out[out_key].push_back(to_json(*e));
    if (page.more()) out["NextToken"] = page.next_token;
    return Ok(out);
  }

  Response DescribeScalingPolicies() {
    return DescribeNamed("PolicyNames", s_.policies, "ScalingPolicies", &PolicyJson);
  }

  Response RegisterScalableTarget() {
    auto ns = args_.String("ServiceNamespace");
    auto resource_id = args_.String("ResourceId");
    auto dimension = args_.String("ScalableDimension");
    auto min_capacity = args_.Int("MinCapacity");
    auto max_capacity = args_.Int("MaxCapacity");
    auto role_arn = args_.String("RoleARN");
    const json* suspended = args_.Object("SuspendedState");
    if (!args_.ok()) return TypeError();
    if (arm::Status key = CheckTargetKey(ns, resource_id, dimension); !key.ok()) return Error(key);
    if (*ns == kEcsNamespace) {
      // It reads and scales the service with the caller's permissions.
      const std::string service_arn = IamArn("ecs", s_.ctx.region, s_.ctx.account_id, *resource_id);
      for (const char* needed : {"ecs:DescribeServices", "ecs:UpdateService"}) {
        if (arm::Status s = Authorized(needed, service_arn, {}); !s.ok()) return Error(s);
      }
      if (arm::Status s = CheckEcsServiceExists(s_, *resource_id); !s.ok()) return Error(s);
    } else if (arm::Status s = CheckVariant(*resource_id); !s.ok()) {
      return Error(s);
    }
    return Register(*ns, *resource_id, *dimension, min_capacity, max_capacity, role_arn, suspended);
  }

  // Application Auto Scaling reads and scales the variant with the caller's
  // permissions, and creates its service-linked role once.
  arm::Status CheckVariant(const std::string& resource_id) {
    const std::string endpoint_arn = s_.Arn("endpoint", EndpointOf(resource_id));
    for (const char* needed :
         {"sagemaker:DescribeEndpoint", "sagemaker:UpdateEndpointWeightsAndCapacities"}) {
      ARM_RETURN_IF_ERROR(Authorized(needed, endpoint_arn, {}));
    }
    ARM_RETURN_IF_ERROR(CheckVariantExists(s_, resource_id));
    if (!s_.service_linked_role_exists) {
      ARM_RETURN_IF_ERROR(
          Authorized("iam:CreateServiceLinkedRole", s_.ServiceLinkedRoleArn(),
                     {{"iam:awsservicename", "sagemaker.application-autoscaling.amazonaws.com"}}));
      s_.service_linked_role_exists = true;
    }
    return arm::Status::Ok();
  }

  Response Register(const std::string& ns, const std::string& resource_id,
                    const std::string& dimension, std::optional<int64_t> min_capacity,
                    std::optional<int64_t> max_capacity, const std::optional<std::string>& role_arn,
                    const json* suspended) {
    ScalableTarget* target = Find(resource_id, dimension);
    if (target == nullptr && (!min_capacity || !max_capacity)) {
      return Validation(
          "MinCapacity and MaxCapacity are required for registering a new "
          "scalable target.");
    }
    int64_t new_min = min_capacity.value_or(target != nullptr ? target->min_capacity : 0);
    int64_t new_max = max_capacity.value_or(target != nullptr ? target->max_capacity : 0);
    if (new_min < 0 || new_max < 0)
      return Validation("Minimum and maximum capacity must be non-negative.");
    if (new_min > new_max) {
      return Validation("Minimum capacity cannot be greater than maximum capacity");
    }
    if (target == nullptr) {
      ScalableTarget t;
      t.service_namespace = ns;
      t.resource_id = resource_id;
      t.scalable_dimension = dimension;
      t.role_arn = s_.TargetRoleArn(ns);
      t.arn = s_.NewTargetArn();
      t.creation_time = s_.Now();
      t.suspended_state = {{"DynamicScalingInSuspended", false},
                           {"DynamicScalingOutSuspended", false},
                           {"ScheduledScalingSuspended", false}};
      s_.targets.push_back(std::move(t));
      target = &s_.targets.back();
    }
    target->min_capacity = new_min;
    target->max_capacity = new_max;
    if (role_arn) target->role_arn = *role_arn;
    if (suspended != nullptr) {
      for (const char* key : {"DynamicScalingInSuspended", "DynamicScalingOutSuspended",
                              "ScheduledScalingSuspended"}) {
        if (suspended->contains(key) && (*suspended)[key].is_boolean())
          target->suspended_state[key] = (*suspended)[key];
      }
    }
    return Ok({{"ScalableTargetARN", target->arn}});
  }

  Response PutScalingPolicy() {
    auto name = args_.String("PolicyName");
    auto ns = args_.String("ServiceNamespace");
    auto resource_id = args_.String("ResourceId");
    auto dimension = args_.String("ScalableDimension");
    std::string type = args_.String("PolicyType").value_or("StepScaling");
    const json* step = args_.Object("StepScalingPolicyConfiguration");
    const json* tracking = args_.Object("TargetTrackingScalingPolicyConfiguration");
    if (!args_.ok()) return TypeError();
    if (!name) return Validation(NullMemberMessage("PolicyName"));
    if (arm::Status key = CheckTargetKey(ns, resource_id, dimension); !key.ok()) return Error(key);
    if (type != "StepScaling" && type != "TargetTrackingScaling") {
      return Validation(ConstraintMessage("PolicyType", type,
                                          "Member must satisfy enum value set: [StepScaling, "
                                          "TargetTrackingScaling]"));
    }
    if (type == "TargetTrackingScaling" && tracking == nullptr) {
      return Validation(
          "TargetTrackingScalingPolicyConfiguration is required for a policy "
          "of type TargetTrackingScaling");
    }
    if (type == "StepScaling" && step == nullptr) {
      return Validation(
          "StepScalingPolicyConfiguration is required for a policy of type "
          "StepScaling");
    }
    if (Find(*resource_id, *dimension) == nullptr) {
      return JsonError(400, "ObjectNotFoundException", NoTarget(*ns, *resource_id, *dimension),
                       kVersion);
    }
    auto it = std::find_if(s_.policies.begin(), s_.policies.end(), [&](const ScalingPolicy& p) {
      return p.name == *name && p.resource_id == *resource_id && p.scalable_dimension == *dimension;
    });
    const bool same_type = it != s_.policies.end() && it->policy_type == type;
    json alarms = same_type                         ? it->alarms
                  : type == "TargetTrackingScaling" ? s_.NewTargetTrackingAlarms(*resource_id)
                                                    : json::array();
    // Target tracking: Application Auto Scaling creates, reads and removes
    // the policy's CloudWatch alarms with the caller's permissions.
    if (type == "TargetTrackingScaling") {
      if (arm::Status s = Authorized("cloudwatch:DescribeAlarms", "*", {}); !s.ok())
        return Error(s);
      for (const json& alarm : alarms) {
        const std::string alarm_arn = alarm.value("AlarmARN", "");
        for (const char* needed : {"cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms"}) {
          if (arm::Status s = Authorized(needed, alarm_arn, {}); !s.ok()) return Error(s);
        }
      }
    }
    if (it == s_.policies.end()) {
      ScalingPolicy p;
      p.name = *name;
      p.service_namespace = *ns;
      p.resource_id = *resource_id;
      p.scalable_dimension = *dimension;
      p.arn = s_.NewPolicyArn(*resource_id, *name);
      p.creation_time = s_.Now();
      s_.policies.push_back(std::move(p));
      it = s_.policies.end() - 1;
    }
    ScalingPolicy& policy = *it;
    policy.alarms = std::move(alarms);
    policy.policy_type = type;
    policy.step_config = type == "StepScaling" ? *step : json();
    policy.target_tracking_config = type == "TargetTrackingScaling" ? *tracking : json();
    json out = {{"PolicyARN", policy.arn}};
    if (type == "TargetTrackingScaling") out["Alarms"] = policy.alarms;
    return Ok(out);
  }

  Response PutScheduledAction() {
    auto name = args_.String("ScheduledActionName");
    auto ns = args_.String("ServiceNamespace");
    auto resource_id = args_.String("ResourceId");
    auto dimension = args_.String("ScalableDimension");
    auto schedule = args_.String("Schedule");
    auto timezone = args_.String("Timezone");
    auto start_time = args_.Number("StartTime");
    auto end_time = args_.Number("EndTime");
    const json* capacity = args_.Object("ScalableTargetAction");
    if (!args_.ok()) return TypeError();
    if (!name) return Validation(NullMemberMessage("ScheduledActionName"));
    if (arm::Status key = CheckTargetKey(ns, resource_id, dimension); !key.ok()) return Error(key);
    if (schedule && !KnownScheduleExpression(*schedule)) {
      return Validation("Unsupported schedule expression: " + *schedule +
                        ". Supported formats are at(...), rate(...) and cron(...)");
    }
    if (capacity != nullptr) {
      for (const char* key : {"MinCapacity", "MaxCapacity"}) {
        if (capacity->contains(key) && !(*capacity)[key].is_number_integer()) {
          return JsonError(400, "SerializationException",
                           std::string("Unexpected value for member '") + key + "'", kVersion);
        }
      }
      if (capacity->contains("MinCapacity") && capacity->contains("MaxCapacity") &&
          (*capacity)["MinCapacity"].get<int64_t>() > (*capacity)["MaxCapacity"].get<int64_t>()) {
        return Validation("Minimum capacity cannot be greater than maximum capacity");
      }
    }
    if (Find(*resource_id, *dimension) == nullptr) {
      return JsonError(400, "ObjectNotFoundException", NoTarget(*ns, *resource_id, *dimension),
                       kVersion);
    }
    auto it = std::find_if(s_.scheduled_actions.begin(), s_.scheduled_actions.end(),
                           [&](const ScheduledAction& a) {
                             return a.name == *name && a.resource_id == *resource_id &&
                                    a.scalable_dimension == *dimension;
                           });
    if (it == s_.scheduled_actions.end()) {
      if (!schedule) return Validation("Schedule is required when creating a new scheduled action");
      ScheduledAction a;
      a.name = *name;
      a.service_namespace = *ns;
      a.resource_id = *resource_id;
      a.scalable_dimension = *dimension;
      a.arn = s_.NewScheduledActionArn(*resource_id, *name);
      a.creation_time = s_.Now();
      s_.scheduled_actions.push_back(std::move(a));
      it = s_.scheduled_actions.end() - 1;
    }
    // As on AWS, a put replaces the members it is given and keeps the others.
    if (schedule) it->schedule = *schedule;
    if (timezone) it->timezone = *timezone;
    if (start_time) it->start_time = *start_time;
    if (end_time) it->end_time = *end_time;
    if (capacity != nullptr) it->scalable_target_action = *capacity;
    return Ok(json::object());
  }

  Response DescribeScheduledActions() {
    return DescribeNamed("ScheduledActionNames", s_.scheduled_actions, "ScheduledActions",
                         &ScheduledActionJson);
  }

  Response DeleteScheduledAction() {
    auto name = args_.String("ScheduledActionName");
    auto ns = args_.String("ServiceNamespace");
    auto resource_id = args_.String("ResourceId");
    auto dimension = args_.String("ScalableDimension");
    if (!args_.ok()) return TypeError();
    if (!name) return Validation(NullMemberMessage("ScheduledActionName"));
    if (arm::Status key = CheckTargetKey(ns, resource_id, dimension); !key.ok()) return Error(key);
    size_t removed = std::erase_if(s_.scheduled_actions, [&](const ScheduledAction& a) {
      return a.name == *name && a.resource_id == *resource_id && a.scalable_dimension == *dimension;
    });
    if (removed == 0) {
      return JsonError(400, "ObjectNotFoundException",
                       "No scheduled action found for service namespace: " + *ns +
                           ", resource ID: " + *resource_id + ", scalable dimension: " +
                           *dimension + ", scheduled action name: " + *name,
                       kVersion);
    }
    return Ok(json::object());
  }

  Response DeregisterScalableTarget() {
    auto ns = args_.String("ServiceNamespace");
    auto resource_id = args_.String("ResourceId");
    auto dimension = args_.String("ScalableDimension");
    if (!args_.ok()) return TypeError();
    if (arm::Status key = CheckTargetKey(ns, resource_id, dimension); !key.ok()) return Error(key);
    if (Find(*resource_id, *dimension) == nullptr) {
      return JsonError(400, "ObjectNotFoundException", NoTarget(*ns, *resource_id, *dimension),
                       kVersion);
    }
    s_.RemoveTarget(*resource_id, *dimension);
    return Ok(json::object());
  }

 private:
  Response TypeError() {
    return JsonError(400, "SerializationException", args_.type_error(), kVersion);
  }

  ScalableTarget* Find(const std::string& resource_id, const std::string& dimension) {
    for (ScalableTarget& t : s_.targets) {
      if (t.resource_id == resource_id && t.scalable_dimension == dimension) {
        return &t;
      }
    }
    return nullptr;
  }

  // NAME of "endpoint/NAME/variant/VARIANT" ("" when not of that shape).
  static std::string EndpointOf(const std::string& resource_id) {
    constexpr std::string_view kEndpoint = "endpoint/";
    size_t mid = resource_id.find("/variant/");
    if (resource_id.rfind(kEndpoint, 0) != 0 || mid == std::string::npos) return "";
    return resource_id.substr(kEndpoint.size(), mid - kEndpoint.size());
  }

  // The service's AccessDenied when the caller may not perform the
  // dependent `action` on `resource`.
  arm::Status Authorized(std::string_view action, const std::string& resource,
                         IamConditionKeys keys) {
    auto denial = request_.caller.Denial(action, resource, std::move(keys));
    if (!denial) return arm::Status::Ok();
    return AwsError("AccessDeniedException", *denial);
  }

  SageMakerStore& s_;
  JsonArgs& args_;
  const Request& request_;
};

constexpr JsonOp<Ops> kOps[] = {
    {"DescribeScalableTargets", &Ops::DescribeScalableTargets},
    {"DescribeScalingPolicies", &Ops::DescribeScalingPolicies},
    {"RegisterScalableTarget", &Ops::RegisterScalableTarget},
    {"PutScalingPolicy", &Ops::PutScalingPolicy},
    {"DeregisterScalableTarget", &Ops::DeregisterScalableTarget},
    {"PutScheduledAction", &Ops::PutScheduledAction},
    {"DescribeScheduledActions", &Ops::DescribeScheduledActions},
    {"DeleteScheduledAction", &Ops::DeleteScheduledAction},
};

const JsonOp<Ops>* FindOp(const Request& request) {
  return FindJsonOp(kOps, request, "AnyScaleFrontendService");
}

}  // namespace

std::string AutoScalingHandler::IamAction(const Request& request) const {
  const JsonOp<Ops>* op = FindOp(request);
  return op == nullptr ? "" : std::string("application-autoscaling:") + op->name;
}

IamConditionKeys AutoScalingHandler::IamRequestKeys(const Request& request) const {
  IamConditionKeys keys;
  nlohmann::json body = nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (!body.is_object()) return keys;
  if (body.contains("ServiceNamespace") && body["ServiceNamespace"].is_string())
    keys["application-autoscaling:service-namespace"] = body["ServiceNamespace"].get<std::string>();
  if (body.contains("ScalableDimension") && body["ScalableDimension"].is_string())
    keys["application-autoscaling:scalable-dimension"] =
        body["ScalableDimension"].get<std::string>();
  return keys;
}

Response AutoScalingHandler::Handle(const Request& request) {
  return DispatchJsonOp(FindOp(request), request, kVersion, *store_);
}

void AutoScalingHandler::Load(const json& estate) {
  std::lock_guard<std::mutex> lock(store_->mu);
  store_->UseEstateAccount(estate);
  store_->LoadAutoScaling(EstateSection(estate, "application_autoscaling"));
}

json AutoScalingHandler::Dump() const {
  std::lock_guard<std::mutex> lock(store_->mu);
  return store_->DumpAutoScaling();
}

}  // namespace sandbox
