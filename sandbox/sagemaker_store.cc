#include "sandbox/sagemaker_store.h"

#include <cstdio>

#include "sandbox/json_args.h"
#include "sandbox/sagemaker_notebooks.h"
#include "sandbox/wire.h"

namespace sandbox {

using nlohmann::json;

const json& EstateSection(const json& estate, const char* key) {
  if (estate.is_object() && estate.contains(key)) return estate[key];
  return estate;
}

json TagsToJson(const TagList& tags) {
  json out = json::array();
  for (const auto& [k, v] : tags) out.push_back({{"Key", k}, {"Value", v}});
  return out;
}

namespace {

const json& List(const json& section, const char* key) {
  static const json kEmpty = json::array();
  if (!section.is_object()) return kEmpty;
  auto it = section.find(key);
  return it != section.end() && it->is_array() ? *it : kEmpty;
}

std::string Str(const json& obj, const char* key, const std::string& fallback = "") {
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : fallback;
}

TagList ParseTags(const json& obj) {
  TagList out;
  auto it = obj.find("Tags");
  if (it == obj.end() || !it->is_array()) return out;
  for (const json& t : *it) {
    if (t.is_object()) out.emplace_back(Str(t, "Key"), Str(t, "Value"));
  }
  return out;
}

std::chrono::system_clock::time_point After(const arm::Clock& clock, double seconds) {
  return clock.Now() + std::chrono::duration_cast<std::chrono::system_clock::duration>(
                           std::chrono::duration<double>(seconds));
}

}  // namespace

std::string SageMakerStore::Arn(std::string_view type, std::string_view name) const {
  return IamArn("sagemaker", ctx.region, ctx.account_id, std::string(type) + "/" + ToLower(name));
}

std::string SageMakerStore::TargetRoleArn(const std::string& service_namespace) const {
  if (service_namespace != kEcsNamespace) return ServiceLinkedRoleArn();
  return "arn:aws:iam::" + ctx.account_id +
         ":role/aws-service-role/ecs.application-autoscaling.amazonaws.com/"
         "AWSServiceRoleForApplicationAutoScaling_ECSService";
}

double SageMakerStore::Now() const { return EpochSeconds(*ctx.clock); }

std::string SageMakerStore::NewId() {
  char buf[40];
  std::snprintf(buf, sizeof(buf), "5a6e0000-0000-4000-8000-%012d", next_id++);
  return buf;
}

std::string SageMakerStore::ServiceLinkedRoleArn() const {
  return "arn:" + IamPartition(ctx.region) + ":iam::" + ctx.account_id +
         ":role/aws-service-role/"
         "sagemaker.application-autoscaling.amazonaws.com/"
         "AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint";
}

std::string SageMakerStore::NewTargetArn() {
  char buf[40];
  std::snprintf(buf, sizeof(buf), "%032x", next_id++);
  return "arn:aws:application-autoscaling:" + ctx.region + ":" + ctx.account_id +
         ":scalable-target/" + buf;
}

std::string SageMakerStore::NewPolicyArn(const std::string& resource_id,
                                         const std::string& policy_name) {
  return "arn:aws:autoscaling:" + ctx.region + ":" + ctx.account_id + ":scalingPolicy:" + NewId() +
         ":resource/sagemaker/" + resource_id + ":policyName/" + policy_name;
}

std::string SageMakerStore::NewScheduledActionArn(const std::string& resource_id,
                                                  const std::string& action_name) {
  return "arn:aws:autoscaling:" + ctx.region + ":" + ctx.account_id +
         ":scheduledAction:" + NewId() + ":resource/sagemaker/" + resource_id +
         ":scheduledActionName/" + action_name;
}

json SageMakerStore::NewTargetTrackingAlarms(const std::string& resource_id) {
  json alarms = json::array();
  for (const char* kind : {"AlarmHigh", "AlarmLow"}) {
    std::string name = "TargetTracking-" + resource_id + "-" + kind + "-" + NewId();
    alarms.push_back(
        {{"AlarmName", name},
         {"AlarmARN", IamArn("cloudwatch", ctx.region, ctx.account_id, "alarm:" + name)}});
  }
  return alarms;
}

void SageMakerStore::Advance() {
  ecs.Advance(*ctx.clock, targets);
  AdvanceNotebooks(*this);
  auto now = ctx.clock->Now();
  for (auto it = endpoints.begin(); it != endpoints.end();) {
    SmEndpoint& e = it->second;
    if (e.status == "Creating" && now >= e.transition_at) {
      auto config = configs.find(ToLower(e.config_name));
      if (config != configs.end() && !config->second.creation_failure.empty()) {
        e.status = "Failed";
        e.failure_reason = config->second.creation_failure;
      } else {
        e.status = "InService";
      }
      e.last_modified_time = EpochSeconds(*ctx.clock);
    } else if (e.status == "Deleting" && now >= e.transition_at) {
      tags.erase(ToLower(Arn("endpoint", e.name)));
      it = endpoints.erase(it);
      continue;
    }
    ++it;
  }
}

SmEndpoint* SageMakerStore::FindEndpoint(const std::string& name) {
  auto it = endpoints.find(ToLower(name));
  return it == endpoints.end() ? nullptr : &it->second;
}

std::vector<SmVariant> SageMakerStore::VariantsFor(const SmEndpointConfig& config) const {
  std::vector<SmVariant> out;
  for (const json& pv : config.production_variants) {
    if (!pv.is_object()) continue;
    SmVariant v;
    v.name = Str(pv, "VariantName");
    auto count = pv.find("InitialInstanceCount");
    if (count != pv.end() && count->is_number_integer()) v.instance_count = count->get<int>();
    auto weight = pv.find("InitialVariantWeight");
    if (weight != pv.end() && weight->is_number()) v.weight = weight->get<double>();
    auto model = models.find(ToLower(Str(pv, "ModelName")));
    if (model != models.end()) {
      const json& spec = model->second.spec;
      if (spec.contains("PrimaryContainer")) {
        v.image = Str(spec["PrimaryContainer"], "Image");
      } else if (spec.contains("Containers") && spec["Containers"].is_array() &&
                 !spec["Containers"].empty()) {
        v.image = Str(spec["Containers"][0], "Image");
      }
    }
    out.push_back(std::move(v));
  }
  return out;
}

void SageMakerStore::RemoveTarget(const std::string& resource_id, const std::string& dimension) {
  std::erase_if(targets, [&](const ScalableTarget& t) {
    return t.resource_id == resource_id && t.scalable_dimension == dimension;
  });
  std::erase_if(policies, [&](const ScalingPolicy& p) {
    return p.resource_id == resource_id && p.scalable_dimension == dimension;
  });
  std::erase_if(scheduled_actions, [&](const ScheduledAction& a) {
    return a.resource_id == resource_id && a.scalable_dimension == dimension;
  });
}

namespace {

bool OfEndpoint(const std::string& endpoint_name, const std::string& service_namespace,
                const std::string& resource_id) {
  std::string prefix = "endpoint/" + ToLower(endpoint_name) + "/variant/";
  return service_namespace == kSageMakerNamespace && ToLower(resource_id).rfind(prefix, 0) == 0;
}

}  // namespace

bool SageMakerStore::EndpointHasTargets(const std::string& endpoint_name) const {
  for (const ScalableTarget& t : targets) {
    if (OfEndpoint(endpoint_name, t.service_namespace, t.resource_id)) return true;
  }
  return false;
}

void SageMakerStore::DeregisterEndpointTargets(const std::string& endpoint_name) {
  std::erase_if(targets, [&](const ScalableTarget& t) {
    return OfEndpoint(endpoint_name, t.service_namespace, t.resource_id);
  });
  std::erase_if(policies, [&](const ScalingPolicy& p) {
    return OfEndpoint(endpoint_name, p.service_namespace, p.resource_id);
  });
  std::erase_if(scheduled_actions, [&](const ScheduledAction& a) {
    return OfEndpoint(endpoint_name, a.service_namespace, a.resource_id);
  });
}

void SageMakerStore::LoadSageMaker(const json& section) {
  models.clear();
  configs.clear();
  endpoints.clear();
  tags.clear();
  double now = Now();
  for (const json& m : List(section, "models")) {
    if (!m.is_object()) continue;
    SmModel model;
    model.name = Str(m, "ModelName");
    model.spec = m;
    model.spec.erase("ModelName");
    model.spec.erase("Tags");
    model.creation_time = now;
    TagList t = ParseTags(m);
    if (!t.empty()) tags[ToLower(Arn("model", model.name))] = t;
    models[ToLower(model.name)] = std::move(model);
  }
  for (const json& c : List(section, "endpoint_configs")) {
    if (!c.is_object()) continue;
    SmEndpointConfig config;
    config.name = Str(c, "EndpointConfigName");
    if (c.contains("ProductionVariants") && c["ProductionVariants"].is_array()) {
      config.production_variants = c["ProductionVariants"];
    }
    config.creation_time = now;
    config.creation_failure = Str(c, "SandboxCreationFailure");
    config.spec = c;
    for (const char* own :
         {"EndpointConfigName", "ProductionVariants", "Tags", "SandboxCreationFailure"}) {
      config.spec.erase(own);
    }
    TagList t = ParseTags(c);
    if (!t.empty()) tags[ToLower(Arn("endpoint-config", config.name))] = t;
    configs[ToLower(config.name)] = std::move(config);
  }
  for (const json& e : List(section, "endpoints")) {
    if (!e.is_object()) continue;
    SmEndpoint endpoint;
    endpoint.name = Str(e, "EndpointName");
    endpoint.config_name = Str(e, "EndpointConfigName");
    endpoint.status = Str(e, "EndpointStatus", "InService");
    endpoint.failure_reason = Str(e, "FailureReason");
    endpoint.creation_time = endpoint.last_modified_time = now;
    if (endpoint.status == "Creating")
      endpoint.transition_at = After(*ctx.clock, ctx.endpoint_create_seconds);
    if (endpoint.status == "Deleting")
      endpoint.transition_at = After(*ctx.clock, ctx.endpoint_delete_seconds);
    auto config = configs.find(ToLower(endpoint.config_name));
    if (config != configs.end()) endpoint.variants = VariantsFor(config->second);
    // Optional per-variant overrides, e.g. an endpoint scaled beyond its
    // config.
    for (const json& o : List(e, "ProductionVariants")) {
      for (SmVariant& v : endpoint.variants) {
        if (!o.is_object() || v.name != Str(o, "VariantName")) continue;
        if (o.contains("CurrentInstanceCount") && o["CurrentInstanceCount"].is_number_integer()) {
          v.instance_count = o["CurrentInstanceCount"].get<int>();
        }
      }
    }
    TagList t = ParseTags(e);
    if (!t.empty()) tags[ToLower(Arn("endpoint", endpoint.name))] = t;
    endpoints[ToLower(endpoint.name)] = std::move(endpoint);
  }
  LoadNotebooks(*this, section);
}

void SageMakerStore::LoadAutoScaling(const json& section) {
  targets.clear();
  policies.clear();
  scheduled_actions.clear();
  double now = Now();
  for (const json& t : List(section, "scalable_targets")) {
    if (!t.is_object()) continue;
    ScalableTarget target;
    target.service_namespace = Str(t, "ServiceNamespace", kSageMakerNamespace);
    target.resource_id = Str(t, "ResourceId");
    target.scalable_dimension = Str(t, "ScalableDimension", kVariantDimension);
    target.min_capacity = t.value("MinCapacity", 1);
    target.max_capacity = t.value("MaxCapacity", 1);
    target.creation_time = now;
    target.role_arn = TargetRoleArn(target.service_namespace);
    target.arn = NewTargetArn();
    target.suspended_state = {{"DynamicScalingInSuspended", false},
                              {"DynamicScalingOutSuspended", false},
                              {"ScheduledScalingSuspended", false}};
    if (t.contains("SuspendedState") && t["SuspendedState"].is_object())
      target.suspended_state.update(t["SuspendedState"]);
    targets.push_back(std::move(target));
  }
  const json* exists = section.is_object() && section.contains("service_linked_role_exists")
                           ? &section["service_linked_role_exists"]
                           : nullptr;
  service_linked_role_exists =
      exists != nullptr && exists->is_boolean() ? exists->get<bool>() : !targets.empty();
  for (const json& p : List(section, "scaling_policies")) {
    if (!p.is_object()) continue;
    ScalingPolicy policy;
    policy.name = Str(p, "PolicyName");
    policy.service_namespace = Str(p, "ServiceNamespace", kSageMakerNamespace);
    policy.resource_id = Str(p, "ResourceId");
    policy.scalable_dimension = Str(p, "ScalableDimension", kVariantDimension);
    policy.policy_type = Str(p, "PolicyType", "TargetTrackingScaling");
    policy.step_config = p.value("StepScalingPolicyConfiguration", json());
    policy.target_tracking_config = p.value("TargetTrackingScalingPolicyConfiguration", json());
    policy.creation_time = now;
    policy.arn = NewPolicyArn(policy.resource_id, policy.name);
    if (policy.policy_type == "TargetTrackingScaling")
      policy.alarms = NewTargetTrackingAlarms(policy.resource_id);
    policies.push_back(std::move(policy));
  }
  for (const json& a : List(section, "scheduled_actions")) {
    if (!a.is_object()) continue;
    ScheduledAction action;
    action.name = Str(a, "ScheduledActionName");
    action.service_namespace = Str(a, "ServiceNamespace", kSageMakerNamespace);
    action.resource_id = Str(a, "ResourceId");
    action.scalable_dimension = Str(a, "ScalableDimension", kVariantDimension);
    action.schedule = Str(a, "Schedule");
    action.timezone = a.value("Timezone", json());
    action.start_time = a.value("StartTime", json());
    action.end_time = a.value("EndTime", json());
    action.scalable_target_action = a.value("ScalableTargetAction", json());
    action.creation_time = now;
    action.arn = NewScheduledActionArn(action.resource_id, action.name);
    scheduled_actions.push_back(std::move(action));
  }
}

json SageMakerStore::DumpSageMaker() {
  Advance();
  json out = {
      {"endpoints", json::array()}, {"endpoint_configs", json::array()}, {"models", json::array()}};
  for (const auto& [key, e] : endpoints) {
    json variants = json::array();
    for (const SmVariant& v : e.variants) {
      variants.push_back(
          {{"name", v.name}, {"instance_count", v.instance_count}, {"weight", v.weight}});
    }
    json t = json::object();
    auto tag_it = tags.find(ToLower(Arn("endpoint", e.name)));
    if (tag_it != tags.end()) {
      for (const auto& [k, v] : tag_it->second) t[k] = v;
    }
    out["endpoints"].push_back({{"name", e.name},
                                {"status", e.status},
                                {"config", e.config_name},
                                {"tags", t},
                                {"variants", variants}});
  }
  for (const auto& [key, c] : configs) {
    json t = json::object();
    auto tag_it = tags.find(ToLower(Arn("endpoint-config", c.name)));
    if (tag_it != tags.end()) {
      for (const auto& [k, v] : tag_it->second) t[k] = v;
    }
    out["endpoint_configs"].push_back({{"name", c.name},
                                       {"production_variants", c.production_variants},
                                       {"spec", c.spec},
                                       {"tags", t}});
  }
  for (const auto& [key, m] : models) out["models"].push_back({{"name", m.name}});
  out["notebook_instances"] = DumpNotebooks(*this);
  return out;
}

json SageMakerStore::DumpAutoScaling() {
  Advance();
  json out = {{"scalable_targets", json::array()},
              {"scaling_policies", json::array()},
              {"scheduled_actions", json::array()}};
  for (const ScalableTarget& t : targets) {
    out["scalable_targets"].push_back({{"service_namespace", t.service_namespace},
                                       {"resource_id", t.resource_id},
                                       {"scalable_dimension", t.scalable_dimension},
                                       {"min_capacity", t.min_capacity},
                                       {"max_capacity", t.max_capacity},
                                       {"suspended_state", t.suspended_state}});
  }
  for (const ScalingPolicy& p : policies) {
    out["scaling_policies"].push_back({{"name", p.name},
                                       {"resource_id", p.resource_id},
                                       {"scalable_dimension", p.scalable_dimension},
                                       {"policy_type", p.policy_type}});
  }
  for (const ScheduledAction& a : scheduled_actions) {
    out["scheduled_actions"].push_back({{"name", a.name},
                                        {"resource_id", a.resource_id},
                                        {"scalable_dimension", a.scalable_dimension},
                                        {"schedule", a.schedule},
                                        {"zone", a.timezone},
                                        {"starts", a.start_time},
                                        {"ends", a.end_time},
                                        {"scalable_target_action", a.scalable_target_action}});
  }
  return out;
}

void SageMakerStore::UseEstateAccount(const json& estate) {
  if (!estate.is_object()) return;
  if (estate.contains("region") && estate["region"].is_string()) ctx.region = estate["region"];
  if (estate.contains("account_id") && estate["account_id"].is_string())
    ctx.account_id = estate["account_id"];
}

void GenerateSageMakerEstate(int count, const Context& context, json& estate) {
  json& sm = estate["sagemaker"];
  json& aas = estate["application_autoscaling"];
  for (const char* key : {"models", "endpoint_configs", "endpoints"}) {
    if (!sm.contains(key)) sm[key] = json::array();
  }
  for (const char* key : {"scalable_targets", "scaling_policies"}) {
    if (!aas.contains(key)) aas[key] = json::array();
  }
  std::string account = estate.value("account_id", context.account_id);
  std::string region = estate.value("region", context.region);
  for (int i = 0; i < count; ++i) {
    char base[48];
    std::snprintf(base, sizeof(base), "generated-%05d", i);
    std::string model = std::string(base) + "-model";
    std::string config = std::string(base) + "-endpoint-config";
    std::string endpoint = std::string(base) + "-endpoint";
    sm["models"].push_back(
        {{"ModelName", model},
         {"ExecutionRoleArn", "arn:aws:iam::" + account + ":role/sagemaker-exec"},
         {"PrimaryContainer",
          {{"Image", account + ".dkr.ecr." + region + ".amazonaws.com/" + model + ":latest"}}}});
    sm["endpoint_configs"].push_back(
        {{"EndpointConfigName", config},
         {"ProductionVariants", json::array({{{"VariantName", "AllTraffic"},
                                              {"ModelName", model},
                                              {"InitialInstanceCount", 1 + i % 3},
                                              {"InstanceType", "ml.m5.large"},
                                              {"InitialVariantWeight", 1.0}}})}});
    sm["endpoints"].push_back(
        {{"EndpointName", endpoint},
         {"EndpointConfigName", config},
         {"EndpointStatus", "InService"},
         {"Tags", json::array({{{"Key", "Project"}, {"Value", "generated"}}})}});
    if (i % 2 == 0) {
      std::string resource_id = "endpoint/" + endpoint + "/variant/AllTraffic";
      aas["scalable_targets"].push_back({{"ServiceNamespace", kSageMakerNamespace},
                                         {"ResourceId", resource_id},
                                         {"ScalableDimension", kVariantDimension},
                                         {"MinCapacity", 1},
                                         {"MaxCapacity", 4}});
      aas["scaling_policies"].push_back(
          {{"PolicyName", std::string(base) + "-target-tracking"},
           {"ServiceNamespace", kSageMakerNamespace},
           {"ResourceId", resource_id},
           {"ScalableDimension", kVariantDimension},
           {"PolicyType", "TargetTrackingScaling"},
           {"TargetTrackingScalingPolicyConfiguration",
            {{"TargetValue", 70.0},
             {"PredefinedMetricSpecification",
              {{"PredefinedMetricType", "SageMakerVariantInvocationsPerInstance"}}}}}});
    }
  }
}

}  // namespace sandbox
