// EC2 Auto Scaling groups: stop records MinSize, MaxSize, DesiredCapacity and
// the processes already suspended, suspends ScheduledActions and
// AlarmNotification (so the group's own schedules and alarms cannot undo the
// park) and sets min and desired to 0, MaxSize unchanged. Start puts the
// sizes back, waits until the group has its instances InService, then
// resumes only the processes stop suspended. Instances protected from
// scale-in are not terminated by AWS: they keep running, and billing.
#include <algorithm>
#include <map>

#include "resources/types.h"
#include "resources/wait.h"
#include "services/client_set.h"
#include "services/ec2_autoscaling_client.h"

namespace arm {
namespace {

constexpr char kType[] = "autoscaling-group";
constexpr char kInstanceHour[] = "ec2-instance-hour";

const TypeInfo kInfo = {
    .id = kType,
    .selector = "asg",
    .names_key = "ASG_NAMES",
    .prefix_key = {},
    .flag_keys = {},
    .price_keys = {"ec2-instance-hour/*"},
    .arn = {"autoscaling", "autoScalingGroup:", "", ":autoScalingGroupName/"},
    .tagging_type = "autoscaling:autoScalingGroup",
    // With the compute, after ECS.
    .stop_stage = 1,
    .parked =
        "Auto Scaling groups at min and desired 0, their scheduled actions and alarm "
        "notifications suspended",
};

// What stop suspends, so that nothing of the group's own scales it back up.
const std::vector<std::string>& ParkProcesses() {
  static const std::vector<std::string> kProcesses = {"ScheduledActions", "AlarmNotification"};
  return kProcesses;
}

enum class GroupOp { kUnknown, kSuspend, kScale, kWait, kResume };
NLOHMANN_JSON_SERIALIZE_ENUM(GroupOp, {
                                          {GroupOp::kUnknown, nullptr},
                                          {GroupOp::kSuspend, "suspend"},
                                          {GroupOp::kScale, "scale"},
                                          {GroupOp::kWait, "wait"},
                                          {GroupOp::kResume, "resume"},
                                      })

std::vector<std::string> Processes(const nlohmann::json& config) {
  std::vector<std::string> out;
  auto it = config.find("suspended_processes");
  if (it != config.end() && it->is_array())
    for (const auto& p : *it)
      if (p.is_string()) out.push_back(p.get<std::string>());
  return out;
}
bool Has(const std::vector<std::string>& list, const std::string& p) {
  return std::find(list.begin(), list.end(), p) != list.end();
}
// The park processes in `in` and not in `out`.
std::vector<std::string> ParkedIn(const std::vector<std::string>& in,
                                  const std::vector<std::string>& out) {
  std::vector<std::string> r;
  for (const auto& p : ParkProcesses())
    if (Has(in, p) && !Has(out, p)) r.push_back(p);
  return r;
}
std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}
std::string Sizes(int min, int desired, int max) {
  return "min " + std::to_string(min) + " desired " + std::to_string(desired) + " max " +
         std::to_string(max);
}
std::string Sizes(const nlohmann::json& c) {
  return Sizes(c.value("min_size", 0), c.value("desired_capacity", 0), c.value("max_size", 0));
}

bool Active(const AsgInstance& i) {
  return i.lifecycle_state == "InService" || i.lifecycle_state.rfind("Pending", 0) == 0;
}
// Instances that run (InService or Pending), by protection from scale-in.
int Running(const nlohmann::json& details, bool is_protected) {
  int n = 0;
  for (const auto& i : details.value("instances", nlohmann::json::array()))
    n += i.value("running", false) && i.value("protected", false) == is_protected;
  return n;
}
// The type most of the group's running instances have; "" when none runs.
std::string InstanceType(const AutoScalingGroup& g) {
  std::map<std::string, int> n;
  for (const auto& i : g.instances)
    if (Active(i) && !i.instance_type.empty()) ++n[i.instance_type];
  auto most = std::max_element(n.begin(), n.end(),
                               [](const auto& a, const auto& b) { return a.second < b.second; });
  return most == n.end() ? "" : most->first;
}
int InService(const AutoScalingGroup& g, bool only_unprotected) {
  int n = 0;
  for (const auto& i : g.instances)
    n += i.lifecycle_state == "InService" && !(only_unprotected && i.protected_from_scale_in);
  return n;
}

class AutoScalingGroupType final : public ResourceType {
 public:
  AutoScalingGroupType(Ec2AutoScalingClient& asg, Clock& clock) : asg_(asg), clock_(clock) {}
  const TypeInfo& info() const override { return kInfo; }

  std::vector<Permission> Permissions() const override {
    const std::string group =
        "arn:{partition}:autoscaling:{region}:{account}:autoScalingGroup:*:"
        "autoScalingGroupName/{name}";
    return {{"autoscaling:DescribeAutoScalingGroups", "discover"},
            {"autoscaling:SuspendProcesses", "stop", {group}},
            {"autoscaling:UpdateAutoScalingGroup", "stop", {group}},
            {"autoscaling:ResumeProcesses", "stop", {group}},
            {"autoscaling:DescribeAutoScalingGroups", "stop"},
            {"autoscaling:UpdateAutoScalingGroup", "start", {group}},
            {"autoscaling:SuspendProcesses", "start", {group}},
            {"autoscaling:ResumeProcesses", "start", {group}},
            {"autoscaling:DescribeAutoScalingGroups", "start"}};
  }

  Result<std::vector<Snapshot>> Discover(const TypeSelection& sel) override {
    std::set<std::string> wanted(sel.saved_names);
    if (!sel.skip_listing) {
      wanted.insert(sel.explicit_names.begin(), sel.explicit_names.end());
      wanted.insert(sel.tagged_names.begin(), sel.tagged_names.end());
    }
    std::map<std::string, AutoScalingGroup> found;
    if (!sel.skip_listing && !sel.name_prefix.empty()) {
      // A prefix rule: every group, one DescribeAutoScalingGroups per 100.
      auto all = asg_.DescribeAutoScalingGroups({});
      if (!all.ok()) return all.status().WithContext("list Auto Scaling groups");
      for (auto& g : *all) {
        if (sel.Selects(g.name)) wanted.insert(g.name);
        found[g.name] = std::move(g);
      }
    }
    for (auto it = wanted.begin(); it != wanted.end();)
      it = sel.only_names.empty() || sel.only_names.count(*it) ? std::next(it) : wanted.erase(it);
    std::vector<std::string> ask;
    for (const auto& n : wanted)
      if (!found.count(n)) ask.push_back(n);
    // Groups are described 50 per call: a call that fails leaves its groups
    // unknown (DescribeEach), the others go on.
    std::map<std::string, Status> failed;
    for (size_t i = 0; i < ask.size(); i += Ec2AutoScalingClient::kMaxNamesPerDescribe) {
      std::vector<std::string> chunk(
          ask.begin() + i,
          ask.begin() + std::min(ask.size(), i + Ec2AutoScalingClient::kMaxNamesPerDescribe));
      auto got = asg_.DescribeAutoScalingGroups(chunk);
      if (!got.ok()) {
        for (const auto& n : chunk) failed[n] = got.status();
        continue;
      }
      for (auto& g : *got) found[g.name] = std::move(g);
    }
    return DescribeEach(wanted, 1, [&](const std::string& name) -> Result<Snapshot> {
      if (auto f = failed.find(name); f != failed.end())
        return f->second.WithContext("describe Auto Scaling group " + name);
      auto g = found.find(name);
      return Snap(name, g == found.end() ? nullptr : &g->second);
    });
  }

  Condition Classify(const Snapshot& cur, const nlohmann::json* original) const override {
    if (!cur.exists) return Condition::kMissing;
    if (cur.transitioning) return Condition::kTransitioning;
    if (cur.config.value("min_size", 0) == 0 && cur.config.value("desired_capacity", 0) == 0)
      return Condition::kStopped;
    if (original != nullptr && original->is_object() &&
        (cur.config.value("min_size", -1) != original->value("min_size", -1) ||
         cur.config.value("desired_capacity", -1) != original->value("desired_capacity", -1) ||
         cur.config.value("max_size", -1) != original->value("max_size", -1)))
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
        note(Severity::kError, std::string("Auto Scaling group no longer exists") +
                                   (t.saved_status.empty() ? " and no stop recorded it" : ""));
        continue;
      }
      if (cur.transitioning) {
        note(Severity::kError, "Auto Scaling group is being deleted; left as it is");
        continue;
      }
      if (std::string owner = cur.details.value("managed_by", ""); !owner.empty()) {
        note(Severity::kWarning, "left running: " + owner + " manages its size; " +
                                     cur.details.value("park_instead", ""));
        continue;
      }
      // Processes suspended before the stop that the park cannot live with,
      // unless this group was parked by an earlier stop: with Launch
      // suspended start could not bring the instances back; with Terminate
      // suspended AWS would not remove them and the wait could not end.
      const std::vector<std::string> procs = Processes(cur.config);
      if (t.saved_status.empty() &&
          (cur.config.value("min_size", 0) != 0 || cur.config.value("desired_capacity", 0) != 0)) {
        if (Has(procs, "Launch")) {
          note(Severity::kWarning,
               "left running: its Launch process is suspended, so a start could not bring its "
               "instances back; resume Launch (aws autoscaling resume-processes) to park it");
          continue;
        }
        if (Has(procs, "Terminate")) {
          note(Severity::kWarning,
               "left running: its Terminate process is suspended, so AWS would not remove its "
               "instances; resume Terminate (aws autoscaling resume-processes) to park it");
          continue;
        }
      }
      size_t first = out.actions.size();
      std::vector<std::string> suspend = ParkedIn(ParkProcesses(), Processes(cur.config));
      if (!suspend.empty())
        out.actions.push_back(MakeAction(cur.name, "autoscaling:SuspendProcesses",
                                         "SuspendProcesses " + cur.name + " " + Join(suspend),
                                         {{"op", GroupOp::kSuspend}, {"processes", suspend}},
                                         /*bills=*/false));
      int min = cur.config.value("min_size", 0), desired = cur.config.value("desired_capacity", 0);
      if (min != 0 || desired != 0)
        out.actions.push_back(MakeAction(cur.name, "autoscaling:UpdateAutoScalingGroup",
                                         "UpdateAutoScalingGroup " + cur.name + " " +
                                             Sizes(cur.config) + " -> " +
                                             Sizes(0, 0, cur.config.value("max_size", 0)),
                                         // Resumed should the update fail: the group keeps running,
                                         // and so do its schedules.
                                         {{"op", GroupOp::kScale},
                                          {"min_size", 0},
                                          {"desired_capacity", 0},
                                          {"resume_on_failure", suspend}},
                                         /*bills=*/true));
      if (Running(cur.details, false) > 0 || desired != 0)
        out.actions.push_back(MakeWait(cur.name, 0));
      if (int kept = Running(cur.details, true); kept > 0)
        note(Severity::kWarning,
             std::to_string(kept) + " instance" + (kept == 1 ? " is" : "s are") +
                 " protected from scale-in: AWS does not terminate " + (kept == 1 ? "it" : "them") +
                 "; " + (kept == 1 ? "it keeps" : "they keep") +
                 " running and billing while the group is parked");
      if (cur.details.value("warm_pool", false))
        note(Severity::kWarning,
             "has a warm pool (" + std::to_string(cur.details.value("warm_pool_size", 0)) +
                 " instances): it is left as it is, and its instances are not in the cost");
      if (out.actions.size() == first) note(Severity::kInfo, "already parked; nothing to do");
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
                             "Auto Scaling group no longer exists; it cannot be started"});
        continue;
      }
      if (cur.transitioning) {
        out.notes.push_back({kType, cur.name, Severity::kError,
                             "Auto Scaling group is being deleted; it cannot be started"});
        continue;
      }
      int min = orig.value("min_size", 0), max = orig.value("max_size", 0),
          desired = orig.value("desired_capacity", 0);
      if (Sizes(cur.config) != Sizes(orig))
        out.actions.push_back(MakeAction(cur.name, "autoscaling:UpdateAutoScalingGroup",
                                         "UpdateAutoScalingGroup " + cur.name + " " +
                                             Sizes(cur.config) + " -> " + Sizes(orig) +
                                             " as recorded",
                                         {{"op", GroupOp::kScale},
                                          {"min_size", min},
                                          {"max_size", max},
                                          {"desired_capacity", desired}},
                                         /*bills=*/true));
      if (Sizes(cur.config) != Sizes(orig) || cur.details.value("in_service", 0) != desired)
        out.actions.push_back(MakeWait(cur.name, desired));
      const std::vector<std::string> now = Processes(cur.config), was = Processes(orig);
      // Resume only what stop suspended (the park processes not suspended
      // before); put back any the record has that someone resumed meanwhile.
      if (auto resume = ParkedIn(now, was); !resume.empty())
        out.actions.push_back(
            MakeAction(cur.name, "autoscaling:ResumeProcesses",
                       "ResumeProcesses " + cur.name + " " + Join(resume) + " (suspended by stop)",
                       {{"op", GroupOp::kResume}, {"processes", resume}}, /*bills=*/false));
      std::vector<std::string> suspend;
      for (const auto& p : was)
        if (!Has(now, p)) suspend.push_back(p);
      if (!suspend.empty())
        out.actions.push_back(MakeAction(
            cur.name, "autoscaling:SuspendProcesses",
            "SuspendProcesses " + cur.name + " " + Join(suspend) + " (suspended as recorded)",
            {{"op", GroupOp::kSuspend}, {"processes", suspend}}, /*bills=*/false));
    }
    return out;
  }

  Status Apply(const Action& a, const ApplyOptions& options) override {
    const std::string& name = a.names.at(0);
    auto list = [&](const char* key) { return a.params.at(key).get<std::vector<std::string>>(); };
    switch (a.params.value("op", GroupOp::kUnknown)) {
      case GroupOp::kSuspend:
        return asg_.SuspendProcesses(name, list("processes"));
      case GroupOp::kResume:
        return asg_.ResumeProcesses(name, list("processes"));
      case GroupOp::kScale: {
        Status s = asg_.UpdateCapacity(name, a.params.value("min_size", -1),
                                       a.params.value("max_size", -1),
                                       a.params.value("desired_capacity", -1));
        std::vector<std::string> resume =
            a.params.value("resume_on_failure", std::vector<std::string>{});
        if (s.ok() || resume.empty()) return s;
        Status back = asg_.ResumeProcesses(name, resume);
        return s.WithContext(back.ok()
                                 ? "the group keeps running; " + Join(resume) + " resumed as it was"
                                 : "the group keeps running with " + Join(resume) +
                                       " SUSPENDED (resuming failed: " + back.ToString() +
                                       "); `aws-resource-manager start` resumes them");
      }
      case GroupOp::kWait:
        return Wait(name, a.params.at("in_service").get<int>(), options);
      case GroupOp::kUnknown:
        break;
    }
    return Status::Internal("unknown Auto Scaling group step " +
                            a.params.value("op", nlohmann::json()).dump());
  }

  Status CheckOriginal(const nlohmann::json& orig) const override {
    if (!orig.is_object())
      return Status::InvalidArgument("original: expected an object, got " + orig.dump());
    for (const char* key : {"min_size", "desired_capacity", "max_size"}) {
      auto v = orig.find(key);
      if (v == orig.end() || !v->is_number_integer() || v->get<long long>() < 0)
        return Status::InvalidArgument(std::string(key) + ": expected a whole number >= 0, got " +
                                       (v == orig.end() ? std::string("nothing") : v->dump()));
    }
    if (orig["min_size"].get<long long>() > orig["desired_capacity"].get<long long>() ||
        orig["desired_capacity"].get<long long>() > orig["max_size"].get<long long>())
      return Status::InvalidArgument(
          "desired_capacity: expected min_size <= desired_capacity <= "
          "max_size, got " +
          Sizes(orig));
    if (auto t = orig.find("instance_type"); t != orig.end() && !t->is_string())
      return Status::InvalidArgument("instance_type: expected text, got " + t->dump());
    auto p = orig.find("suspended_processes");
    bool ok = p != orig.end() && p->is_array();
    if (ok)
      for (const auto& e : *p) ok = ok && e.is_string() && !e.get<std::string>().empty();
    if (!ok)
      return Status::InvalidArgument("suspended_processes: expected a list of process names, got " +
                                     (p == orig.end() ? std::string("nothing") : p->dump()));
    return Status::Ok();
  }

  std::string Verify(const Snapshot& cur, const nlohmann::json& orig) const override {
    if (!cur.exists) return "Auto Scaling group does not exist";
    if (Sizes(cur.config) != Sizes(orig))
      return "sizes are " + Sizes(cur.config) + ", expected " + Sizes(orig);
    int in_service = cur.details.value("in_service", 0);
    if (in_service != orig.value("desired_capacity", 0))
      return std::to_string(in_service) + " instances InService, expected " +
             std::to_string(orig.value("desired_capacity", 0));
    std::vector<std::string> now = Processes(cur.config), was = Processes(orig);
    std::sort(now.begin(), now.end());
    std::sort(was.begin(), was.end());
    if (now != was)
      return "suspended processes are [" + Join(now) + "], recorded [" + Join(was) + "]";
    return "";
  }

  // The desired capacity (or the instances protected from scale-in, when
  // more) at the on-demand price of config.instance_type: the type of the
  // group's instances, read while it had some (the record keeps it).
  Cost CostOf(const Snapshot& s, const PriceTable& prices,
              const std::string& region) const override {
    if (!s.exists) return Cost::Zero("Auto Scaling group does not exist");
    if (std::string owner = s.details.value("managed_by", "");
        owner.rfind("EKS node group ", 0) == 0)
      return Cost::Zero("billed with its " + owner);
    int desired = s.config.value("desired_capacity", 0), kept = Running(s.details, true);
    int billed = std::max(desired, kept);
    if (billed == 0) return Cost::Zero("no instances");
    std::string type = s.config.value("instance_type", "");
    if (type.empty())
      return Cost::Unknown("instance type unknown: no instance was running to read it from");
    return PricedCost(prices, region, std::string(kInstanceHour) + "/" + type,
                      type + " instance" + (desired < kept ? " (protected from scale-in)" : ""),
                      billed, type + " instance");
  }

  Snapshot Parked(const Snapshot& running) const override {
    Snapshot p = running;
    if (!p.details.value("managed_by", "").empty()) return p;  // left running
    p.transitioning = false;
    p.config["min_size"] = 0;
    p.config["desired_capacity"] = 0;
    std::vector<std::string> procs = Processes(p.config);
    for (const auto& s : ParkedIn(ParkProcesses(), procs)) procs.push_back(s);
    std::sort(procs.begin(), procs.end());  // as Discover lists them
    p.config["suspended_processes"] = procs;
    // Instances protected from scale-in stay.
    nlohmann::json kept = nlohmann::json::array();
    for (const auto& i : p.details.value("instances", nlohmann::json::array()))
      if (i.value("protected", false)) kept.push_back(i);
    p.details["instances"] = kept;
    p.details["in_service"] = Running(p.details, true);
    return p;
  }

  std::string StatusText(const Snapshot& s, const nlohmann::json& original) const override {
    if (!s.exists) return "does not exist";
    std::string out =
        Sizes(s.config) + " (" + std::to_string(s.details.value("in_service", 0)) + " InService)";
    std::map<std::string, int> types;
    for (const auto& i : s.details.value("instances", nlohmann::json::array()))
      if (i.value("running", false)) ++types[i.value("type", "?")];
    for (const auto& [type, n] : types) out += ", " + std::to_string(n) + " x " + type;
    if (int kept = Running(s.details, true); kept > 0)
      out += ", " + std::to_string(kept) + " protected from scale-in (not parked)";
    if (s.details.value("warm_pool", false)) out += ", warm pool";
    if (auto procs = Processes(s.config); !procs.empty()) out += ", suspended: " + Join(procs);
    if (original.is_object() && Sizes(original) != Sizes(s.config))
      out += "; was " + Sizes(original);
    return out;
  }

  std::string FixHint(std::string_view aws_code, std::string_view api) const override {
    (void)api;
    if (aws_code == "ScalingActivityInProgress")
      return "a scaling activity of the group is still running: run the command again once "
             "`aws autoscaling describe-scaling-activities` shows it done";
    if (aws_code == "ResourceInUse")
      return "the group is being changed by another call (an instance refresh or a deletion?): "
             "check it in the EC2 console, then run the command again";
    return "";
  }

 private:
  static Action MakeAction(const std::string& name, std::string api, std::string summary,
                           nlohmann::json params, bool bills) {
    Action a = ResourceAction(kType, name, std::move(api), std::move(summary), std::move(params));
    a.changes_cost = bills;
    return a;
  }
  static Action MakeWait(const std::string& name, int in_service) {
    Action a =
        MakeAction(name, "autoscaling:DescribeAutoScalingGroups",
                   "wait until Auto Scaling group " + name + " has " + std::to_string(in_service) +
                       " instance" + (in_service == 1 ? "" : "s") + " InService" +
                       (in_service == 0 ? " (protected ones excepted)" : ""),
                   {{"op", GroupOp::kWait}, {"in_service", in_service}}, false);
    a.mutating = false;
    return a;
  }

  // `g` null: the group does not exist.
  static Snapshot Snap(const std::string& name, const AutoScalingGroup* g) {
    Snapshot snap;
    snap.type = kType;
    snap.name = name;
    if (g == nullptr) {
      snap.exists = false;
      return snap;
    }
    std::vector<std::string> procs = g->suspended_processes;
    std::sort(procs.begin(), procs.end());
    snap.transitioning = !g->status.empty();  // "Delete in progress"
    snap.config = {{"min_size", g->min_size},
                   {"max_size", g->max_size},
                   {"desired_capacity", g->desired_capacity},
                   {"suspended_processes", procs},
                   {"instance_type", InstanceType(*g)}};
    nlohmann::json instances = nlohmann::json::array();
    for (const auto& i : g->instances)
      instances.push_back({{"id", i.id},
                           {"type", i.instance_type},
                           {"state", i.lifecycle_state},
                           {"running", Active(i)},
                           {"protected", i.protected_from_scale_in}});
    // EKS tags the group of a managed node group, ECS the group of a
    // capacity provider with managed scaling: they own its sizes.
    std::string cluster, nodegroup, managed_by, park_instead;
    bool ecs = false;
    for (const auto& [key, value] : g->tags) {
      if (key == "eks:cluster-name") cluster = value;
      if (key == "eks:nodegroup-name") nodegroup = value;
      if (key == "AmazonECSManaged") ecs = true;
    }
    if (!nodegroup.empty()) {
      managed_by = "EKS node group " + cluster + "/" + nodegroup;
      park_instead = "park the node group instead (selector nodegroup, EKS_NODEGROUPS)";
    } else if (ecs) {
      managed_by = "an ECS capacity provider (tag AmazonECSManaged)";
      park_instead = "park its ECS services (selector ecs) and ECS scales the group in by itself";
    }
    snap.details = {{"arn", g->arn},
                    {"status", g->status},
                    {"managed_by", managed_by},
                    {"park_instead", park_instead},
                    {"in_service", InService(*g, false)},
                    {"instances", instances},
                    {"warm_pool", g->has_warm_pool},
                    {"warm_pool_size", g->warm_pool_size},
                    {"new_instances_protected", g->new_instances_protected}};
    return snap;
  }

  // Parking (0): until no unprotected instance is InService. Restoring (n):
  // until n instances are InService.
  Status Wait(const std::string& name, int in_service, const ApplyOptions& options) {
    const WaitSpec spec = WaitFor(options,
                                  "Auto Scaling group " + name + " to have " +
                                      std::to_string(in_service) + " instances InService",
                                  std::chrono::milliseconds(200), std::chrono::milliseconds(5000));
    return WaitUntil(
        clock_, spec,
        [&](std::string* text) -> Result<bool> {
          auto found = asg_.DescribeAutoScalingGroups({name});
          if (!found.ok()) return found.status();
          if (found->empty())
            return Status::NotFound("Auto Scaling group " + name + " disappeared while waiting");
          const AutoScalingGroup& g = found->front();
          *text = "Auto Scaling group " + name + ": " + std::to_string(InService(g, false)) +
                  " InService, desired " + std::to_string(g.desired_capacity);
          return in_service == 0
                     ? InService(g, true) == 0 && g.desired_capacity == 0
                     : InService(g, false) == in_service && g.desired_capacity == in_service;
        },
        options.progress);
  }

  Ec2AutoScalingClient& asg_;
  Clock& clock_;
};

}  // namespace

std::unique_ptr<ResourceType> MakeAutoScalingGroupType(Ec2AutoScalingClient& asg, Clock& clock) {
  return std::make_unique<AutoScalingGroupType>(asg, clock);
}

TypeEntry AutoScalingGroupEntry() {
  return {&kInfo, [](const TypeContext& c) {
            return MakeAutoScalingGroupType(c.clients.Get<Ec2AutoScalingClient>(), c.clock);
          }};
}

}  // namespace arm
