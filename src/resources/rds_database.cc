// RDS databases, two registry rows over one implementation: standalone DB
// instances (`rds-instance`, StopDBInstance) and Aurora, DocumentDB and
// Neptune clusters (`rds-cluster`, StopDBCluster), whose member instances are
// parked through their cluster only. Stop records the status (and an
// instance's class) and stops what is available, waiting until it is
// stopped; start starts only what was recorded available and waits until it
// is. AWS starts a stopped database again after 7 days: the next stop finds
// it available with its recorded original and stops it again, keeping that
// original. What AWS refuses to stop is left running with AWS's reason.
#include "resources/rds_database.h"

#include "resources/capabilities.h"
#include "resources/types.h"
#include "resources/wait.h"
#include "services/client_set.h"
#include "services/rds_client.h"
#include "state/state_file.h"

namespace arm {
namespace {

constexpr char kAvailable[] = "available";
constexpr char kStopped[] = "stopped";

const TypeInfo kInstanceInfo = {
    .id = "rds-instance",
    .selector = "rds",
    .names_key = "RDS_INSTANCES",
    .prefix_key = {},
    .flag_keys = {},
    .price_keys = {"rds-instance-hour/*", "rds-storage-gb-month/*"},
    .arn = {"rds", "db:", ""},
    .tagging_type = "rds:db",
    // Last at stop, first at start: what the compute talks to.
    .stop_stage = 4,
    .parked = "DB instances stopped (AWS starts them after 7 days; the next stop parks them again)",
};

const TypeInfo kClusterInfo = {
    .id = "rds-cluster",
    .selector = "rds-cluster",
    .names_key = "RDS_CLUSTERS",
    .prefix_key = {},
    .flag_keys = {},
    .price_keys = {"aurora-instance-hour/*", "aurora-storage-gb-month/*"},
    .arn = {"rds", "cluster:", ""},
    .tagging_type = "rds:cluster",
    .stop_stage = 4,
    .parked =
        "Aurora, DocumentDB and Neptune clusters stopped with their instances (AWS starts "
        "them after 7 days; the next stop parks them again)",
};

// AWS starts a database that has been stopped for 7 days. reconcile parks it
// again an hour after that, once AWS has started it (its stop waits for a
// database still starting).
constexpr auto kAwsStartsAfter = std::chrono::hours(7 * 24);
constexpr auto kReparkMargin = std::chrono::hours(1);

class RdsParkExpiry final : public ParkExpiry {
 public:
  std::optional<std::chrono::system_clock::time_point> EndsAt(
      const nlohmann::json& original, std::string_view status,
      std::chrono::system_clock::time_point recorded_at) const override {
    // Only what we stopped: a database recorded already stopped stays so.
    if (original.value("status", "") != kAvailable) return std::nullopt;
    // A stop written ahead but not seen through (its call failed, or the
    // run was cut short): the database may be running; look again now.
    if (status == kStatusStopping) return recorded_at;
    if (status != kStatusStopped) return std::nullopt;
    return recorded_at + kAwsStartsAfter + kReparkMargin;
  }
  std::string Why() const override { return "AWS starts a database stopped for 7 days"; }
};

enum class DbOp { kUnknown, kStop, kStart, kWait };
NLOHMANN_JSON_SERIALIZE_ENUM(DbOp, {
                                       {DbOp::kUnknown, nullptr},
                                       {DbOp::kStop, "stop"},
                                       {DbOp::kStart, "start"},
                                       {DbOp::kWait, "wait"},
                                   })

class RdsDatabaseType final : public ResourceType {
 public:
  RdsDatabaseType(bool cluster, RdsClient& rds, Clock& clock)
      : cluster_(cluster), rds_(rds), clock_(clock) {}
  const TypeInfo& info() const override { return cluster_ ? kClusterInfo : kInstanceInfo; }
  std::string Noun() const { return cluster_ ? "DB cluster" : "DB instance"; }

  std::vector<Permission> Permissions() const override {
    const std::string arn = cluster_ ? "arn:{partition}:rds:{region}:{account}:cluster:{name}"
                                     : "arn:{partition}:rds:{region}:{account}:db:{name}";
    const std::string describe = cluster_ ? "rds:DescribeDBClusters" : "rds:DescribeDBInstances";
    std::vector<Permission> out = {
        {describe, "discover"},
        {cluster_ ? "rds:StopDBCluster" : "rds:StopDBInstance", "stop", {arn}},
        {describe, "stop"},
        {cluster_ ? "rds:StartDBCluster" : "rds:StartDBInstance", "start", {arn}},
        {describe, "start"}};
    // A cluster's cost counts its instances' classes.
    if (cluster_) out.push_back({"rds:DescribeDBInstances", "discover"});
    return out;
  }

  Result<std::vector<Snapshot>> Discover(const TypeSelection& sel) override {
    std::set<std::string> wanted(sel.saved_names);
    if (!sel.skip_listing) {
      wanted.insert(sel.explicit_names.begin(), sel.explicit_names.end());
      wanted.insert(sel.tagged_names.begin(), sel.tagged_names.end());
    }
    std::map<std::string, Snapshot> found;
    auto keep = [&](Snapshot s) { found[s.name] = std::move(s); };
    bool list_all = !sel.skip_listing && !sel.name_prefix.empty();
    std::vector<std::string> ask;
    if (!list_all) ask.assign(wanted.begin(), wanted.end());
    if (list_all || !ask.empty()) {
      Status s = cluster_ ? DescribeClusters(ask, keep) : DescribeInstances(ask, keep);
      if (!s.ok()) return s.WithContext("describe RDS " + Noun() + "s");
    }
    if (list_all)
      for (const auto& [name, snap] : found)
        if (sel.Selects(name)) wanted.insert(name);
    for (auto it = wanted.begin(); it != wanted.end();)
      it = sel.only_names.empty() || sel.only_names.count(*it) ? std::next(it) : wanted.erase(it);
    std::vector<Snapshot> out;
    for (const auto& name : wanted) {
      auto it = found.find(name);
      out.push_back(it == found.end() ? Gone(name) : std::move(it->second));
    }
    return out;
  }

  Condition Classify(const Snapshot& cur, const nlohmann::json* original) const override {
    if (!cur.exists) return Condition::kMissing;
    if (cur.transitioning) return Condition::kTransitioning;
    if (DbStatus(cur) == kStopped) return Condition::kStopped;
    if (original != nullptr && original->is_object() &&
        original->value("instance_class", "") != cur.config.value("instance_class", ""))
      return Condition::kDrifted;
    return Condition::kRunning;
  }

  PlanOutput PlanStop(const std::vector<PlanTarget>& targets) const override {
    PlanOutput out;
    for (const auto& t : targets) {
      const Snapshot& cur = *t.current;
      const std::string& id = cur.name;
      std::string status = DbStatus(cur);
      std::string skip = cur.details.value("skip", "");
      if (!cur.exists) {
        out.notes.push_back({Type(), id, Severity::kError,
                             Noun() + " does not exist" +
                                 (t.saved_status.empty() ? " and no stop recorded it" : "")});
      } else if (!cur.details.value("cluster", "").empty()) {
        out.notes.push_back({Type(), id, Severity::kWarning, "not stopped on its own: it " + skip});
      } else if (!skip.empty() && status == kAvailable) {
        out.notes.push_back({Type(), id, Severity::kWarning, "left running: it " + skip});
      } else if (status == kStopped) {
        out.notes.push_back({Type(), id, Severity::kInfo,
                             t.saved_status.empty() ? "already stopped; start leaves it stopped"
                                                    : "stopped; nothing to park"});
      } else if (status == "stopping" && !t.saved_status.empty()) {
        out.actions.push_back(MakeWait(id, kStopped));
      } else {
        // Recorded available and starting or available again: AWS's start
        // after 7 days (or a start of ours cut short). Once available it is
        // parked again, and the record keeps the original.
        bool ours = !t.saved_status.empty() && t.original.value("status", "") == kAvailable;
        if (status == "starting" && ours) {
          out.actions.push_back(MakeWait(id, kAvailable));
          status = kAvailable;
        }
        if (status != kAvailable) {
          out.notes.push_back({Type(), id, Severity::kError,
                               Noun() + " is " + status +
                                   "; AWS stops only an available one, so it is left as it is"});
          continue;
        }
        if (ours && t.saved_status == "stopped")
          out.notes.push_back({Type(), id, Severity::kInfo,
                               "started again since the stop that parked it (AWS starts a "
                               "stopped database after 7 days): stopped again, its recorded "
                               "original kept"});
        out.actions.push_back(MakeAction(id, cluster_ ? "rds:StopDBCluster" : "rds:StopDBInstance",
                                         (cluster_ ? "StopDBCluster " : "StopDBInstance ") + id,
                                         {{"op", DbOp::kStop}}));
        out.actions.push_back(MakeWait(id, kStopped));
        out.notes.push_back({Type(), id, Severity::kInfo, StillBilled(cur)});
      }
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
            {Type(), id, Severity::kError, Noun() + " no longer exists; it cannot be started"});
        continue;
      }
      std::string was = t.original.value("status", "");
      if (was != kAvailable) {
        out.notes.push_back({Type(), id, Severity::kInfo,
                             "was " + (was.empty() ? std::string("not available") : was) +
                                 " when recorded; left as it is"});
        continue;
      }
      std::string status = DbStatus(cur);
      if (status == kAvailable) continue;
      if (status == "stopping") out.actions.push_back(MakeWait(id, kStopped));
      if (status == kStopped || status == "stopping")
        out.actions.push_back(MakeAction(
            id, cluster_ ? "rds:StartDBCluster" : "rds:StartDBInstance",
            (cluster_ ? "StartDBCluster " : "StartDBInstance ") + id, {{"op", DbOp::kStart}}));
      else if (status != "starting") {
        out.notes.push_back({Type(), id, Severity::kError,
                             Noun() + " is " + status + "; it cannot be started now"});
        continue;
      }
      out.actions.push_back(MakeWait(id, kAvailable));
    }
    return out;
  }

  Status Apply(const Action& a, const ApplyOptions& options) override {
    const std::string& id = a.names.at(0);
    switch (a.params.value("op", DbOp::kUnknown)) {
      case DbOp::kStop:
        return Change(id, true);
      case DbOp::kStart:
        return Change(id, false);
      case DbOp::kWait:
        return Wait(id, a.params.at("status").get<std::string>(), options);
      case DbOp::kUnknown:
        break;
    }
    return Status::Internal("unknown RDS step " + a.params.value("op", nlohmann::json()).dump());
  }

  Status CheckOriginal(const nlohmann::json& orig) const override {
    return CheckRdsOriginal(orig, cluster_);
  }

  std::string Verify(const Snapshot& cur, const nlohmann::json& orig) const override {
    if (!cur.exists) return Noun() + " does not exist";
    std::string want = orig.value("status", "");
    if (DbStatus(cur) != want) return Noun() + " is " + DbStatus(cur) + ", expected " + want;
    std::string klass = cur.config.value("instance_class", "");
    if (klass != orig.value("instance_class", ""))
      return "instance class is " + klass + ", recorded " + orig.value("instance_class", "");
    return "";
  }

  Cost CostOf(const Snapshot& s, const PriceTable& prices,
              const std::string& region) const override {
    if (!s.exists) return Cost::Zero(Noun() + " does not exist");
    if (std::string c = s.details.value("cluster", ""); !c.empty())
      return Cost::Zero("billed with its DB cluster " + c);
    return RdsCost(s, cluster_, prices, region);
  }

  Snapshot Parked(const Snapshot& running) const override {
    Snapshot p = running;
    if (!p.exists || DbStatus(p) != kAvailable || !p.details.value("skip", "").empty()) return p;
    p.config["status"] = kStopped;
    return p;
  }

  std::string StatusText(const Snapshot& s, const nlohmann::json& original) const override {
    return RdsStatusText(s, original, cluster_);
  }

  Tip StatusTip(const Snapshot& s, Condition state) const override {
    if (state != Condition::kStopped || s.details.value("automatic_restart_time", "").empty())
      return {};
    return {
        "AWS starts a stopped RDS database again after 7 days; the next `aws-resource-manager "
        "stop`, or a schedule's reconcile an hour after AWS's start, parks it again, keeping "
        "what start restores"};
  }

  const ParkExpiry* park_expiry() const override { return &expiry_; }

  std::string FixHint(std::string_view aws_code, std::string_view) const override {
    if (aws_code == "InvalidDBInstanceState" || aws_code == "InvalidDBClusterStateFault")
      return "AWS stops only an available database and starts only a stopped one; wait until it "
             "is, or leave it out with --exclude or " +
             std::string(info().names_key);
    if (aws_code == "InsufficientDBInstanceCapacity")
      return "AWS has no capacity for this instance class in its Availability Zone now; try again "
             "later";
    return "";
  }

 private:
  std::string Type() const { return std::string(info().id); }
  RdsParkExpiry expiry_;
  static std::string DbStatus(const Snapshot& s) { return s.config.value("status", ""); }

  std::string StillBilled(const Snapshot& s) const {
    int gb = s.details.value("allocated_gb", 0);
    std::string storage = s.details.value("storage_type", "");
    return "stopped, it still bills its storage (" + std::to_string(gb) + " GB " + storage +
           ") and backups; AWS starts it again after 7 days, and the next stop parks it again";
  }

  Action MakeAction(const std::string& id, std::string api, std::string summary,
                    nlohmann::json params) const {
    return ResourceAction(info().id, id, std::move(api), std::move(summary), std::move(params));
  }
  Action MakeWait(const std::string& id, const std::string& status) const {
    Action a = MakeAction(id, cluster_ ? "rds:DescribeDBClusters" : "rds:DescribeDBInstances",
                          "wait until " + Noun() + " " + id + " is " + status,
                          {{"op", DbOp::kWait}, {"status", status}});
    a.mutating = false;
    a.changes_cost = false;
    return a;
  }

  Snapshot Gone(const std::string& id) const {
    Snapshot snap;
    snap.type = info().id;
    snap.name = id;
    snap.exists = false;
    return snap;
  }

  Status DescribeInstances(const std::vector<std::string>& ids,
                           const std::function<void(Snapshot)>& keep) {
    auto found = rds_.DescribeDBInstances(ids);
    if (!found.ok()) return found.status();
    for (const auto& i : *found)
      if (i.status != "deleting") keep(RdsInstanceSnapshot(i));
    return Status::Ok();
  }

  Status DescribeClusters(const std::vector<std::string>& ids,
                          const std::function<void(Snapshot)>& keep) {
    auto found = rds_.DescribeDBClusters(ids);
    if (!found.ok()) return found.status();
    // The members' classes, for the cost of a running cluster.
    std::vector<std::string> members;
    for (const auto& c : *found)
      for (const auto& m : c.members) members.push_back(m.instance_id);
    std::map<std::string, std::string> classes;
    if (!members.empty()) {
      auto instances = rds_.DescribeDBInstances(members);
      if (!instances.ok()) return instances.status();
      for (const auto& i : *instances) classes[i.id] = i.instance_class;
    }
    for (const auto& c : *found)
      if (c.status != "deleting") keep(RdsClusterSnapshot(c, classes));
    return Status::Ok();
  }

  // Stop or start; AWS's refusal of a database already on its way there (a
  // call AWS carried out and the client retried) is success.
  arm::Status Change(const std::string& id, bool stop) {
    Result<std::string> r = cluster_ ? (stop ? rds_.StopDBCluster(id) : rds_.StartDBCluster(id))
                                     : (stop ? rds_.StopDBInstance(id) : rds_.StartDBInstance(id));
    if (r.ok() || !(r.status().IsAws("InvalidDBInstanceState") ||
                    r.status().IsAws("InvalidDBClusterStateFault")))
      return r.status();
    Result<std::string> now = CurrentStatus(id);
    if (now.ok() && (stop ? (*now == "stopping" || *now == kStopped)
                          : (*now == "starting" || *now == kAvailable)))
      return arm::Status::Ok();
    return r.status();
  }

  // The database's status; "" when it does not exist.
  Result<std::string> CurrentStatus(const std::string& id) {
    if (cluster_) {
      auto found = rds_.DescribeDBClusters({id});
      if (!found.ok()) return found.status();
      return found->empty() ? std::string() : found->front().status;
    }
    auto found = rds_.DescribeDBInstances({id});
    if (!found.ok()) return found.status();
    return found->empty() ? std::string() : found->front().status;
  }

  arm::Status Wait(const std::string& id, const std::string& want, const ApplyOptions& options) {
    const WaitSpec spec = WaitFor(options, Noun() + " " + id + " to be " + want,
                                  std::chrono::milliseconds(200), std::chrono::milliseconds(10000));
    return WaitUntil(
        clock_, spec,
        [&](std::string* text) -> Result<bool> {
          Result<std::string> status = CurrentStatus(id);
          if (!status.ok()) return status.status();
          if (status->empty() || *status == "deleting")
            return Status::NotFound(Noun() + " " + id + " disappeared while waiting");
          *text = Noun() + " " + id + ": " + *status;
          return *status == want;
        },
        options.progress);
  }

  bool cluster_;
  RdsClient& rds_;
  Clock& clock_;
};

}  // namespace

std::unique_ptr<ResourceType> MakeRdsInstanceType(RdsClient& rds, Clock& clock) {
  return std::make_unique<RdsDatabaseType>(false, rds, clock);
}

std::unique_ptr<ResourceType> MakeRdsClusterType(RdsClient& rds, Clock& clock) {
  return std::make_unique<RdsDatabaseType>(true, rds, clock);
}

TypeEntry RdsInstanceEntry() {
  return {&kInstanceInfo, [](const TypeContext& c) {
            return MakeRdsInstanceType(c.clients.Get<RdsClient>(), c.clock);
          }};
}

TypeEntry RdsClusterEntry() {
  return {&kClusterInfo, [](const TypeContext& c) {
            return MakeRdsClusterType(c.clients.Get<RdsClient>(), c.clock);
          }};
}

}  // namespace arm
