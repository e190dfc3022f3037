#include "resources/rds_database.h"

namespace arm {
namespace {

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

// Why stop leaves the instance running (AWS's refusals, and members of a
// cluster); "" when it may be stopped.
std::string InstanceSkip(const RdsInstance& i) {
  if (!i.cluster_id.empty())
    return "belongs to DB cluster " + i.cluster_id +
           ", which parks its instances: select the cluster (RDS_CLUSTERS, selector rds-cluster)";
  if (!i.replica_source.empty())
    return "is a read replica of " + i.replica_source +
           ": AWS cannot stop a read replica (InvalidDBInstanceState)";
  if (!i.replicas.empty())
    return "has read replicas (" + Join(i.replicas) +
           "): AWS cannot stop a DB instance that has read replicas (InvalidDBInstanceState)";
  return "";
}

std::string ClusterSkip(const RdsCluster& c) {
  if (c.engine_mode == "serverless")
    return "is an Aurora Serverless v1 cluster: AWS cannot stop it (InvalidDBClusterStateFault)";
  if (!c.global_cluster.empty())
    return "is part of global database " + c.global_cluster +
           ": AWS cannot stop it (InvalidDBClusterStateFault)";
  if (!c.replication_source.empty())
    return "is a read replica of " + c.replication_source +
           ": AWS cannot stop it (InvalidDBClusterStateFault)";
  if (!c.replicas.empty())
    return "has cross-Region read replicas (" + Join(c.replicas) +
           "): AWS cannot stop it (InvalidDBClusterStateFault)";
  return "";
}

Snapshot Base(const std::string& type, const std::string& id, const std::string& status) {
  Snapshot snap;
  snap.type = type;
  snap.name = id;
  snap.transitioning = status != "available" && status != "stopped";
  snap.config = {{"status", status}};
  return snap;
}

}  // namespace

Snapshot RdsInstanceSnapshot(const RdsInstance& i) {
  Snapshot snap = Base("rds-instance", i.id, i.status);
  snap.config["instance_class"] = i.instance_class;
  snap.details = {{"engine", i.engine},
                  {"storage_type", i.storage_type},
                  {"allocated_gb", i.allocated_gb},
                  {"cluster", i.cluster_id},
                  {"skip", InstanceSkip(i)},
                  {"automatic_restart_time", i.automatic_restart_time}};
  return snap;
}

Snapshot RdsClusterSnapshot(const RdsCluster& c,
                            const std::map<std::string, std::string>& classes) {
  Snapshot snap = Base("rds-cluster", c.id, c.status);
  nlohmann::json member_classes = nlohmann::json::object();
  nlohmann::json member_ids = nlohmann::json::array();
  for (const auto& m : c.members) {
    auto k = classes.find(m.instance_id);
    std::string klass = k == classes.end() ? "unknown" : k->second;
    member_classes[klass] = member_classes.value(klass, 0) + 1;
    member_ids.push_back(m.instance_id);
  }
  snap.details = {{"engine", c.engine},
                  {"storage_type", c.storage_type.empty() ? "aurora" : c.storage_type},
                  {"allocated_gb", c.allocated_gb},
                  {"members", member_ids},
                  {"member_classes", member_classes},
                  {"skip", ClusterSkip(c)},
                  {"automatic_restart_time", c.automatic_restart_time}};
  return snap;
}

Cost RdsCost(const Snapshot& s, bool cluster, const PriceTable& prices, const std::string& region) {
  Cost total;
  const std::string family = cluster ? "aurora" : "rds";
  // stopping and starting bill as running; only stopped does not.
  if (s.config.value("status", "") != "stopped") {
    if (cluster) {
      const nlohmann::json members = s.details.value("member_classes", nlohmann::json::object());
      for (const auto& [klass, n] : members.items())
        total += PricedCost(prices, region, "aurora-instance-hour/" + klass, klass + " instance",
                            n.get<int>(), "Aurora instance " + klass);
    } else {
      std::string klass = s.config.value("instance_class", "");
      total += PricedCost(prices, region, "rds-instance-hour/" + klass, klass + " instance", 1,
                          "DB instance " + klass);
    }
  }
  std::string storage = s.details.value("storage_type", "");
  int gb = s.details.value("allocated_gb", 0);
  if (gb > 0)
    total += PricedCost(prices, region, family + "-storage-gb-month/" + storage,
                        storage + " storage GB", gb, family + " storage " + storage);
  return total;
}

std::string RdsStatusText(const Snapshot& s, const nlohmann::json& original, bool cluster) {
  if (!s.exists) return "does not exist";
  std::string status = s.config.value("status", "");
  std::string out;
  if (cluster) {
    out = s.details.value("engine", "") + " " + status;
    const nlohmann::json members = s.details.value("member_classes", nlohmann::json::object());
    for (const auto& [klass, n] : members.items())
      out += ", " + std::to_string(n.get<int>()) + " x " + klass;
  } else {
    out = s.config.value("instance_class", "") + " " + s.details.value("engine", "") + " " + status;
  }
  int gb = s.details.value("allocated_gb", 0);
  if (gb > 0) out += ", " + std::to_string(gb) + " GB " + s.details.value("storage_type", "");
  std::string restart = s.details.value("automatic_restart_time", "");
  if (status == "stopped" && !restart.empty()) out += "; AWS will start it at " + restart;
  if (original.is_object() && !original.value("status", "").empty() &&
      original.value("status", "") != status)
    out += "; was " + original.value("status", "");
  std::string skip = s.details.value("skip", "");
  if (!skip.empty()) out += "; not parked: it " + skip;
  return out;
}

Status CheckRdsOriginal(const nlohmann::json& orig, bool cluster) {
  if (!orig.is_object())
    return Status::InvalidArgument("original: expected an object, got " + orig.dump());
  auto status = orig.find("status");
  if (status == orig.end() || !status->is_string() ||
      (*status != "available" && *status != "stopped"))
    return Status::InvalidArgument(
        "status: expected \"available\" or \"stopped\", got " +
        (status == orig.end() ? std::string("nothing") : status->dump()));
  if (cluster) return Status::Ok();
  auto klass = orig.find("instance_class");
  if (klass == orig.end() || !klass->is_string() || klass->get<std::string>().empty())
    return Status::InvalidArgument("instance_class: expected a DB instance class, got " +
                                   (klass == orig.end() ? std::string("nothing") : klass->dump()));
  return Status::Ok();
}

}  // namespace arm
