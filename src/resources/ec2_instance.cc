// EC2 instances, named by instance id (EC2_INSTANCES, or the tag rule): stop
// records the state, type and hibernation configuration and stops the
// instance (hibernating it when it was launched with hibernation and
// EC2_HIBERNATE is true), waiting until it is stopped; start starts only
// those recorded running and waits until they run. Instances another
// service manages (Auto Scaling, EKS node groups, ECS capacity providers),
// spot instances and instance-store roots are left running, with the reason.
#include <map>

#include "core/redact.h"
#include "resources/types.h"
#include "resources/wait.h"
#include "services/client_set.h"
#include "services/ec2_client.h"

namespace arm {
namespace {

constexpr char kType[] = "ec2-instance";
constexpr char kHibernateKey[] = "EC2_HIBERNATE";
constexpr char kInstanceHour[] = "ec2-instance-hour/*";
constexpr char kEbsGbMonth[] = "ebs-gb-month/*";
constexpr char kPublicIpv4Hour[] = "public-ipv4-hour";

const TypeInfo kInfo = {
    .id = kType,
    .selector = "ec2",
    .names_key = "EC2_INSTANCES",
    .prefix_key = {},
    .flag_keys = {kHibernateKey},
    .price_keys = {kInstanceHour, kEbsGbMonth, kPublicIpv4Hour},
    .arn = {"ec2", "instance/", ""},
    .tagging_type = "ec2:instance",
    // With the compute, after the alarms that watch it.
    .stop_stage = 1,
    .parked = "EC2 instances stopped (hibernated with EC2_HIBERNATE=true when launched so)",
};

// What each step does, in Action::params["op"].
enum class InstanceOp { kUnknown, kStop, kStart, kWait };
NLOHMANN_JSON_SERIALIZE_ENUM(InstanceOp, {
                                             {InstanceOp::kUnknown, nullptr},
                                             {InstanceOp::kStop, "stop"},
                                             {InstanceOp::kStart, "start"},
                                             {InstanceOp::kWait, "wait"},
                                         })

// Why stop leaves the instance running; "" when it may be stopped.
std::string SkipReason(const Ec2Instance& i) {
  auto tag = [&i](const char* key) {
    auto it = i.tags.find(key);
    return it == i.tags.end() ? std::string() : it->second;
  };
  if (std::string g = tag("eks:nodegroup-name"); !g.empty())
    return "belongs to EKS node group " + g + ", which would replace it; park the node group";
  if (i.tags.count("AmazonECSManaged"))
    return "is managed by an ECS capacity provider, which would replace it; park the ECS "
           "services";
  if (std::string g = tag("aws:autoscaling:groupName"); !g.empty())
    return "belongs to Auto Scaling group " + g + ", which would replace it; park the group";
  if (i.lifecycle == "spot")
    return "is a spot instance (request " + i.spot_request_id +
           "): AWS stops only those of a persistent spot request, and DescribeInstances does not "
           "say which kind this is";
  if (i.root_device_type == "instance-store")
    return "has an instance-store root device, which AWS cannot stop";
  return "";
}

std::string Plural(int n, const std::string& what) {
  return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
}

class Ec2InstanceType final : public ResourceType {
 public:
  Ec2InstanceType(Ec2Client& ec2, Clock& clock, bool hibernate)
      : ec2_(ec2), clock_(clock), hibernate_(hibernate) {}
  const TypeInfo& info() const override { return kInfo; }

  std::vector<Permission> Permissions() const override {
    const std::string instance = "arn:{partition}:ec2:{region}:{account}:instance/{name}";
    return {{"ec2:DescribeInstances", "discover"},       {"ec2:DescribeVolumes", "discover"},
            {"ec2:StopInstances", "stop", {instance}},   {"ec2:DescribeInstances", "stop"},
            {"ec2:StartInstances", "start", {instance}}, {"ec2:DescribeInstances", "start"}};
  }

  Result<std::vector<Snapshot>> Discover(const TypeSelection& sel) override {
    std::set<std::string> wanted(sel.saved_names);
    if (!sel.skip_listing) {
      wanted.insert(sel.explicit_names.begin(), sel.explicit_names.end());
      wanted.insert(sel.tagged_names.begin(), sel.tagged_names.end());
    }
    for (auto it = wanted.begin(); it != wanted.end();)
      it = sel.only_names.empty() || sel.only_names.count(*it) ? std::next(it) : wanted.erase(it);
    std::vector<Snapshot> out;
    if (wanted.empty()) return out;
    // One filtered, paged DescribeInstances for all (an unknown id is absent,
    // not an error), then one DescribeVolumes for their volumes.
    auto found = ec2_.DescribeInstances({wanted.begin(), wanted.end()});
    if (!found.ok()) return found.status().WithContext("describe EC2 instances");
    std::map<std::string, const Ec2Instance*> by_id;
    std::vector<std::string> volume_ids;
    for (const auto& i : *found) {
      if (i.state == "terminated" || i.state == "shutting-down") continue;
      by_id[i.id] = &i;
      volume_ids.insert(volume_ids.end(), i.volume_ids.begin(), i.volume_ids.end());
    }
    std::map<std::string, Ec2Volume> volumes;
    if (!volume_ids.empty()) {
      auto vols = ec2_.DescribeVolumes(volume_ids);
      if (!vols.ok()) return vols.status().WithContext("describe the EBS volumes of EC2 instances");
      for (auto& v : *vols) volumes[v.id] = std::move(v);
    }
    for (const auto& id : wanted) {
      auto it = by_id.find(id);
      out.push_back(it == by_id.end() ? Gone(id) : SnapshotOf(*it->second, volumes));
    }
    return out;
  }

  Condition Classify(const Snapshot& cur, const nlohmann::json* original) const override {
    if (!cur.exists) return Condition::kMissing;
    if (cur.transitioning) return Condition::kTransitioning;
    if (State(cur) == "stopped") return Condition::kStopped;
    if (original != nullptr && original->is_object() &&
        original->value("instance_type", "") != cur.config.value("instance_type", ""))
      return Condition::kDrifted;
    return Condition::kRunning;
  }

  PlanOutput PlanStop(const std::vector<PlanTarget>& targets) const override {
    PlanOutput out;
    for (const auto& t : targets) {
      const Snapshot& cur = *t.current;
      const std::string& id = cur.name;
      if (!cur.exists) {
        out.notes.push_back({kType, id, Severity::kError, Missing(id, t.saved_status)});
        continue;
      }
      std::string skip = cur.details.value("skip", "");
      std::string state = State(cur);
      if (!skip.empty() && state == "running") {
        out.notes.push_back({kType, id, Severity::kWarning, "left running: it " + skip});
        continue;
      }
      if (state == "stopped") {
        out.notes.push_back({kType, id, Severity::kInfo,
                             t.saved_status.empty() ? "already stopped; start leaves it stopped"
                                                    : "stopped; nothing to park"});
        continue;
      }
      if (state == "stopping" && !t.saved_status.empty()) {
        out.actions.push_back(MakeWait(id, "stopped"));
        continue;
      }
      // Pending and recorded running: a start of ours was cut short (a killed
      // run); once it runs, it is parked like any running instance.
      bool was_ours = !t.saved_status.empty() && t.original.value("state", "") == "running";
      if (state == "pending" && was_ours) {
        out.actions.push_back(MakeWait(id, "running"));
        state = "running";
      }
      if (state != "running") {
        out.notes.push_back(
            {kType, id, Severity::kError, "EC2 instance is " + state + "; left as it is"});
        continue;
      }
      bool hibernate = hibernate_ && cur.config.value("hibernation_configured", false);
      out.actions.push_back(
          MakeAction(id, "ec2:StopInstances",
                     "StopInstances " + id + (hibernate ? " (hibernate)" : "") + NameOf(cur),
                     {{"op", InstanceOp::kStop}, {"hibernate", hibernate}}));
      out.actions.push_back(MakeWait(id, "stopped"));
      out.notes.push_back({kType, id, Severity::kInfo, StillBilled(cur)});
    }
    return out;
  }

  PlanOutput PlanStart(const std::vector<PlanTarget>& targets) const override {
    PlanOutput out;
    for (const auto& t : targets) {
      const Snapshot& cur = *t.current;
      const std::string& id = cur.name;
      if (!cur.exists) {
        out.notes.push_back(
            {kType, id, Severity::kError, "EC2 instance no longer exists; it cannot be started"});
        continue;
      }
      if (t.original.value("state", "") != "running") {
        out.notes.push_back({kType, id, Severity::kInfo,
                             "was " + t.original.value("state", std::string("not running")) +
                                 " when recorded; left as it is"});
        continue;
      }
      std::string state = State(cur);
      if (state == "running") continue;
      if (state == "stopping") out.actions.push_back(MakeWait(id, "stopped"));
      if (state == "stopped" || state == "stopping")
        out.actions.push_back(MakeAction(id, "ec2:StartInstances",
                                         "StartInstances " + id + NameOf(cur),
                                         {{"op", InstanceOp::kStart}}));
      out.actions.push_back(MakeWait(id, "running"));
    }
    return out;
  }

  Status Apply(const Action& a, const ApplyOptions& options) override {
    const std::string& id = a.names.at(0);
    switch (a.params.value("op", InstanceOp::kUnknown)) {
      case InstanceOp::kStop:
        return ec2_.StopInstances({id}, a.params.value("hibernate", false)).status();
      case InstanceOp::kStart:
        return ec2_.StartInstances({id}).status();
      case InstanceOp::kWait:
        return Wait(id, a.params.at("state").get<std::string>(), options);
      case InstanceOp::kUnknown:
        break;
    }
    return Status::Internal("unknown EC2 step " + a.params.value("op", nlohmann::json()).dump());
  }

  Status CheckOriginal(const nlohmann::json& orig) const override {
    if (!orig.is_object())
      return Status::InvalidArgument("original: expected an object, got " + orig.dump());
    auto state = orig.find("state");
    if (state == orig.end() || !state->is_string() || (*state != "running" && *state != "stopped"))
      return Status::InvalidArgument(
          "state: expected \"running\" or \"stopped\", got " +
          (state == orig.end() ? std::string("nothing") : state->dump()));
    auto type = orig.find("instance_type");
    if (type == orig.end() || !type->is_string() || type->get<std::string>().empty())
      return Status::InvalidArgument("instance_type: expected an instance type, got " +
                                     (type == orig.end() ? std::string("nothing") : type->dump()));
    auto h = orig.find("hibernation_configured");
    if (h != orig.end() && !h->is_boolean())
      return Status::InvalidArgument("hibernation_configured: expected true or false, got " +
                                     h->dump());
    return Status::Ok();
  }

  std::string Verify(const Snapshot& cur, const nlohmann::json& orig) const override {
    if (!cur.exists) return "EC2 instance does not exist";
    std::string want = orig.value("state", "");
    if (State(cur) != want) return "instance is " + State(cur) + ", expected " + want;
    std::string type = cur.config.value("instance_type", "");
    if (type != orig.value("instance_type", ""))
      return "instance type is " + type + ", recorded " + orig.value("instance_type", "");
    return "";
  }

  Cost CostOf(const Snapshot& s, const PriceTable& prices,
              const std::string& region) const override {
    if (!s.exists) return Cost::Zero("EC2 instance does not exist");
    Cost total;
    // pending and stopping bill as running; only stopped does not.
    if (State(s) != "stopped") {
      std::string type = s.config.value("instance_type", "");
      total +=
          PricedCost(prices, region, "ec2-instance-hour/" + type, type, 1, "EC2 instance " + type);
    }
    // The EBS volumes bill stopped or not.
    const nlohmann::json ebs = s.details.value("ebs_gb", nlohmann::json::object());
    for (const auto& [volume_type, gb] : ebs.items())
      total += PricedCost(prices, region, "ebs-gb-month/" + volume_type,
                          "EBS " + volume_type + " GB", gb.get<double>(), "EBS " + volume_type);
    int ips = s.details.value("public_ipv4", 0);
    if (ips > 0)
      total += PricedCost(prices, region, kPublicIpv4Hour, "public IPv4", ips, "public IPv4");
    return total;
  }

  Snapshot Parked(const Snapshot& running) const override {
    Snapshot p = running;
    if (!p.exists || State(p) != "running" || !p.details.value("skip", "").empty()) return p;
    p.transitioning = false;
    p.config["state"] = "stopped";
    // An auto-assigned address is released at stop; an Elastic IP stays.
    p.details["public_ipv4"] = p.details.value("elastic_ipv4", 0);
    return p;
  }

  std::string StatusText(const Snapshot& s, const nlohmann::json& original) const override {
    if (!s.exists) return "does not exist";
    std::string out = s.config.value("instance_type", "") + " " + State(s);
    if (s.config.value("hibernation_configured", false)) out += ", hibernation configured";
    const nlohmann::json ebs = s.details.value("ebs_gb", nlohmann::json::object());
    for (const auto& [volume_type, gb] : ebs.items())
      out += ", " + std::to_string(gb.get<int>()) + " GB " + volume_type;
    int ips = s.details.value("public_ipv4", 0);
    if (ips > 0) out += ", " + Plural(ips, "public IPv4");
    std::string name = s.details.value("name", "");
    if (!name.empty()) out += " (" + name + ")";
    if (original.is_object() && original.value("state", "") != "" &&
        original.value("state", "") != State(s))
      out += "; was " + original.value("state", "");
    std::string skip = s.details.value("skip", "");
    if (!skip.empty()) out += "; not parked: it " + skip;
    return out;
  }

  std::string FixHint(std::string_view aws_code, std::string_view) const override {
    if (aws_code == "IncorrectInstanceState")
      return "wait until the instance is running or stopped, then run the command again";
    if (aws_code == "InsufficientInstanceCapacity")
      return "AWS has no capacity for this instance type in its Availability Zone now; try again "
             "later";
    if (aws_code == "UnsupportedOperation" || aws_code == "UnsupportedHibernationConfiguration")
      return "AWS cannot stop this instance so; leave it out with --exclude or EC2_INSTANCES";
    return "";
  }

 private:
  static std::string State(const Snapshot& s) { return s.config.value("state", ""); }
  static std::string NameOf(const Snapshot& s) {
    std::string name = s.details.value("name", "");
    return name.empty() ? "" : " (" + name + ")";
  }
  // What a stopped instance still pays for, as the plan says it.
  static std::string StillBilled(const Snapshot& s) {
    std::string out;
    const nlohmann::json ebs = s.details.value("ebs_gb", nlohmann::json::object());
    for (const auto& [volume_type, gb] : ebs.items())
      out += (out.empty() ? "" : ", ") + std::to_string(gb.get<int>()) + " GB EBS " + volume_type;
    if (int elastic = s.details.value("elastic_ipv4", 0); elastic > 0)
      out += (out.empty() ? "" : ", ") + Plural(elastic, "Elastic IP");
    return "stopped, it still bills " + (out.empty() ? std::string("nothing") : out);
  }
  static std::string Missing(const std::string& id, const std::string& saved_status) {
    std::string text = "EC2 instance does not exist";
    if (id.rfind("i-", 0) != 0) text += " (EC2_INSTANCES lists instance ids, i-...)";
    return text + (saved_status.empty() ? " and no stop recorded it" : "");
  }
  static Action MakeAction(const std::string& id, std::string api, std::string summary,
                           nlohmann::json params) {
    return ResourceAction(kType, id, std::move(api), std::move(summary), std::move(params));
  }
  static Action MakeWait(const std::string& id, const std::string& state) {
    Action a =
        MakeAction(id, "ec2:DescribeInstances", "wait until EC2 instance " + id + " is " + state,
                   {{"op", InstanceOp::kWait}, {"state", state}});
    a.mutating = false;
    a.changes_cost = false;
    return a;
  }

  static Snapshot Gone(const std::string& id) {
    Snapshot snap;
    snap.type = kType;
    snap.name = id;
    snap.exists = false;
    return snap;
  }

  static Snapshot SnapshotOf(const Ec2Instance& i,
                             const std::map<std::string, Ec2Volume>& volumes) {
    Snapshot snap;
    snap.type = kType;
    snap.name = i.id;
    snap.transitioning = i.state == "pending" || i.state == "stopping";
    snap.config = {{"state", i.state},
                   {"instance_type", i.instance_type},
                   {"hibernation_configured", i.hibernation_configured}};
    nlohmann::json ebs = nlohmann::json::object();
    for (const auto& v : i.volume_ids) {
      auto it = volumes.find(v);
      if (it == volumes.end()) continue;
      ebs[it->second.volume_type] = ebs.value(it->second.volume_type, 0) + it->second.size_gb;
    }
    int elastic = 0;
    for (const auto& ip : i.public_ips) elastic += ip.elastic;
    auto name = i.tags.find("Name");
    snap.details = {{"name", name == i.tags.end() ? "" : name->second},
                    {"skip", SkipReason(i)},
                    {"root_device_type", i.root_device_type},
                    {"lifecycle", i.lifecycle},
                    {"ebs_gb", ebs},
                    {"public_ipv4", static_cast<int>(i.public_ips.size())},
                    {"elastic_ipv4", elastic},
                    {"state_reason", i.state_reason}};
    return snap;
  }

  Status Wait(const std::string& id, const std::string& state, const ApplyOptions& options) {
    const WaitSpec spec = WaitFor(options, "EC2 instance " + id + " to be " + state,
                                  std::chrono::milliseconds(200), std::chrono::milliseconds(5000));
    return WaitUntil(
        clock_, spec,
        [&](std::string* text) -> Result<bool> {
          auto found = ec2_.DescribeInstances({id});
          if (!found.ok()) return found.status();
          if (found->empty() || found->front().state == "terminated")
            return Status::NotFound("EC2 instance " + id + " disappeared while waiting");
          const Ec2Instance& i = found->front();
          *text = "EC2 instance " + id + ": " + i.state;
          // A start AWS could not carry out (no capacity) ends stopped again.
          if (state == "running" && i.state == "stopped" && i.state_reason.rfind("Server.", 0) == 0)
            return Status::Aws(
                "StartFailed",
                "EC2 instance " + id + " stopped again: " + ServerText(i.state_reason), 0, "",
                false);
          return i.state == state;
        },
        options.progress);
  }

  Ec2Client& ec2_;
  Clock& clock_;
  bool hibernate_;
};

}  // namespace

std::unique_ptr<ResourceType> MakeEc2InstanceType(Ec2Client& ec2, Clock& clock, bool hibernate) {
  return std::make_unique<Ec2InstanceType>(ec2, clock, hibernate);
}

TypeEntry Ec2InstanceEntry() {
  return {&kInfo, [](const TypeContext& c) {
            return MakeEc2InstanceType(c.clients.Get<Ec2Client>(), c.clock,
                                       c.config.TypeValue(kHibernateKey).flag);
          }};
}

}  // namespace arm
