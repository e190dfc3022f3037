// EKS managed node groups, named "CLUSTER/NODEGROUP": stop records the
// scaling config (min, max, desired) and sets min and desired to 0 with
// UpdateNodegroupConfig, max unchanged (AWS requires max >= 1), then waits
// until the node group is ACTIVE again. Start puts the recorded sizes back
// and waits the same way. A node group with an update in progress, or not
// ACTIVE, is reported and left as it is. The cluster's control plane keeps
// billing while its node groups are parked: parking saves the nodes only.
#include "core/redact.h"
#include "resources/types.h"
#include "resources/wait.h"
#include "services/client_set.h"
#include "services/eks_client.h"

namespace arm {
namespace {

constexpr char kType[] = "eks-nodegroup";
constexpr char kInstanceHour[] = "ec2-instance-hour";
constexpr char kClusterHour[] = "eks-cluster-hour";

const TypeInfo kInfo = {
    .id = kType,
    .selector = "nodegroup",
    .names_key = "EKS_NODEGROUPS",
    .prefix_key = {},
    .flag_keys = {},
    .price_keys = {"ec2-instance-hour/*", kClusterHour},
    // nodegroup/CLUSTER/NODEGROUP/UUID
    .arn = {"eks", "nodegroup/", "", {}, 2},
    .tagging_type = "eks:nodegroup",
    // With the compute (ECS, Auto Scaling, Lambda, EC2).
    .stop_stage = 1,
    .parked = "EKS managed node groups at min and desired 0 (max kept)",
    .prefix_on_own_name = true,
};

enum class NodegroupOp { kUnknown, kScale, kWait };
NLOHMANN_JSON_SERIALIZE_ENUM(NodegroupOp, {
                                              {NodegroupOp::kUnknown, nullptr},
                                              {NodegroupOp::kScale, "scale"},
                                              {NodegroupOp::kWait, "wait"},
                                          })

// "cluster/nodegroup" -> {cluster, nodegroup}; nodegroup empty when malformed.
std::pair<std::string, std::string> SplitNodegroupName(const std::string& name) {
  size_t slash = name.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == name.size() ||
      name.find('/', slash + 1) != std::string::npos)
    return {name, ""};
  return {name.substr(0, slash), name.substr(slash + 1)};
}

EksScaling ScalingOf(const nlohmann::json& c) {
  return {c.value("min_size", 0), c.value("max_size", 0), c.value("desired_size", 0)};
}
std::string Sizes(const EksScaling& s) {
  return "min " + std::to_string(s.min_size) + " desired " + std::to_string(s.desired_size) +
         " max " + std::to_string(s.max_size);
}
std::string Sizes(const nlohmann::json& c) { return Sizes(ScalingOf(c)); }
bool SameSizes(const EksScaling& a, const EksScaling& b) {
  return a.min_size == b.min_size && a.max_size == b.max_size && a.desired_size == b.desired_size;
}
bool AtZero(const nlohmann::json& c) {
  return c.value("min_size", 0) == 0 && c.value("desired_size", 0) == 0;
}
// AWS is changing it: no update of ours may start, and it is not parked yet.
bool Busy(const std::string& status) {
  return status == "CREATING" || status == "UPDATING" || status == "DELETING";
}
std::string InstanceType(const nlohmann::json& c) {
  auto it = c.find("instance_types");
  if (it == c.end() || !it->is_array() || it->empty() || !it->front().is_string()) return "";
  return it->front().get<std::string>();
}

class EksNodegroupType final : public ResourceType {
 public:
  EksNodegroupType(EksClient& eks, Clock& clock) : eks_(eks), clock_(clock) {}
  const TypeInfo& info() const override { return kInfo; }

  std::vector<Permission> Permissions() const override {
    const std::string nodegroup = "arn:{partition}:eks:{region}:{account}:nodegroup/{name}/*";
    return {{"eks:ListClusters", "discover"},
            // Every cluster's node groups, to match the name prefix.
            {"eks:ListNodegroups", "discover"},
            {"eks:DescribeNodegroup", "discover", {nodegroup}},
            {"eks:UpdateNodegroupConfig", "stop", {nodegroup}},
            {"eks:DescribeNodegroup", "stop", {nodegroup}},
            {"eks:UpdateNodegroupConfig", "start", {nodegroup}},
            {"eks:DescribeNodegroup", "start", {nodegroup}}};
  }

  Result<std::vector<Snapshot>> Discover(const TypeSelection& sel) override {
    std::set<std::string> wanted(sel.saved_names);
    if (!sel.skip_listing) {
      wanted.insert(sel.explicit_names.begin(), sel.explicit_names.end());
      wanted.insert(sel.tagged_names.begin(), sel.tagged_names.end());
      if (!sel.name_prefix.empty()) {
        auto clusters = eks_.ListClusters();
        if (!clusters.ok()) return clusters.status().WithContext("list EKS clusters");
        for (const auto& cluster : *clusters) {
          auto groups = eks_.ListNodegroups(cluster);
          if (!groups.ok())
            return groups.status().WithContext("list the node groups of EKS cluster " + cluster);
          for (const auto& g : *groups)
            if (sel.Selects(cluster + "/" + g)) wanted.insert(cluster + "/" + g);
        }
      }
    }
    for (auto it = wanted.begin(); it != wanted.end();)
      it = sel.only_names.empty() || sel.only_names.count(*it) ? std::next(it) : wanted.erase(it);
    return DescribeEach(wanted, sel, [&](const std::string& name) { return Describe(name); });
  }

  Condition Classify(const Snapshot& cur, const nlohmann::json* original) const override {
    if (!cur.exists) return Condition::kMissing;
    if (cur.transitioning) return Condition::kTransitioning;
    if (AtZero(cur.config)) return Condition::kStopped;
    if (original != nullptr && original->is_object() &&
        !SameSizes(ScalingOf(cur.config), ScalingOf(*original)))
      return Condition::kDrifted;
    return Condition::kRunning;
  }

  PlanOutput PlanStop(const std::vector<PlanTarget>& targets) const override {
    PlanOutput out;
    for (const auto& t : targets) {
      const Snapshot& cur = *t.current;
      auto note = [&](Severity s, std::string m) {
        out.notes.push_back({kType, cur.name, s, std::move(m)});
      };
      if (!cur.exists) {
        note(Severity::kError, std::string("EKS node group no longer exists") +
                                   (t.saved_status.empty() ? " and no stop recorded it" : ""));
        continue;
      }
      std::string status = cur.details.value("status", "");
      if (AtZero(cur.config)) {
        // Busy: the update of a stop run with --no-wait is still going on.
        if (Busy(status) && status != "DELETING")
          out.actions.push_back(MakeWait(cur.name, ScalingOf(cur.config)));
        else
          note(Severity::kInfo, "already parked; nothing to do");
        continue;
      }
      if (status != "ACTIVE") {
        note(Severity::kError, "EKS node group is " + status +
                                   (status == "UPDATING" ? " (an update is in progress)" : "") +
                                   ", not ACTIVE; left as it is: run stop again once it is ACTIVE");
        continue;
      }
      EksScaling to = ScalingOf(cur.config);
      to.min_size = 0;
      to.desired_size = 0;
      out.actions.push_back(MakeAction(
          cur.name, "eks:UpdateNodegroupConfig",
          "UpdateNodegroupConfig " + cur.name + " " + Sizes(cur.config) + " -> " + Sizes(to),
          {{"op", NodegroupOp::kScale},
           {"min_size", 0},
           {"max_size", to.max_size},
           {"desired_size", 0}},
          /*bills=*/true));
      out.actions.push_back(MakeWait(cur.name, to));
      if (cur.config.value("capacity_type", "") == "SPOT")
        note(Severity::kWarning, "Spot capacity: its cost is shown at the on-demand price");
    }
    return out;
  }

  PlanOutput PlanStart(const std::vector<PlanTarget>& targets) const override {
    PlanOutput out;
    for (const auto& t : targets) {
      const Snapshot& cur = *t.current;
      auto error = [&](std::string m) {
        out.notes.push_back({kType, cur.name, Severity::kError, std::move(m)});
      };
      if (!cur.exists) {
        error("EKS node group no longer exists; it cannot be started");
        continue;
      }
      std::string status = cur.details.value("status", "");
      const EksScaling want = ScalingOf(t.original);
      bool same = SameSizes(ScalingOf(cur.config), want);
      if (same && status == "ACTIVE") continue;
      if (status == "DELETING" || status == "CREATE_FAILED" || status == "DELETE_FAILED") {
        error("EKS node group is " + status + "; it cannot be started");
        continue;
      }
      if (!same) {
        if (status != "ACTIVE" && status != "DEGRADED") {
          error("EKS node group is " + status +
                (status == "UPDATING" ? " (an update is in progress)" : "") +
                "; run start again once it is ACTIVE");
          continue;
        }
        out.actions.push_back(MakeAction(cur.name, "eks:UpdateNodegroupConfig",
                                         "UpdateNodegroupConfig " + cur.name + " " +
                                             Sizes(cur.config) + " -> " + Sizes(want) +
                                             " as recorded",
                                         {{"op", NodegroupOp::kScale},
                                          {"min_size", want.min_size},
                                          {"max_size", want.max_size},
                                          {"desired_size", want.desired_size}},
                                         /*bills=*/true));
      }
      out.actions.push_back(MakeWait(cur.name, want));
    }
    return out;
  }

  Status Apply(const Action& a, const ApplyOptions& options) override {
    const auto [cluster, nodegroup] = SplitNodegroupName(a.names.at(0));
    EksScaling s{a.params.value("min_size", -1), a.params.value("max_size", -1),
                 a.params.value("desired_size", -1)};
    switch (a.params.value("op", NodegroupOp::kUnknown)) {
      case NodegroupOp::kScale:
        return eks_.UpdateScaling(cluster, nodegroup, s).status();
      case NodegroupOp::kWait:
        return Wait(cluster, nodegroup, s, options);
      case NodegroupOp::kUnknown:
        break;
    }
    return Status::Internal("unknown EKS node group step " +
                            a.params.value("op", nlohmann::json()).dump());
  }

  Status CheckOriginal(const nlohmann::json& orig) const override {
    if (!orig.is_object())
      return Status::InvalidArgument("original: expected an object, got " + orig.dump());
    for (const char* key : {"min_size", "desired_size", "max_size"}) {
      auto v = orig.find(key);
      if (v == orig.end() || !v->is_number_integer() || v->get<long long>() < 0 ||
          v->get<long long>() > 100000)
        return Status::InvalidArgument(std::string(key) + ": expected a whole number >= 0, got " +
                                       (v == orig.end() ? std::string("nothing") : v->dump()));
    }
    EksScaling s = ScalingOf(orig);
    if (s.max_size < 1 || s.min_size > s.desired_size || s.desired_size > s.max_size)
      return Status::InvalidArgument(
          "desired_size: expected min_size <= desired_size <= max_size and max_size >= 1, got " +
          Sizes(s));
    if (auto t = orig.find("instance_types"); t != orig.end() && !t->is_array())
      return Status::InvalidArgument("instance_types: expected a list, got " + t->dump());
    return Status::Ok();
  }

  std::string Verify(const Snapshot& cur, const nlohmann::json& orig) const override {
    if (!cur.exists) return "EKS node group does not exist";
    if (!SameSizes(ScalingOf(cur.config), ScalingOf(orig)))
      return "scaling is " + Sizes(cur.config) + ", expected " + Sizes(orig);
    if (std::string status = cur.details.value("status", ""); status != "ACTIVE")
      return "node group is " + status + ", expected ACTIVE";
    return "";
  }

  // The desired nodes at the on-demand price of the first instance type.
  // The cluster's control plane is not the node group's: it bills whether
  // the nodes run or not, so it is named in a note, never in the saving.
  Cost CostOf(const Snapshot& s, const PriceTable& prices,
              const std::string& region) const override {
    if (!s.exists) return Cost::Zero("EKS node group does not exist");
    int desired = s.config.value("desired_size", 0);
    Cost cost = Cost::Zero("no nodes");
    if (desired > 0) {
      std::string type = InstanceType(s.config);
      if (type.empty()) return Cost::Unknown("instance type unknown: the node group names none");
      cost = PricedCost(prices, region, std::string(kInstanceHour) + "/" + type, type + " node",
                        desired, type + " instance");
    }
    std::optional<Price> plane = prices.Lookup(region, kClusterHour);
    cost.notes.push_back("the cluster's control plane (" +
                         (plane ? FormatUsd(plane->usd) + "/hour" : std::string("price unknown")) +
                         ") keeps billing while the node group is parked; it is not counted "
                         "here and parking does not save it");
    return cost;
  }

  Snapshot Parked(const Snapshot& running) const override {
    Snapshot p = running;
    p.transitioning = false;
    p.config["min_size"] = 0;
    p.config["desired_size"] = 0;
    p.details["status"] = "ACTIVE";
    return p;
  }

  std::string StatusText(const Snapshot& s, const nlohmann::json& original) const override {
    if (!s.exists) return "does not exist";
    std::string out = Sizes(s.config);
    if (std::string type = InstanceType(s.config); !type.empty()) out += ", " + type;
    out += ", " + s.details.value("status", std::string("?"));
    if (original.is_object() && Sizes(original) != Sizes(s.config))
      out += "; was " + Sizes(original);
    return out;
  }

  std::string FixHint(std::string_view aws_code, std::string_view api) const override {
    (void)api;
    if (aws_code == "ResourceInUseException")
      return "an update of the node group is in progress: run the command again once `aws eks "
             "describe-nodegroup` shows it ACTIVE";
    return "";
  }

 private:
  static Action MakeAction(const std::string& name, std::string api, std::string summary,
                           nlohmann::json params, bool bills) {
    Action a = ResourceAction(kType, name, std::move(api), std::move(summary), std::move(params));
    a.changes_cost = bills;
    return a;
  }
  static Action MakeWait(const std::string& name, const EksScaling& s) {
    Action a = MakeAction(name, "eks:DescribeNodegroup",
                          "wait until EKS node group " + name + " is ACTIVE at " + Sizes(s),
                          {{"op", NodegroupOp::kWait},
                           {"min_size", s.min_size},
                           {"max_size", s.max_size},
                           {"desired_size", s.desired_size}},
                          false);
    a.mutating = false;
    return a;
  }

  Result<Snapshot> Describe(const std::string& name) {
    Snapshot snap;
    snap.type = kType;
    snap.name = name;
    const auto [cluster, nodegroup] = SplitNodegroupName(name);
    if (nodegroup.empty())
      return Status::InvalidArgument("EKS node group " + name + ": expected CLUSTER/NODEGROUP");
    auto g = eks_.DescribeNodegroup(cluster, nodegroup);
    if (!g.ok() && g.status().IsNotFound()) {
      snap.exists = false;
      return snap;
    }
    if (!g.ok()) return g.status().WithContext("describe EKS node group " + name);
    snap.transitioning = Busy(g->status);
    snap.config = {{"min_size", g->scaling.min_size},
                   {"max_size", g->scaling.max_size},
                   {"desired_size", g->scaling.desired_size},
                   {"instance_types", g->instance_types},
                   {"capacity_type", g->capacity_type}};
    snap.details = {{"arn", g->arn},
                    {"status", g->status},
                    {"health_issues", g->health_issues},
                    {"autoscaling_groups", g->autoscaling_groups}};
    return snap;
  }

  // Until the node group is ACTIVE with scaling `want`.
  Status Wait(const std::string& cluster, const std::string& nodegroup, const EksScaling& want,
              const ApplyOptions& options) {
    const std::string name = cluster + "/" + nodegroup;
    const WaitSpec spec =
        WaitFor(options, "EKS node group " + name + " to be ACTIVE at " + Sizes(want),
                std::chrono::milliseconds(200), std::chrono::milliseconds(5000));
    return WaitUntil(
        clock_, spec,
        [&](std::string* text) -> Result<bool> {
          auto g = eks_.DescribeNodegroup(cluster, nodegroup);
          if (!g.ok()) return g.status();
          *text = "EKS node group " + name + ": " + g->status + ", " + Sizes(g->scaling);
          if (g->status == "DEGRADED" && SameSizes(g->scaling, want)) {
            std::string issues;
            for (const auto& i : g->health_issues)
              issues += (issues.empty() ? "" : "; ") + ServerText(i);
            return Status::Aws(
                "NodegroupDegraded",
                "EKS node group " + name + " is DEGRADED" + (issues.empty() ? "" : ": " + issues),
                0, "", false);
          }
          if (g->status == "DELETING" || g->status == "DELETE_FAILED" ||
              g->status == "CREATE_FAILED")
            return Status::Aws("NodegroupNotActive", "EKS node group " + name + " is " + g->status,
                               0, "", false);
          return g->status == "ACTIVE" && SameSizes(g->scaling, want);
        },
        options.progress);
  }

  EksClient& eks_;
  Clock& clock_;
};

}  // namespace

std::unique_ptr<ResourceType> MakeEksNodegroupType(EksClient& eks, Clock& clock) {
  return std::make_unique<EksNodegroupType>(eks, clock);
}

TypeEntry EksNodegroupEntry() {
  return {&kInfo, [](const TypeContext& c) {
            return MakeEksNodegroupType(c.clients.Get<EksClient>(), c.clock);
          }};
}

}  // namespace arm
