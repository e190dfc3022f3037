// ECS services (Fargate and EC2 launch types), named "cluster/service": stop
// records the desired count and, when Application Auto Scaling manages it,
// the scalable target (min, max, SuspendedState), its policies and scheduled
// actions; it suspends the target's dynamic and scheduled scaling (so AWS
// cannot scale the service back up) and sets the desired count to 0. Start
// puts the recorded count back, waits for the tasks and a COMPLETED rollout,
// then gives the target its recorded SuspendedState again.
#include <algorithm>
#include <map>
#include <mutex>
#include <optional>

#include "aws/call_record.h"
#include "core/parallel.h"
#include "core/redact.h"
#include "resources/scaling_record.h"
#include "resources/types.h"
#include "resources/wait.h"
#include "services/autoscaling_client.h"
#include "services/client_set.h"
#include "services/ecs_client.h"

namespace arm {
namespace {

constexpr char kType[] = "ecs-service";
constexpr char kVcpuHour[] = "fargate-vcpu-hour";
constexpr char kGbHour[] = "fargate-gb-hour";
constexpr char kNamespace[] = "ecs";
constexpr char kDimension[] = "ecs:service:DesiredCount";

const TypeInfo kInfo = {
    .id = kType,
    .selector = "ecs",
    .names_key = "ECS_SERVICES",
    .prefix_key = {},
    .flag_keys = {},
    .price_keys = {kVcpuHour, kGbHour},
    .arn = {"ecs", "service/", ""},
    .tagging_type = "ecs:service",
    // With the compute, after the alarms that watch it.
    .stop_stage = 1,
    .parked = "ECS services at desired count 0, their auto scaling suspended",
    .prefix_on_own_name = true,
};

// What each step does, in Action::params["op"].
enum class ServiceOp { kUnknown, kSuspend, kScale, kWait, kRegister, kPolicy, kScheduled };
NLOHMANN_JSON_SERIALIZE_ENUM(ServiceOp, {
                                            {ServiceOp::kUnknown, nullptr},
                                            {ServiceOp::kSuspend, "suspend"},
                                            {ServiceOp::kScale, "scale"},
                                            {ServiceOp::kWait, "wait"},
                                            {ServiceOp::kRegister, "register"},
                                            {ServiceOp::kPolicy, "policy"},
                                            {ServiceOp::kScheduled, "scheduled"},
                                        })

const nlohmann::json& AllSuspended() {
  static const nlohmann::json kAll = {{"DynamicScalingInSuspended", true},
                                      {"DynamicScalingOutSuspended", true},
                                      {"ScheduledScalingSuspended", true}};
  return kAll;
}
// AWS reports a target without suspension as all false.
nlohmann::json SuspendedOf(const nlohmann::json& target) {
  nlohmann::json s = target.value("SuspendedState", nlohmann::json());
  if (!s.is_object())
    s = {{"DynamicScalingInSuspended", false},
         {"DynamicScalingOutSuspended", false},
         {"ScheduledScalingSuspended", false}};
  return s;
}

// "cluster/service" -> {cluster, service}; service empty when malformed.
std::pair<std::string, std::string> Split(const std::string& name) {
  size_t slash = name.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == name.size() ||
      name.find('/', slash + 1) != std::string::npos)
    return {name, ""};
  return {name.substr(0, slash), name.substr(slash + 1)};
}

std::string ResourceId(const std::string& name) { return "service/" + name; }

const nlohmann::json& Scaling(const nlohmann::json& config) {
  static const nlohmann::json kNone = nlohmann::json::object();
  auto it = config.find("autoscaling");
  return it != config.end() && it->is_object() ? *it : kNone;
}

const nlohmann::json* CurrentTarget(const nlohmann::json& config, const std::string& id) {
  auto it = Scaling(config).find("targets");
  if (it == Scaling(config).end()) return nullptr;
  for (const auto& t : *it)
    if (t.value("ResourceId", "") == id) return &t;
  return nullptr;
}

// The first entry of the recorded auto scaling that is not this service's
// own (another ResourceId or namespace); "" when none. A state file edited
// to name another service's target must not reach that service.
std::string ForeignScalingId(const std::string& name, const nlohmann::json& orig) {
  for (const char* list : {"targets", "policies", "scheduled_actions"}) {
    for (const auto& e : Scaling(orig).value(list, nlohmann::json::array())) {
      if (!e.is_object() || e.value("ResourceId", "") != ResourceId(name) ||
          e.value("ServiceNamespace", "") != kNamespace ||
          e.value("ScalableDimension", "") != kDimension)
        return e.is_object() ? e.value("ResourceId", "an entry without a ResourceId") : e.dump();
    }
  }
  return "";
}

class EcsServiceType final : public ResourceType {
 public:
  EcsServiceType(EcsClient& ecs, AutoScalingClient& aas, Clock& clock)
      : ecs_(ecs), aas_(aas), clock_(clock) {}
  const TypeInfo& info() const override { return kInfo; }

  std::vector<Permission> Permissions() const override {
    const std::string service = "arn:{partition}:ecs:{region}:{account}:service/{name}";
    const nlohmann::json services = {
        {"StringEquals",
         {{"application-autoscaling:service-namespace", "ecs"},
          {"application-autoscaling:scalable-dimension", kDimension}}}};
    return {{"ecs:ListClusters", "discover"},
            {"ecs:ListServices", "discover"},
            {"ecs:DescribeServices", "discover", {service}},
            {"ecs:DescribeTaskDefinition", "discover"},
            {"application-autoscaling:DescribeScalableTargets", "discover"},
            {"application-autoscaling:DescribeScalingPolicies", "discover"},
            {"application-autoscaling:DescribeScheduledActions", "discover"},
            {"application-autoscaling:RegisterScalableTarget", "stop", {"*"}, services},
            // RegisterScalableTarget's own checks on the service.
            {"ecs:DescribeServices", "stop", {service}},
            {"ecs:UpdateService", "stop", {service}},
            {"ecs:UpdateService", "start", {service}},
            {"ecs:DescribeServices", "start", {service}},
            {"application-autoscaling:RegisterScalableTarget", "start", {"*"}, services},
            {"application-autoscaling:PutScalingPolicy", "start", {"*"}, services},
            {"application-autoscaling:PutScheduledAction", "start", {"*"}, services}};
  }

  Result<std::vector<Snapshot>> Discover(const TypeSelection& sel) override {
    std::set<std::string> wanted(sel.saved_names);
    if (!sel.skip_listing) {
      // Listed names are described directly; clusters are listed only when a
      // prefix or tag rule may select services not named one by one.
      for (const auto& n : sel.explicit_names) wanted.insert(n);
      for (const auto& n : sel.tagged_names) wanted.insert(n);
      if (!sel.name_prefix.empty()) {
        auto clusters = ecs_.ListClusters();
        if (!clusters.ok()) return clusters.status().WithContext("list ECS clusters");
        for (const auto& arn : *clusters) {
          std::string cluster = EcsNameFromArn(arn);
          auto list = ecs_.ListServices(cluster);
          if (!list.ok())
            return list.status().WithContext("list ECS services of cluster " + cluster);
          for (const auto& s : *list) {
            std::string name = cluster + "/" + EcsNameFromArn(s);
            if (sel.Selects(name)) wanted.insert(name);
          }
        }
      }
    }
    for (auto it = wanted.begin(); it != wanted.end();)
      it = sel.only_names.empty() || sel.only_names.count(*it) ? std::next(it) : wanted.erase(it);
    auto snaps = DescribeEach(wanted, sel, [&](const std::string& name) { return Describe(name); });
    if (!snaps.ok()) return snaps;
    ARM_RETURN_IF_ERROR(AttachScaling(*snaps, sel));
    return snaps;
  }

  Condition Classify(const Snapshot& cur, const nlohmann::json* original) const override {
    bool has_original = original != nullptr && !original->is_null();
    if (!cur.exists) return Condition::kMissing;
    if (cur.transitioning) return Condition::kTransitioning;
    int desired = cur.config.value("desired_count", 0);
    if (desired == 0) return Condition::kStopped;
    if (has_original && desired != original->value("desired_count", -1)) return Condition::kDrifted;
    return Condition::kRunning;
  }

  PlanOutput PlanStop(const std::vector<PlanTarget>& targets) const override {
    PlanOutput out;
    for (const auto& t : targets) {
      const Snapshot& cur = *t.current;
      if (!cur.exists) {
        out.notes.push_back(
            {kType, cur.name, Severity::kError,
             "ECS service no longer exists" +
                 std::string(t.saved_status.empty() ? " and no stop recorded it" : "")});
        continue;
      }
      std::string status = cur.details.value("status", "");
      if (status != "ACTIVE") {
        out.notes.push_back({kType, cur.name, Severity::kError,
                             "ECS service is " + status + ", not ACTIVE; left as it is"});
        continue;
      }
      nlohmann::json suspended_here = nlohmann::json::array();
      for (const auto& tj : Scaling(cur.config).value("targets", nlohmann::json::array())) {
        if (SuspendedOf(tj) == AllSuspended()) continue;
        suspended_here.push_back(tj);
        nlohmann::json suspended = tj;
        suspended["SuspendedState"] = AllSuspended();
        out.actions.push_back(
            MakeAction(cur.name, "application-autoscaling:RegisterScalableTarget",
                       "RegisterScalableTarget " + tj.value("ResourceId", "") +
                           " SuspendedState all true (dynamic and scheduled scaling suspended)",
                       {{"op", ServiceOp::kSuspend}, {"target", suspended}}));
      }
      int desired = cur.config.value("desired_count", 0);
      int running = cur.details.value("running_count", 0);
      if (desired != 0)
        out.actions.push_back(MakeAction(
            cur.name, "ecs:UpdateService",
            "UpdateService " + cur.name + " desiredCount " + std::to_string(desired) + " -> 0",
            {{"op", ServiceOp::kScale},
             {"desired_count", 0},
             // Put back should UpdateService fail: the service keeps running,
             // and so does its scaling.
             {"resume_on_failure", suspended_here}}));
      if (desired != 0 || running != 0) out.actions.push_back(MakeWait(cur.name, 0));
      if (out.actions.empty() || out.actions.back().names.at(0) != cur.name)
        out.notes.push_back(
            {kType, cur.name, Severity::kInfo, "desired count already 0; nothing to park"});
    }
    return out;
  }

  PlanOutput PlanStart(const std::vector<PlanTarget>& targets) const override {
    PlanOutput out;
    for (const auto& t : targets) {
      const Snapshot& cur = *t.current;
      const nlohmann::json& orig = t.original;
      if (!cur.exists) {
        out.notes.push_back({kType, cur.name, Severity::kError,
                             "ECS service no longer exists; it cannot be started"});
        continue;
      }
      if (std::string foreign = ForeignScalingId(cur.name, orig); !foreign.empty()) {
        out.notes.push_back({kType, cur.name, Severity::kError,
                             "the recorded auto scaling names " + foreign + ", not " +
                                 ResourceId(cur.name) + "; left parked"});
        continue;
      }
      int want = orig.value("desired_count", 0);
      int desired = cur.config.value("desired_count", 0);
      int running = cur.details.value("running_count", 0);
      if (desired != want)
        out.actions.push_back(MakeAction(cur.name, "ecs:UpdateService",
                                         "UpdateService " + cur.name + " desiredCount " +
                                             std::to_string(desired) + " -> " +
                                             std::to_string(want),
                                         {{"op", ServiceOp::kScale}, {"desired_count", want}}));
      if (desired != want || running != want || cur.transitioning)
        out.actions.push_back(MakeWait(cur.name, want));
      const auto& aas = Scaling(orig);
      for (const auto& tj : aas.value("targets", nlohmann::json::array())) {
        const nlohmann::json* have = CurrentTarget(cur.config, tj.value("ResourceId", ""));
        if (have != nullptr && HasTarget(cur.config, tj) && SuspendedOf(*have) == SuspendedOf(tj))
          continue;
        out.actions.push_back(MakeAction(cur.name, "application-autoscaling:RegisterScalableTarget",
                                         "RegisterScalableTarget " + tj.value("ResourceId", "") +
                                             " min " + std::to_string(tj.value("MinCapacity", 0)) +
                                             " max " + std::to_string(tj.value("MaxCapacity", 0)) +
                                             ", SuspendedState " + SuspendedOf(tj).dump() +
                                             " as recorded",
                                         {{"op", ServiceOp::kRegister}, {"target", tj}}));
      }
      for (const auto& pj : aas.value("policies", nlohmann::json::array())) {
        if (HasPolicy(cur.config, pj)) continue;
        out.actions.push_back(MakeAction(
            cur.name, "application-autoscaling:PutScalingPolicy",
            "PutScalingPolicy " + pj.value("PolicyName", "") + " on " + pj.value("ResourceId", ""),
            {{"op", ServiceOp::kPolicy}, {"policy", pj}}));
      }
      for (const auto& sj : aas.value("scheduled_actions", nlohmann::json::array())) {
        if (HasScheduledAction(cur.config, sj)) continue;
        out.actions.push_back(
            MakeAction(cur.name, "application-autoscaling:PutScheduledAction",
                       "PutScheduledAction " + sj.value("ScheduledActionName", "") + " on " +
                           sj.value("ResourceId", ""),
                       {{"op", ServiceOp::kScheduled}, {"scheduled_action", sj}}));
      }
    }
    return out;
  }

  Status Apply(const Action& a, const ApplyOptions& options) override {
    const std::string& name = a.names.at(0);
    const auto [cluster, service] = Split(name);
    switch (a.params.value("op", ServiceOp::kUnknown)) {
      case ServiceOp::kSuspend:
      case ServiceOp::kRegister:
        return aas_.RegisterScalableTarget(TargetFromJson(a.params.at("target")));
      case ServiceOp::kScale: {
        Status s = ecs_.UpdateServiceDesiredCount(cluster, service,
                                                  a.params.at("desired_count").get<int>());
        if (s.ok() || a.params.value("resume_on_failure", nlohmann::json::array()).empty())
          return s;
        Status back;
        for (const auto& tj : a.params["resume_on_failure"])
          if (back.ok()) back = aas_.RegisterScalableTarget(TargetFromJson(tj));
        return s.WithContext(back.ok() ? "the service keeps running, and its auto scaling was "
                                         "resumed as it was"
                                       : "the service keeps running with its auto scaling "
                                         "SUSPENDED (resuming it failed: " +
                                             back.ToString() +
                                             "); `aws-resource-manager start` restores it");
      }
      case ServiceOp::kWait:
        return Wait(name, a.params.at("running_count").get<int>(), options);
      case ServiceOp::kPolicy:
        return aas_.PutScalingPolicy(PolicyFromJson(a.params.at("policy")));
      case ServiceOp::kScheduled:
        return aas_.PutScheduledAction(ScheduledActionFromJson(a.params.at("scheduled_action")));
      case ServiceOp::kUnknown:
        break;
    }
    return Status::Internal("unknown ECS step " + a.params.value("op", nlohmann::json()).dump());
  }

  Status CheckOriginal(const nlohmann::json& orig) const override {
    if (!orig.is_object())
      return Status::InvalidArgument("original: expected an object, got " + orig.dump());
    auto d = orig.find("desired_count");
    if (d == orig.end() || !d->is_number_integer() || d->get<long long>() < 0)
      return Status::InvalidArgument("desired_count: expected a whole number >= 0, got " +
                                     (d == orig.end() ? std::string("nothing") : d->dump()));
    ARM_RETURN_IF_ERROR(CheckScalingRecord(orig));
    for (const auto& tj : Scaling(orig).value("targets", nlohmann::json::array())) {
      if (!tj.is_object() || !tj.value("ResourceId", nlohmann::json()).is_string() ||
          !tj.value("MinCapacity", nlohmann::json()).is_number_integer() ||
          !tj.value("MaxCapacity", nlohmann::json()).is_number_integer() ||
          !tj.value("ServiceNamespace", nlohmann::json()).is_string() ||
          !tj.value("ScalableDimension", nlohmann::json()).is_string())
        return Status::InvalidArgument(
            "autoscaling.targets: expected ServiceNamespace, ResourceId, ScalableDimension as "
            "text and MinCapacity, MaxCapacity as whole numbers, got " +
            tj.dump());
    }
    return Status::Ok();
  }

  std::string Verify(const Snapshot& cur, const nlohmann::json& orig) const override {
    if (!cur.exists) return "ECS service does not exist";
    int want = orig.value("desired_count", 0);
    int desired = cur.config.value("desired_count", 0);
    if (desired != want)
      return "desired count is " + std::to_string(desired) + ", expected " + std::to_string(want);
    int running = cur.details.value("running_count", 0);
    if (running != want)
      return "running count is " + std::to_string(running) + ", expected " + std::to_string(want);
    const auto& aas = Scaling(orig);
    for (const auto& tj : aas.value("targets", nlohmann::json::array())) {
      const nlohmann::json* have = CurrentTarget(cur.config, tj.value("ResourceId", ""));
      if (have == nullptr || !HasTarget(cur.config, tj))
        return "scalable target " + tj.value("ResourceId", "") + " is not registered as recorded";
      if (SuspendedOf(*have) != SuspendedOf(tj))
        return "scalable target " + tj.value("ResourceId", "") + " has SuspendedState " +
               SuspendedOf(*have).dump() + ", recorded " + SuspendedOf(tj).dump();
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
    if (!s.exists) return Cost::Zero("ECS service does not exist");
    int tasks = s.config.value("desired_count", 0);
    if (tasks <= 0) return Cost::Zero("no tasks");
    if (s.config.value("launch_type", "") != "FARGATE")
      return Cost::Zero("tasks run on the cluster's EC2 instances, which bill on their own");
    double vcpu = s.details.value("vcpu", 0.0), gb = s.details.value("memory_gb", 0.0);
    Cost total =
        PricedCost(prices, region, kVcpuHour, "Fargate vCPU", tasks * vcpu, "Fargate vCPU");
    total += PricedCost(prices, region, kGbHour, "Fargate GB", tasks * gb, "Fargate memory");
    return total;
  }

  Snapshot Parked(const Snapshot& running) const override {
    Snapshot p = running;
    p.transitioning = false;
    p.config["desired_count"] = 0;
    p.details["running_count"] = 0;
    if (p.config.contains("autoscaling") && p.config["autoscaling"].contains("targets"))
      for (auto& tj : p.config["autoscaling"]["targets"]) tj["SuspendedState"] = AllSuspended();
    return p;
  }

  std::string StatusText(const Snapshot& s, const nlohmann::json& original) const override {
    if (!s.exists) return "does not exist";
    std::string out = std::to_string(s.config.value("desired_count", 0)) + " task" +
                      (s.config.value("desired_count", 0) == 1 ? "" : "s") + " (" +
                      std::to_string(s.details.value("running_count", 0)) + " running)";
    if (s.config.value("launch_type", "") == "FARGATE") {
      char size[64];
      std::snprintf(size, sizeof(size), ", Fargate %.4g vCPU / %.4g GB",
                    s.details.value("vcpu", 0.0), s.details.value("memory_gb", 0.0));
      out += size;
    } else if (!s.config.value("launch_type", "").empty()) {
      out += ", " + s.config.value("launch_type", "");
    }
    for (const auto& tj : Scaling(s.config).value("targets", nlohmann::json::array())) {
      out += ", auto scaling " + std::to_string(tj.value("MinCapacity", 0)) + "-" +
             std::to_string(tj.value("MaxCapacity", 0));
      if (SuspendedOf(tj) == AllSuspended()) out += " (suspended)";
    }
    if (original.is_object() &&
        original.value("desired_count", -1) != s.config.value("desired_count", 0))
      out += "; was " + std::to_string(original.value("desired_count", 0));
    std::string rollout = s.details.value("rollout_state", "");
    if (!rollout.empty() && rollout != "COMPLETED") out += ", rollout " + rollout;
    return out;
  }

 private:
  static Action MakeAction(const std::string& name, std::string api, std::string summary,
                           nlohmann::json params) {
    bool bills = api == "ecs:UpdateService";  // the auto scaling target bills nothing
    Action a = ResourceAction(kType, name, std::move(api), std::move(summary), std::move(params));
    a.changes_cost = bills;
    return a;
  }
  static Action MakeWait(const std::string& name, int running) {
    Action a = MakeAction(name, "ecs:DescribeServices",
                          "wait until ECS service " + name + " runs " + std::to_string(running) +
                              " task" + (running == 1 ? "" : "s") +
                              (running > 0 ? " and its deployment is COMPLETED" : ""),
                          {{"op", ServiceOp::kWait}, {"running_count", running}});
    a.mutating = false;
    return a;
  }

  Result<Snapshot> Describe(const std::string& name) {
    Snapshot snap;
    snap.type = kType;
    snap.name = name;
    const auto [cluster, service] = Split(name);
    if (service.empty())
      return Status::InvalidArgument("ECS service " + name + ": expected cluster/service");
    auto found = ecs_.DescribeServices(cluster, {service});
    if (!found.ok() && !found.status().IsNotFound())
      return found.status().WithContext("describe ECS service " + name);
    // A deleted service stays INACTIVE for a while before AWS forgets it.
    if (!found.ok() || found->empty() || found->front().status == "INACTIVE") {
      snap.exists = false;
      return snap;
    }
    const EcsService& svc = found->front();
    const EcsDeployment* primary = svc.Primary();
    std::string rollout = primary != nullptr ? primary->rollout_state : "";
    snap.transitioning = svc.status == "DRAINING" || rollout == "IN_PROGRESS";
    snap.details = {{"status", svc.status},
                    {"arn", svc.arn},
                    {"running_count", svc.running_count},
                    {"pending_count", svc.pending_count},
                    {"rollout_state", rollout},
                    {"vcpu", 0.0},
                    {"memory_gb", 0.0}};
    if (svc.launch_type == "FARGATE" && !svc.task_definition.empty()) {
      auto size = ecs_.DescribeTaskDefinition(svc.task_definition);
      if (!size.ok())
        return size.status().WithContext("describe task definition " + svc.task_definition);
      snap.details["vcpu"] = size->vcpu;
      snap.details["memory_gb"] = size->memory_gb;
    }
    snap.config = {{"cluster", cluster},
                   {"service", service},
                   {"desired_count", svc.desired_count},
                   {"launch_type", svc.launch_type},
                   {"task_definition", svc.task_definition},
                   {"autoscaling",
                    {{"targets", nlohmann::json::array()},
                     {"policies", nlohmann::json::array()},
                     {"scheduled_actions", nlohmann::json::array()}}}};
    return snap;
  }

  // The targets of every service in one DescribeScalableTargets per 50, then
  // each target's policies and scheduled actions, side by side on the
  // selection's budget of calls in flight (one after the other, 100
  // autoscaled services took 200 round trips after their describes).
  Status AttachScaling(std::vector<Snapshot>& snaps, const TypeSelection& sel) {
    std::vector<std::string> ids;
    std::map<std::string, Snapshot*> by_id;
    for (auto& s : snaps) {
      if (!s.known() || !s.exists) continue;
      ids.push_back(ResourceId(s.name));
      by_id[ids.back()] = &s;
    }
    if (ids.empty()) return Status::Ok();
    auto targets = aas_.DescribeScalableTargets(kNamespace, ids);
    if (!targets.ok())
      return targets.status().WithContext("describe scalable targets of ECS services");
    std::vector<const ScalableTarget*> mine;
    for (const auto& t : *targets)
      if (by_id.count(t.resource_id) && t.scalable_dimension == kDimension) mine.push_back(&t);
    std::vector<std::optional<Result<std::vector<ScalingPolicy>>>> policies(mine.size());
    std::vector<std::optional<Result<std::vector<ScheduledAction>>>> scheduled(mine.size());
    ParallelFor(2 * mine.size(), sel.parallelism, [&](size_t k) {
      const std::string& id = mine[k / 2]->resource_id;
      ScopedCallTarget target(id.substr(id.find('/') + 1));
      if (sel.slots != nullptr) sel.slots->Acquire();
      if (k % 2 == 0)
        policies[k / 2].emplace(aas_.DescribeScalingPolicies(kNamespace, id));
      else
        scheduled[k / 2].emplace(aas_.DescribeScheduledActions(kNamespace, id));
      if (sel.slots != nullptr) sel.slots->Release();
    });
    for (size_t i = 0; i < mine.size(); ++i) {
      const ScalableTarget& t = *mine[i];
      if (!policies[i]->ok())
        return policies[i]->status().WithContext("describe scaling policies of " + t.resource_id);
      if (!scheduled[i]->ok())
        return scheduled[i]->status().WithContext("describe scheduled actions of " + t.resource_id);
      nlohmann::json& aas = by_id[t.resource_id]->config["autoscaling"];
      aas["targets"].push_back(TargetJson(t));
      for (const auto& p : policies[i]->value()) aas["policies"].push_back(PolicyJson(p));
      for (const auto& a : scheduled[i]->value())
        aas["scheduled_actions"].push_back(ScheduledActionJson(a));
    }
    return Status::Ok();
  }

  Status Wait(const std::string& name, int running, const ApplyOptions& options) {
    const auto [cluster, service] = Split(name);
    const WaitSpec spec =
        WaitFor(options, "ECS service " + name + " to run " + std::to_string(running) + " tasks",
                std::chrono::milliseconds(200), std::chrono::milliseconds(5000));
    return WaitUntil(
        clock_, spec,
        [&](std::string* text) -> Result<bool> {
          auto found = ecs_.DescribeServices(cluster, {service});
          if (!found.ok()) return found.status();
          if (found->empty())
            return Status::NotFound("ECS service " + name + " disappeared while waiting");
          const EcsService& svc = found->front();
          const EcsDeployment* primary = svc.Primary();
          std::string rollout = primary != nullptr ? primary->rollout_state : "";
          *text = "ECS service " + name + ": " + std::to_string(svc.running_count) + "/" +
                  std::to_string(svc.desired_count) + " running" +
                  (rollout.empty() ? "" : ", rollout " + rollout);
          if (running > 0 && rollout == "FAILED")
            return Status::Aws("RolloutFailed",
                               "ECS service " + name + " deployment failed: " +
                                   ServerText(primary->rollout_state_reason),
                               0, "", false);
          if (svc.running_count != running) return false;
          return running == 0 || rollout.empty() || rollout == "COMPLETED";
        },
        options.progress);
  }

  EcsClient& ecs_;
  AutoScalingClient& aas_;
  Clock& clock_;
};

}  // namespace

std::unique_ptr<ResourceType> MakeEcsServiceType(EcsClient& ecs, AutoScalingClient& aas,
                                                 Clock& clock) {
  return std::make_unique<EcsServiceType>(ecs, aas, clock);
}

TypeEntry EcsServiceEntry() {
  return {&kInfo, [](const TypeContext& c) {
            return MakeEcsServiceType(c.clients.Get<EcsClient>(),
                                      c.clients.Get<AutoScalingClient>(), c.clock);
          }};
}

}  // namespace arm
