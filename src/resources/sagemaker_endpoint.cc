// SageMaker real-time endpoints: stop records the endpoint's config name,
// tags, variants and Application Auto Scaling targets, policies and scheduled
// actions (AWS deletes them all when the endpoint is deleted), deregisters the
// targets itself (DeleteEndpoint needs that permission anyway), then deletes
// the endpoint and keeps its endpoint config. Start recreates it from exactly
// that record, waits for InService and re-registers the scaling.
#include <algorithm>
#include <map>
#include <mutex>
#include <optional>

#include "core/parallel.h"
#include "core/redact.h"
#include "resources/sagemaker_variant.h"
#include "resources/scaling_record.h"
#include "resources/types.h"
#include "resources/wait.h"
#include "services/autoscaling_client.h"
#include "services/client_set.h"
#include "services/sagemaker_client.h"

namespace arm {
namespace {

constexpr char kType[] = "sagemaker-endpoint";
constexpr char kInstanceHour[] = "sagemaker-instance-hour";

const TypeInfo kInfo = {
    .id = kType,
    .selector = "sagemaker",
    .names_key = "SAGEMAKER_ENDPOINTS",
    .prefix_key = {},
    .flag_keys = {},
    .price_keys = {"sagemaker-instance-hour/*"},
    .arn = {"sagemaker", "endpoint/", ""},
    .tagging_type = "sagemaker:endpoint",
    .stop_stage = 3,
    .parked = "SageMaker endpoints deleted, their configs kept",
};
constexpr char kNamespace[] = "sagemaker";

// What each step of an endpoint's plan does, in Action::params["op"] (plans
// and reports write the names below).
enum class EndpointOp {
  kUnknown,
  kDeregister,    // params: target
  kDelete,        // params: scaling (to register again if the delete fails)
  kCreateConfig,  // params: record
  kCreate,        // params: config, tags
  kAddTags,       // params: arn, tags
  kWait,          // params: until
  kRegister,      // params: target
  kPolicy,        // params: policy
  kScheduled,     // params: scheduled_action
};
NLOHMANN_JSON_SERIALIZE_ENUM(EndpointOp, {
                                             {EndpointOp::kUnknown, nullptr},
                                             {EndpointOp::kDeregister, "deregister"},
                                             {EndpointOp::kDelete, "delete"},
                                             {EndpointOp::kCreateConfig, "create_config"},
                                             {EndpointOp::kCreate, "create"},
                                             {EndpointOp::kAddTags, "add_tags"},
                                             {EndpointOp::kWait, "wait"},
                                             {EndpointOp::kRegister, "register"},
                                             {EndpointOp::kPolicy, "policy"},
                                             {EndpointOp::kScheduled, "scheduled"},
                                         })

nlohmann::json UserTags(const std::vector<Tag>& tags) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& t : tags) {
    if (t.key.rfind("aws:", 0) == 0) continue;  // AWS-reserved, cannot be set
    out.push_back({{"Key", t.key}, {"Value", t.value}});
  }
  return out;
}

// "AllTraffic: ml.m5.large x 1, weight 1; data capture; KMS key" for a plan
// line.
std::string ConfigSummary(const nlohmann::json& record) {
  std::string out;
  for (const auto& v : record.value("ProductionVariants", nlohmann::json::array())) {
    if (!out.empty()) out += "; ";
    out += v.value("VariantName", "?") + ": " + v.value("ModelName", "?") + " on ";
    out += AwsVariantCapacityText(v);
    if (v.contains("InitialVariantWeight") && v["InitialVariantWeight"].is_number())
      out += ", weight " + nlohmann::json(v["InitialVariantWeight"]).dump();
  }
  if (record.contains("AsyncInferenceConfig")) out += "; async inference";
  if (record.contains("DataCaptureConfig")) out += "; data capture";
  if (record.contains("KmsKeyId")) out += "; KMS key " + record.value("KmsKeyId", "");
  size_t tags = record.value("Tags", nlohmann::json::array()).size();
  if (tags > 0) out += "; " + std::to_string(tags) + " tag" + (tags == 1 ? "" : "s");
  return out;
}

std::string VariantResourceId(const std::string& endpoint, const std::string& variant) {
  return "endpoint/" + endpoint + "/variant/" + variant;
}

// The first ResourceId in the recorded auto scaling (targets, policies,
// scheduled actions) that is not a variant of `endpoint`; "" when none.
std::string ForeignScalingId(const std::string& endpoint, const nlohmann::json& orig) {
  const std::string own = "endpoint/" + endpoint + "/variant/";
  const auto& aas = orig.value("autoscaling", nlohmann::json::object());
  for (const char* list : {"targets", "policies", "scheduled_actions"}) {
    for (const auto& e : aas.value(list, nlohmann::json::array())) {
      std::string id = e.is_object() ? e.value("ResourceId", "") : "";
      if (id.rfind(own, 0) != 0 || id.size() == own.size() ||
          id.find('/', own.size()) != std::string::npos)
        return id.empty() ? "an entry without a ResourceId" : id;
    }
  }
  return "";
}

class SageMakerEndpointType final : public ResourceType {
 public:
  SageMakerEndpointType(SageMakerClient& sm, AutoScalingClient& aas, Clock& clock)
      : sm_(sm), aas_(aas), clock_(clock) {}
  const TypeInfo& info() const override { return kInfo; }
  std::vector<Permission> Permissions() const override {
    const std::string endpoint = "arn:{partition}:sagemaker:{region}:{account}:endpoint/{lname}";
    // Configs keep their own names, which the configuration does not know.
    const std::string config = "arn:{partition}:sagemaker:{region}:{account}:endpoint-config/*";
    // The alarms a target-tracking policy makes for its variant.
    const std::string tracking =
        "arn:{partition}:cloudwatch:{region}:{account}:alarm:TargetTracking-endpoint/{name}/"
        "variant/*";
    const nlohmann::json variants = {
        {"StringEquals", {{"application-autoscaling:service-namespace", "sagemaker"}}},
        {"StringLike", {{"application-autoscaling:scalable-dimension", "sagemaker:variant:*"}}}};
    const std::string role =
        "arn:{partition}:iam::{account}:role/aws-service-role/"
        "sagemaker.application-autoscaling.amazonaws.com/"
        "AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint";
    return {{"sagemaker:ListEndpoints", "discover"},
            {"sagemaker:DescribeEndpoint", "discover"},
            {"sagemaker:DescribeEndpointConfig", "discover"},
            {"sagemaker:DescribeModel", "discover"},
            {"sagemaker:ListTags", "discover"},
            {"application-autoscaling:DescribeScalableTargets", "discover"},
            {"application-autoscaling:DescribeScalingPolicies", "discover"},
            {"application-autoscaling:DescribeScheduledActions", "discover"},
            // Application Auto Scaling scopes nothing by endpoint (its ARNs
            // are made at registration, its condition keys name no resource
            // id): changes are held to SageMaker variants.
            {"application-autoscaling:DeregisterScalableTarget", "stop", {"*"}, variants},
            // AWS requires it of the caller of DeleteEndpoint and of
            // DeregisterScalableTarget when policies are attached.
            {"application-autoscaling:DeleteScalingPolicy", "stop", {"*"}, variants},
            {"sagemaker:DeleteEndpoint", "stop", {endpoint}},
            // Deleting a target-tracking policy deletes its alarms.
            {"cloudwatch:DescribeAlarms", "stop"},
            {"cloudwatch:DeleteAlarms", "stop", {tracking}},
            {"sagemaker:CreateEndpointConfig", "start", {config}},
            {"sagemaker:CreateEndpoint", "start", {endpoint, config}},
            // Tags given to a Create* call are checked as AddTags.
            {"sagemaker:AddTags", "start", {endpoint, config}},
            {"application-autoscaling:RegisterScalableTarget", "start", {"*"}, variants},
            // RegisterScalableTarget's own checks on the endpoint.
            {"sagemaker:DescribeEndpoint", "start", {endpoint}},
            {"sagemaker:UpdateEndpointWeightsAndCapacities", "start", {endpoint}},
            // The first registration in an account makes AWS's role.
            {"iam:CreateServiceLinkedRole",
             "start",
             {role},
             {{"StringLike",
               {{"iam:AWSServiceName", "sagemaker.application-autoscaling.amazonaws.com"}}}}},
            {"application-autoscaling:PutScalingPolicy", "start", {"*"}, variants},
            // PutScalingPolicy's target tracking makes CloudWatch alarms.
            {"cloudwatch:PutMetricAlarm", "start", {tracking}},
            {"cloudwatch:DeleteAlarms", "start", {tracking}},
            {"cloudwatch:DescribeAlarms", "start"},
            {"application-autoscaling:PutScheduledAction", "start", {"*"}, variants}};
  }

  Result<std::vector<Snapshot>> Discover(const TypeSelection& sel) override {
    bool by_prefix_only = sel.explicit_names.empty() && sel.tagged_names.empty();
    Result<std::vector<EndpointSummary>> list = std::vector<EndpointSummary>();
    if (!sel.skip_listing) list = sm_.ListEndpoints(by_prefix_only ? sel.name_prefix : "");
    if (!list.ok()) return list.status().WithContext("list SageMaker endpoints");
    std::set<std::string> wanted;
    for (const auto& e : *list) {
      if (sel.Selects(e.name)) wanted.insert(e.name);
    }
    wanted.insert(sel.saved_names.begin(), sel.saved_names.end());
    std::mutex ids_mu;
    std::map<std::string, std::vector<std::string>> ids;  // endpoint -> variant resource ids
    auto snaps = DescribeEach(wanted, sel, [&](const std::string& name) {
      std::vector<std::string> found;
      auto saved = sel.saved_originals.find(name);
      Result<Snapshot> snap =
          Describe(name, &found, saved == sel.saved_originals.end() ? nullptr : &saved->second);
      std::lock_guard<std::mutex> lock(ids_mu);
      ids[name] = std::move(found);
      return snap;
    });
    if (!snaps.ok()) return snaps;
    ARM_RETURN_IF_ERROR(AttachScaling(ids, sel, *snaps));
    return snaps;
  }

  Condition Classify(const Snapshot& cur, const nlohmann::json* original) const override {
    bool has_original = original != nullptr && !original->is_null();
    if (!cur.exists) return has_original ? Condition::kStopped : Condition::kMissing;
    std::string status = cur.details.value("status", "");
    if (cur.transitioning) return Condition::kTransitioning;
    if (status == "Failed") return Condition::kDrifted;
    if (has_original &&
        cur.config.value("endpoint_config_name", "") != original->value("endpoint_config_name", ""))
      return Condition::kDrifted;
    return Condition::kRunning;
  }

  PlanOutput PlanStop(const std::vector<PlanTarget>& targets) const override {
    PlanOutput out;
    for (const auto& t : targets) {
      const Snapshot& cur = *t.current;
      if (!cur.exists) {
        if (t.saved_status.empty() || t.saved_status == "running")
          out.notes.push_back({kType, cur.name, Severity::kError,
                               "endpoint no longer exists and no stop recorded it"});
        continue;
      }
      std::string status = cur.details.value("status", "");
      if (status == "Deleting") continue;  // a previous stop is finishing
      // Creating: most often a start that was killed or interrupted; it
      // cannot be deleted until it is InService, so wait for that first.
      bool wait_for_creation = status == "Creating";
      if (cur.transitioning && !wait_for_creation) {
        out.notes.push_back({kType, cur.name, Severity::kError,
                             "endpoint is " + status + "; run stop again once it is InService"});
        continue;
      }
      if (cur.details.value("serverless", false)) {
        out.notes.push_back({kType, cur.name, Severity::kInfo,
                             "serverless endpoint: no cost while idle; left as it is"});
        continue;
      }
      std::string config = cur.config.value("endpoint_config_name", "");
      if (!cur.details.value("config_exists", true)) {
        out.notes.push_back({kType, cur.name, Severity::kError,
                             "refusing to delete: its endpoint config " + config +
                                 " no longer exists, so the endpoint could "
                                 "never be recreated"});
        continue;
      }
      auto missing = cur.details.value("missing_models", std::vector<std::string>{});
      if (!missing.empty()) {
        out.notes.push_back({kType, cur.name, Severity::kError,
                             "refusing to delete: model " + missing.front() +
                                 " of endpoint config " + config +
                                 " no longer exists, so the endpoint could "
                                 "never be recreated"});
        continue;
      }
      if (wait_for_creation)
        out.actions.push_back(
            MakeWait(cur.name, "InService", "wait until endpoint " + cur.name + " is InService"));
      // Recorded first (the state is written before any action); AWS would
      // deregister them with the endpoint, and DeleteEndpoint fails for a
      // caller without this permission, so it is asked for and done openly.
      const auto& aas = cur.config.value("autoscaling", nlohmann::json::object());
      for (const auto& tj : aas.value("targets", nlohmann::json::array())) {
        std::string id = tj.value("ResourceId", "");
        int policies = 0, scheduled = 0;
        for (const auto& pj : aas.value("policies", nlohmann::json::array()))
          policies += pj.value("ResourceId", "") == id;
        for (const auto& sj : aas.value("scheduled_actions", nlohmann::json::array()))
          scheduled += sj.value("ResourceId", "") == id;
        out.actions.push_back(MakeAction(
            cur.name, "application-autoscaling:DeregisterScalableTarget",
            "DeregisterScalableTarget " + id + " (recorded with " + std::to_string(policies) +
                " scaling polic" + (policies == 1 ? "y" : "ies") + " and " +
                std::to_string(scheduled) + " scheduled action" + (scheduled == 1 ? "" : "s") + ")",
            {{"op", EndpointOp::kDeregister}, {"target", tj}}));
      }
      nlohmann::json params = {{"op", EndpointOp::kDelete}};
      // Should DeleteEndpoint fail, the endpoint keeps serving: its auto
      // scaling, deregistered just before, is registered again.
      if (!aas.value("targets", nlohmann::json::array()).empty()) params["scaling"] = aas;
      out.actions.push_back(
          MakeAction(cur.name, "sagemaker:DeleteEndpoint",
                     "DeleteEndpoint " + cur.name + " (endpoint config " + config + " kept)",
                     std::move(params)));
      out.actions.push_back(
          MakeWait(cur.name, "gone", "wait until endpoint " + cur.name + " is deleted"));
    }
    return out;
  }

  // After a failed DeleteEndpoint: registers the recorded targets, policies
  // and scheduled actions again (each call is "already there" safe).
  std::string Reregister(const nlohmann::json& aas) {
    Status s;
    for (const auto& tj : aas.value("targets", nlohmann::json::array()))
      if (s.ok()) s = aas_.RegisterScalableTarget(TargetFromJson(tj));
    for (const auto& pj : aas.value("policies", nlohmann::json::array()))
      if (s.ok()) s = aas_.PutScalingPolicy(PolicyFromJson(pj));
    for (const auto& sj : aas.value("scheduled_actions", nlohmann::json::array()))
      if (s.ok()) s = aas_.PutScheduledAction(ScheduledActionFromJson(sj));
    if (s.ok()) return "the endpoint keeps running, and its auto scaling was registered again";
    return "the endpoint keeps running WITHOUT its auto scaling (registering it again failed: " +
           s.ToString() + "); `aws-resource-manager start` restores it from the record";
  }

  PlanOutput PlanStart(const std::vector<PlanTarget>& targets) const override {
    PlanOutput out;
    for (const auto& t : targets) {
      const Snapshot& cur = *t.current;
      const auto& orig = t.original;
      // A recorded scaling entry is this endpoint's own or nothing is done:
      // a state file edited to name another endpoint's variant must not
      // reach that endpoint.
      if (std::string foreign = ForeignScalingId(cur.name, orig); !foreign.empty()) {
        out.notes.push_back({kType, cur.name, Severity::kError,
                             "the recorded auto scaling names " + foreign +
                                 ", which is not a variant of this endpoint; "
                                 "nothing is done for it: correct the state file entry"});
        continue;
      }
      std::string config = orig.value("endpoint_config_name", "");
      std::string status = cur.details.value("status", "");
      bool create = !cur.exists;
      if (cur.exists && status == "Failed") {
        out.actions.push_back(MakeAction(cur.name, "sagemaker:DeleteEndpoint",
                                         "DeleteEndpoint " + cur.name + " (Failed: " +
                                             cur.details.value("failure_reason", "") + ")",
                                         {{"op", EndpointOp::kDelete}}));
        out.actions.push_back(
            MakeWait(cur.name, "gone", "wait until endpoint " + cur.name + " is deleted"));
        create = true;
      } else if (cur.exists && status == "Deleting") {
        out.actions.push_back(
            MakeWait(cur.name, "gone", "wait until endpoint " + cur.name + " is deleted"));
        create = true;
      } else if (cur.exists && cur.config.value("endpoint_config_name", "") != config) {
        out.notes.push_back({kType, cur.name, Severity::kError,
                             "endpoint exists with endpoint config " +
                                 cur.config.value("endpoint_config_name", "") +
                                 ", not the recorded " + config + "; left as it is (drift)"});
        continue;
      }
      if (create && !cur.details.value("config_exists", true)) {
        const auto& record = orig.value("endpoint_config", nlohmann::json());
        if (!record.is_object()) {
          out.notes.push_back({kType, cur.name, Severity::kError,
                               "its endpoint config " + config +
                                   " was deleted while parked, and this state file (written by "
                                   "an older version) "
                                   "does not record it: recreate endpoint config " +
                                   config + ", then run start again"});
          continue;
        }
        out.notes.push_back({kType, cur.name, Severity::kInfo,
                             "its endpoint config " + config +
                                 " was deleted while parked; start recreates "
                                 "it from the record under the same name"});
        out.actions.push_back(MakeAction(cur.name, "sagemaker:CreateEndpointConfig",
                                         "CreateEndpointConfig " + config +
                                             " (deleted while parked; recreated from the "
                                             "record: " +
                                             ConfigSummary(record) + ")",
                                         {{"op", EndpointOp::kCreateConfig}, {"record", record}}));
      }
      if (create) {
        std::string summary = "CreateEndpoint " + cur.name + " with endpoint config " + config;
        for (const auto& v : orig.value("variants", nlohmann::json::array())) {
          summary += " (" + v.value("variant_name", "") + ": " + VariantCapacityText(v) + ")";
        }
        out.actions.push_back(MakeAction(cur.name, "sagemaker:CreateEndpoint", summary,
                                         {{"op", EndpointOp::kCreate},
                                          {"config", config},
                                          {"tags", orig.value("tags", nlohmann::json::array())}}));
      }
      bool needs_wait = create || status != "InService";
      std::vector<Action> scaling;
      // Recreated outside this tool without its tags: put back the recorded
      // ones it lacks (verification compares them).
      if (!create) {
        nlohmann::json missing = nlohmann::json::array();
        const auto have = cur.config.value("tags", nlohmann::json::array());
        for (const auto& tag : orig.value("tags", nlohmann::json::array()))
          if (std::find(have.begin(), have.end(), tag) == have.end()) missing.push_back(tag);
        if (!missing.empty())
          scaling.push_back(MakeAction(cur.name, "sagemaker:AddTags",
                                       "AddTags " + cur.name + " (" +
                                           std::to_string(missing.size()) + " recorded tag" +
                                           (missing.size() == 1 ? "" : "s") + " missing)",
                                       {{"op", EndpointOp::kAddTags},
                                        {"arn", cur.details.value("arn", "")},
                                        {"tags", missing}}));
      }
      const auto& aas = orig.value("autoscaling", nlohmann::json::object());
      for (const auto& tj : aas.value("targets", nlohmann::json::array())) {
        if (!create && HasTarget(cur.config, tj)) continue;
        scaling.push_back(MakeAction(cur.name, "application-autoscaling:RegisterScalableTarget",
                                     "RegisterScalableTarget " + tj.value("ResourceId", "") +
                                         " min " + std::to_string(tj.value("MinCapacity", 0)) +
                                         " max " + std::to_string(tj.value("MaxCapacity", 0)),
                                     {{"op", EndpointOp::kRegister}, {"target", tj}}));
      }
      for (const auto& pj : aas.value("policies", nlohmann::json::array())) {
        if (!create && HasPolicy(cur.config, pj)) continue;
        scaling.push_back(MakeAction(cur.name, "application-autoscaling:PutScalingPolicy",
                                     "PutScalingPolicy " + pj.value("PolicyName", "") + " (" +
                                         pj.value("PolicyType", "") + ") on " +
                                         pj.value("ResourceId", ""),
                                     {{"op", EndpointOp::kPolicy}, {"policy", pj}}));
      }
      for (const auto& sj : aas.value("scheduled_actions", nlohmann::json::array())) {
        if (!create && HasScheduledAction(cur.config, sj)) continue;
        scaling.push_back(MakeAction(cur.name, "application-autoscaling:PutScheduledAction",
                                     "PutScheduledAction " + sj.value("ScheduledActionName", "") +
                                         " (" + sj.value("Schedule", "") + ") on " +
                                         sj.value("ResourceId", ""),
                                     {{"op", EndpointOp::kScheduled}, {"scheduled_action", sj}}));
      }
      if (needs_wait && (create || !scaling.empty() || cur.transitioning)) {
        Action w =
            MakeWait(cur.name, "InService", "wait until endpoint " + cur.name + " is InService");
        w.params["defer_if_no_wait"] = true;
        out.actions.push_back(std::move(w));
      }
      for (auto& a : scaling) out.actions.push_back(std::move(a));
    }
    return out;
  }

  Status Apply(const Action& a, const ApplyOptions& options) override {
    const std::string& name = a.names.at(0);
    const EndpointOp op = a.params.value("op", EndpointOp::kUnknown);
    if (op == EndpointOp::kDelete) {
      Status s = sm_.DeleteEndpoint(name);
      if (s.IsNotFound()) return Status::Ok();  // already gone: the target state
      if (!s.ok() && a.params.contains("scaling"))
        return s.WithContext(Reregister(a.params.at("scaling")));
      return s;
    }
    if (op == EndpointOp::kCreate) {
      std::vector<Tag> tags;
      for (const auto& t : a.params.at("tags"))
        tags.push_back({t.at("Key").get<std::string>(), t.at("Value").get<std::string>()});
      Status s = sm_.CreateEndpoint(name, a.params.at("config").get<std::string>(), tags);
      if (!s.ok() && s.message().find("already existing") != std::string::npos) return Status::Ok();
      return s;
    }
    if (op == EndpointOp::kAddTags) {
      std::vector<Tag> tags;
      for (const auto& t : a.params.at("tags"))
        tags.push_back({t.at("Key").get<std::string>(), t.at("Value").get<std::string>()});
      return sm_.AddTags(a.params.at("arn").get<std::string>(), tags);
    }
    if (op == EndpointOp::kCreateConfig) {
      Status s = sm_.CreateEndpointConfig(a.params.at("record"));
      if (!s.ok() && s.message().find("already existing") != std::string::npos) return Status::Ok();
      return s;
    }
    if (op == EndpointOp::kWait)
      return Wait(name, a.params.at("until").get<std::string>(), options);
    if (op == EndpointOp::kRegister)
      return aas_.RegisterScalableTarget(TargetFromJson(a.params.at("target")));
    if (op == EndpointOp::kPolicy)
      return aas_.PutScalingPolicy(PolicyFromJson(a.params.at("policy")));
    if (op == EndpointOp::kScheduled)
      return aas_.PutScheduledAction(ScheduledActionFromJson(a.params.at("scheduled_action")));
    if (op == EndpointOp::kDeregister) {
      ScalableTarget t = TargetFromJson(a.params.at("target"));
      Status s =
          aas_.DeregisterScalableTarget(t.service_namespace, t.resource_id, t.scalable_dimension);
      if (s.IsNotFound()) return Status::Ok();  // already deregistered: the target state
      return s;
    }
    return Status::Internal("unknown SageMaker step " +
                            a.params.value("op", nlohmann::json()).dump());
  }

  Status CheckOriginal(const nlohmann::json& orig) const override {
    auto name = orig.find("endpoint_config_name");
    if (name == orig.end() || !name->is_string() || name->get<std::string>().empty())
      return Status::InvalidArgument(
          "endpoint_config_name: expected the endpoint config's name, got " +
          (name == orig.end() ? std::string("nothing") : name->dump()));
    for (const char* list : {"variants", "tags"}) {
      auto it = orig.find(list);
      if (it == orig.end()) continue;
      if (!it->is_array())
        return Status::InvalidArgument(std::string(list) + ": expected a list, got " + it->dump());
      for (const auto& e : *it)
        if (!e.is_object())
          return Status::InvalidArgument(std::string(list) + ": expected objects, got " + e.dump());
    }
    if (auto tags = orig.find("tags"); tags != orig.end()) {
      for (const auto& t : *tags)
        if (!t.contains("Key") || !t["Key"].is_string() || !t.contains("Value") ||
            !t["Value"].is_string())
          return Status::InvalidArgument("tags: expected {\"Key\": text, \"Value\": text}, got " +
                                         t.dump());
    }
    if (auto rec = orig.find("endpoint_config"); rec != orig.end() && !rec->is_null()) {
      if (!rec->is_object() || !rec->contains("ProductionVariants") ||
          !(*rec)["ProductionVariants"].is_array() || (*rec)["ProductionVariants"].empty())
        return Status::InvalidArgument(
            "endpoint_config: expected the endpoint config as described, with "
            "its ProductionVariants, got " +
            rec->dump());
    }
    return CheckScalingRecord(orig);
  }

  std::string Verify(const Snapshot& cur, const nlohmann::json& orig) const override {
    if (!cur.exists) return "endpoint does not exist";
    std::string status = cur.details.value("status", "");
    if (status != "InService") return "endpoint is " + status + ", not InService";
    if (cur.config.value("endpoint_config_name", "") != orig.value("endpoint_config_name", ""))
      return "endpoint config is " + cur.config.value("endpoint_config_name", "") + ", expected " +
             orig.value("endpoint_config_name", "");
    for (const auto& tag : orig.value("tags", nlohmann::json::array())) {
      bool found = false;
      for (const auto& have : cur.config.value("tags", nlohmann::json::array()))
        found = found || have == tag;
      if (!found) return "tag " + tag.value("Key", "") + " is missing";
    }
    const auto& aas = orig.value("autoscaling", nlohmann::json::object());
    for (const auto& tj : aas.value("targets", nlohmann::json::array())) {
      if (!HasTarget(cur.config, tj))
        return "scalable target " + tj.value("ResourceId", "") + " is not registered as recorded";
    }
    for (const auto& pj : aas.value("policies", nlohmann::json::array())) {
      if (!HasPolicy(cur.config, pj))
        return "scaling policy " + pj.value("PolicyName", "") + " is missing";
    }
    for (const auto& sj : aas.value("scheduled_actions", nlohmann::json::array())) {
      if (!HasScheduledAction(cur.config, sj))
        return "scheduled action " + sj.value("ScheduledActionName", "") +
               " is missing or differs from the record";
    }
    return "";
  }

  Cost CostOf(const Snapshot& s, const PriceTable& prices,
              const std::string& region) const override {
    if (!s.exists)
      return Cost::Zero("endpoint deleted; its endpoint config and model cost nothing");
    Cost total = Cost::Zero("");
    total.notes.clear();
    for (const auto& v : s.config.value("variants", nlohmann::json::array())) {
      // Serverless: billed per request only. Otherwise instance price x
      // count.
      const std::string instance_type = v.value("instance_type", "");
      const int count = v.value("instance_count", 0);
      if (v.value("serverless", false)) {
        total += Cost::Zero("serverless endpoint: billed per request, nothing idle");
      } else if (count <= 0) {
        total += Cost::Zero("no instances");
      } else {
        total += PricedCost(prices, region, std::string(kInstanceHour) + "/" + instance_type,
                            instance_type + " instance", count, instance_type);
      }
    }
    return total;
  }

  std::string StatusText(const Snapshot& s, const nlohmann::json& original) const override {
    const nlohmann::json& c = s.exists || original.is_null() ? s.config : original;
    std::string out;
    for (const auto& var : c.value("variants", nlohmann::json::array())) {
      if (!out.empty()) out += ", ";
      out += VariantCapacityText(var);
    }
    if (!s.exists && !s.details.value("config_exists", true)) {
      out = "deleted (was " + out + "); its config " + c.value("endpoint_config_name", "?") +
            " was deleted too: " +
            (c.value("endpoint_config", nlohmann::json()).is_object()
                 ? "start recreates it from the record"
                 : "not recorded, recreate it before start");
    } else if (!s.exists) {
      out = "deleted (config " + c.value("endpoint_config_name", "?") + " kept; was " + out + ")";
    } else if (s.details.contains("status")) {
      out += ", " + s.details.value("status", "");
    }
    // AWS's own words on why: free text, often the model container's output.
    if (s.exists && !s.details.value("failure_reason", "").empty())
      out += " (" + s.details.value("failure_reason", "") + ")";
    return out;
  }
  Snapshot Parked(const Snapshot& running) const override {
    Snapshot p = running;
    if (!running.details.value("serverless", false)) {
      p.exists = false;
      p.transitioning = false;
    }
    return p;
  }

 private:
  static Action MakeAction(const std::string& name, std::string api, std::string summary,
                           nlohmann::json params) {
    // Only the endpoint's instances bill: its config and auto scaling do not.
    bool bills = api == "sagemaker:CreateEndpoint" || api == "sagemaker:DeleteEndpoint";
    Action a = ResourceAction(kType, name, std::move(api), std::move(summary), std::move(params));
    a.changes_cost = bills;
    return a;
  }
  static Action MakeWait(const std::string& name, const std::string& until, std::string summary) {
    Action a = MakeAction(name, "sagemaker:DescribeEndpoint", std::move(summary),
                          {{"op", EndpointOp::kWait}, {"until", until}});
    a.mutating = false;
    return a;
  }

  // The scaling targets of every endpoint in one DescribeScalableTargets per
  // 50 variants (not one per endpoint), then each target's policies.
  Status AttachScaling(const std::map<std::string, std::vector<std::string>>& ids,
                       const TypeSelection& sel, std::vector<Snapshot>& snaps) {
    std::vector<std::string> all;
    std::map<std::string, std::string> endpoint_of;  // resource id -> endpoint
    for (const auto& [name, list] : ids) {
      for (const auto& id : list) {
        if (endpoint_of.emplace(id, name).second) all.push_back(id);
      }
    }
    std::vector<ScalableTarget> targets;
    if (!all.empty()) {
      auto ts = aas_.DescribeScalableTargets(kNamespace, all);
      if (!ts.ok())
        return ts.status().WithContext("describe scalable targets of SageMaker endpoints");
      for (auto& t : *ts) {
        if (endpoint_of.count(t.resource_id)) targets.push_back(std::move(t));
      }
    }
    // Two calls per target (policies, scheduled actions), side by side.
    std::vector<std::optional<Result<std::vector<ScalingPolicy>>>> policies(targets.size());
    std::vector<std::optional<Result<std::vector<ScheduledAction>>>> scheduled(targets.size());
    ParallelFor(2 * targets.size(), std::max(1, sel.parallelism), [&](size_t k) {
      size_t i = k / 2;
      ScopedCallTarget target(endpoint_of[targets[i].resource_id]);
      if (sel.slots != nullptr) sel.slots->Acquire();
      if (k % 2 == 0) {
        policies[i].emplace(aas_.DescribeScalingPolicies(kNamespace, targets[i].resource_id));
      } else {
        scheduled[i].emplace(aas_.DescribeScheduledActions(kNamespace, targets[i].resource_id));
      }
      if (sel.slots != nullptr) sel.slots->Release();
    });
    std::map<std::string, nlohmann::json> target_json, policy_json,
        scheduled_json;  // endpoint -> arrays
    for (size_t i = 0; i < targets.size(); ++i) {
      const auto& ps = *policies[i];
      if (!ps.ok())
        return ps.status().WithContext("describe scaling policies of " + targets[i].resource_id);
      const auto& ss = *scheduled[i];
      if (!ss.ok())
        return ss.status().WithContext("describe scheduled actions of " + targets[i].resource_id);
      const std::string& endpoint = endpoint_of.at(targets[i].resource_id);
      target_json[endpoint].push_back(TargetJson(targets[i]));
      for (const auto& p : *ps) policy_json[endpoint].push_back(PolicyJson(p));
      for (const auto& a : *ss) scheduled_json[endpoint].push_back(ScheduledActionJson(a));
    }
    auto list_of = [](const std::map<std::string, nlohmann::json>& m, const std::string& name) {
      auto it = m.find(name);
      return it == m.end() ? nlohmann::json::array() : it->second;
    };
    for (auto& snap : snaps) {
      if (!snap.exists) continue;
      snap.config["autoscaling"] = {{"targets", list_of(target_json, snap.name)},
                                    {"policies", list_of(policy_json, snap.name)},
                                    {"scheduled_actions", list_of(scheduled_json, snap.name)}};
    }
    return Status::Ok();
  }

  // Everything but the scaling (AttachScaling); *scaling_ids receives the
  // endpoint's variant resource ids.
  Result<Snapshot> Describe(const std::string& name, std::vector<std::string>* scaling_ids,
                            const nlohmann::json* saved, int attempt = 1) {
    Snapshot snap;
    snap.type = kType;
    snap.name = name;
    auto ep = sm_.DescribeEndpoint(name);
    if (!ep.ok()) {
      if (!ep.status().IsNotFound())
        return ep.status().WithContext("describe SageMaker endpoint " + name);
      snap.exists = false;
      // Parked: can it come back? Its endpoint config may have been deleted
      // meanwhile (start then recreates it from the record).
      std::string config =
          saved != nullptr && saved->is_object() ? saved->value("endpoint_config_name", "") : "";
      if (!config.empty()) {
        auto cfg = sm_.DescribeEndpointConfig(config);
        if (!cfg.ok() && !cfg.status().IsNotFound())
          return cfg.status().WithContext("describe endpoint config " + config);
        snap.details = {{"config_exists", cfg.ok()}};
      }
      return snap;
    }
    snap.transitioning =
        ep->status != "InService" && ep->status != "Failed" && ep->status != "OutOfService";
    snap.details = {{"status", ep->status},
                    {"arn", ep->arn},
                    {"failure_reason", ep->failure_reason},
                    {"config_exists", true},
                    {"missing_models", nlohmann::json::array()},
                    {"serverless", false}};
    nlohmann::json variants = nlohmann::json::array();
    nlohmann::json config_record;  // null unless the config exists
    auto cfg = sm_.DescribeEndpointConfig(ep->config_name);
    if (!cfg.ok()) {
      if (!cfg.status().IsNotFound())
        return cfg.status().WithContext("describe endpoint config " + ep->config_name);
      snap.details["config_exists"] = false;
    } else {
      std::set<std::string> models;
      bool serverless = !cfg->variants.empty();
      for (const auto& v : cfg->variants) {
        int count = v.initial_instance_count;
        for (const auto& vs : ep->variants) {
          if (vs.variant_name == v.variant_name && vs.current_instance_count > 0)
            count = vs.current_instance_count;
        }
        variants.push_back({{"variant_name", v.variant_name},
                            {"instance_type", v.instance_type},
                            {"instance_count", count},
                            {"model_name", v.model_name},
                            {"serverless", v.serverless}});
        if (v.serverless) {
          variants.back()["serverless_memory_mb"] = v.serverless_memory_mb;
          variants.back()["serverless_max_concurrency"] = v.serverless_max_concurrency;
        }
        serverless = serverless && v.serverless;
        models.insert(v.model_name);
      }
      snap.details["serverless"] = serverless;
      auto config_tags = sm_.ListTags(cfg->arn);
      if (!config_tags.ok())
        return config_tags.status().WithContext("list tags of endpoint config " + cfg->name);
      config_record = cfg->recreate;
      config_record["Tags"] = UserTags(*config_tags);
      for (const auto& m : models) {
        Status s = sm_.DescribeModel(m);
        if (s.IsNotFound()) {
          snap.details["missing_models"].push_back(m);
        } else if (!s.ok()) {
          return s.WithContext("describe model " + m);
        }
      }
    }
    auto tags = sm_.ListTags(ep->arn);
    // A Deleting endpoint can be gone by the time its tags are asked for (a
    // run killed after DeleteEndpoint, then run again): describe it afresh.
    if (!tags.ok() && tags.status().IsNotFound() && attempt < 3)
      return Describe(name, scaling_ids, saved, attempt + 1);
    if (!tags.ok()) return tags.status().WithContext("list tags of endpoint " + name);
    nlohmann::json tag_json = UserTags(*tags);
    std::vector<std::string>& ids = *scaling_ids;
    for (const auto& v : variants)
      ids.push_back(VariantResourceId(name, v.value("variant_name", "")));
    for (const auto& vs : ep->variants) {
      auto id = VariantResourceId(name, vs.variant_name);
      if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    }
    snap.config = {{"endpoint_config_name", ep->config_name},
                   {"endpoint_config", config_record},
                   {"tags", tag_json},
                   {"variants", variants},
                   {"autoscaling",
                    {{"targets", nlohmann::json::array()},
                     {"policies", nlohmann::json::array()},
                     {"scheduled_actions", nlohmann::json::array()}}}};
    return snap;
  }

  Status Wait(const std::string& name, const std::string& until, const ApplyOptions& options) {
    const WaitSpec spec = WaitFor(
        options, "endpoint " + name + (until == "gone" ? " to be deleted" : " to be InService"),
        std::chrono::milliseconds(200), std::chrono::milliseconds(until == "gone" ? 2000 : 15000));
    return WaitUntil(
        clock_, spec,
        [&](std::string* text) -> Result<bool> {
          auto ep = sm_.DescribeEndpoint(name);
          if (!ep.ok()) {
            if (ep.status().IsNotFound()) {
              if (until == "gone") return true;
              return Status::NotFound("endpoint " + name +
                                      " disappeared while waiting for InService");
            }
            return ep.status();
          }
          *text = "endpoint " + name + ": " + ep->status;
          if (until == "InService") {
            if (ep->status == "Failed") {
              // FailureReason is free text (often the container's own
              // output): it becomes an error message as server text does.
              return Status::Aws("EndpointFailed",
                                 "endpoint " + name + " failed: " + ServerText(ep->failure_reason),
                                 0, "", false);
            }
            return ep->status == "InService";
          }
          return false;
        },
        options.progress);
  }

  SageMakerClient& sm_;
  AutoScalingClient& aas_;
  Clock& clock_;
};

}  // namespace

std::unique_ptr<ResourceType> MakeSageMakerEndpointType(SageMakerClient& sm, AutoScalingClient& aas,
                                                        Clock& clock) {
  return std::make_unique<SageMakerEndpointType>(sm, aas, clock);
}

TypeEntry SageMakerEndpointEntry() {
  return {&kInfo, [](const TypeContext& c) {
            return MakeSageMakerEndpointType(c.clients.Get<SageMakerClient>(),
                                             c.clients.Get<AutoScalingClient>(), c.clock);
          }};
}

}  // namespace arm
