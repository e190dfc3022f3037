#include "sandbox/rds_store.h"

#include "sandbox/estate_util.h"
#include "sandbox/wire.h"

namespace sandbox {
namespace {

using nlohmann::json;

RdsTime::duration Seconds(double s) {
  return std::chrono::duration_cast<RdsTime::duration>(std::chrono::duration<double>(s));
}

// Settles one database up to `now`: a transition that is due ends, a
// database stopped long enough is started by AWS (and may be available by
// `now` already).
void Settle(RdsDb& db, RdsTime now, double state_seconds, double auto_start_seconds) {
  for (int step = 0; step < 3; ++step) {
    if ((db.status == "stopping" || db.status == "starting") && now >= db.settles_at) {
      db.status = db.status == "stopping" ? "stopped" : "available";
      if (db.status == "stopped") db.stopped_at = db.settles_at;
    } else if (db.status == "stopped" && now >= db.stopped_at + Seconds(auto_start_seconds)) {
      db.status = "starting";
      db.settles_at = db.stopped_at + Seconds(auto_start_seconds) + Seconds(state_seconds);
      ++db.auto_starts;
    } else {
      return;
    }
  }
}

void LoadDb(const json& j, RdsDb& db, RdsTime now) {
  db.id = j.value("id", "");
  db.engine = j.value("engine", db.engine);
  db.status = j.value("status", db.status);
  db.storage_type = j.value("storage_type", db.storage_type);
  db.allocated_gb = j.value("allocated_gb", db.allocated_gb);
  db.tags = TagsFromJson(j.value("tags", json::object()));
  db.stopped_at = now;
  db.settles_at = now;
}

json DumpDb(const RdsDb& db) {
  return {{"id", db.id},
          {"engine", db.engine},
          {"status", db.status},
          {"storage_type", db.storage_type},
          {"allocated_gb", db.allocated_gb},
          {"tags", db.tags},
          {"auto_starts", db.auto_starts}};
}

}  // namespace

void RdsState::Advance(RdsTime now) {
  for (auto& [id, i] : instances)
    if (i.cluster_id.empty()) Settle(i, now, state_seconds, auto_start_seconds);
  for (auto& [id, c] : clusters) {
    Settle(c, now, state_seconds, auto_start_seconds);
    // Members follow their cluster.
    for (auto& [iid, i] : instances)
      if (i.cluster_id == id) i.status = c.status;
  }
}

std::vector<std::string> RdsState::ReplicasOf(const std::string& id) const {
  std::vector<std::string> out;
  for (const auto& [rid, r] : instances)
    if (r.replica_source == id) out.push_back(rid);
  return out;
}

std::vector<const RdsSandboxInstance*> RdsState::MembersOf(const std::string& cluster) const {
  std::vector<const RdsSandboxInstance*> out;
  for (const auto& [id, i] : instances)
    if (i.cluster_id == cluster) out.push_back(&i);
  return out;
}

RdsTime RdsState::RestartAt(const RdsDb& db) const {
  return db.stopped_at + Seconds(auto_start_seconds);
}

void RdsState::Begin(RdsDb& db, const std::string& status, RdsTime now) {
  db.status = status;
  db.settles_at = now + Seconds(state_seconds);
}

arm::Status RdsState::StopInstance(const std::string& id, RdsTime now) {
  auto it = instances.find(id);
  if (it == instances.end())
    return AwsError("DBInstanceNotFound", "DBInstance " + id + " not found.", 404);
  RdsSandboxInstance& i = it->second;
  if (!i.cluster_id.empty())
    return AwsError("InvalidParameterCombination",
                    i.engine + " DB instances are not eligible for stopping and starting.");
  if (!i.replica_source.empty())
    return AwsError("InvalidDBInstanceState",
                    "Instance " + id + " is a read replica and cannot be stopped.");
  if (!ReplicasOf(id).empty())
    return AwsError("InvalidDBInstanceState",
                    "Instance " + id + " has one or more read replicas and cannot be stopped.");
  if (i.status != "available")
    return AwsError("InvalidDBInstanceState", "Instance " + id + " is not in available state.");
  Begin(i, "stopping", now);
  return arm::Status::Ok();
}

arm::Status RdsState::StartInstance(const std::string& id, RdsTime now) {
  auto it = instances.find(id);
  if (it == instances.end())
    return AwsError("DBInstanceNotFound", "DBInstance " + id + " not found.", 404);
  RdsSandboxInstance& i = it->second;
  if (!i.cluster_id.empty())
    return AwsError("InvalidParameterCombination",
                    i.engine + " DB instances are not eligible for stopping and starting.");
  if (i.status != "stopped")
    return AwsError("InvalidDBInstanceState",
                    "Instance " + id + " cannot be started as it is not in stopped state.");
  Begin(i, "starting", now);
  return arm::Status::Ok();
}

arm::Status RdsState::StopCluster(const std::string& id, RdsTime now) {
  auto it = clusters.find(id);
  if (it == clusters.end())
    return AwsError("DBClusterNotFoundFault", "DBCluster " + id + " not found.", 404);
  RdsSandboxCluster& c = it->second;
  if (c.engine_mode == "serverless")
    return AwsError("InvalidDBClusterStateFault",
                    "Stop-start of Aurora Serverless v1 clusters is not supported.");
  if (!c.global_cluster.empty())
    return AwsError("InvalidDBClusterStateFault",
                    "DB cluster " + id + " is part of a global database and cannot be stopped.");
  if (!c.replication_source.empty())
    return AwsError("InvalidDBClusterStateFault",
                    "DB cluster " + id + " is a read replica and cannot be stopped.");
  if (c.status != "available")
    return AwsError("InvalidDBClusterStateFault", "DbCluster " + id + " is in " + c.status +
                                                      " state but expected it to be available.");
  Begin(c, "stopping", now);
  Advance(now);
  return arm::Status::Ok();
}

arm::Status RdsState::StartCluster(const std::string& id, RdsTime now) {
  auto it = clusters.find(id);
  if (it == clusters.end())
    return AwsError("DBClusterNotFoundFault", "DBCluster " + id + " not found.", 404);
  RdsSandboxCluster& c = it->second;
  if (c.status != "stopped")
    return AwsError("InvalidDBClusterStateFault", "DbCluster " + id + " is in " + c.status +
                                                      " state but expected it to be stopped.");
  Begin(c, "starting", now);
  Advance(now);
  return arm::Status::Ok();
}

void RdsState::Load(const json& section, RdsTime now) {
  instances.clear();
  clusters.clear();
  state_seconds = 2;
  auto_start_seconds = 7 * 24 * 3600;
  if (!section.is_object()) return;
  if (section.value("state_seconds", json()).is_number())
    state_seconds = section["state_seconds"].get<double>();
  if (section.value("auto_start_seconds", json()).is_number())
    auto_start_seconds = section["auto_start_seconds"].get<double>();
  for (const json& j : section.value("instances", json::array())) {
    if (!j.is_object()) continue;
    RdsSandboxInstance i;
    i.engine = "postgres";
    i.storage_type = "gp3";
    i.allocated_gb = 20;
    LoadDb(j, i, now);
    if (i.id.empty()) continue;
    i.instance_class = j.value("instance_class", i.instance_class);
    i.replica_source = j.value("replica_source", "");
    instances[i.id] = std::move(i);
  }
  for (const json& j : section.value("clusters", json::array())) {
    if (!j.is_object()) continue;
    RdsSandboxCluster c;
    c.engine = "aurora-postgresql";
    c.storage_type = "aurora";
    c.allocated_gb = 1;
    LoadDb(j, c, now);
    if (c.id.empty()) continue;
    c.engine_mode = j.value("engine_mode", c.engine_mode);
    c.global_cluster = j.value("global_cluster", "");
    c.replication_source = j.value("replication_source", "");
    for (const json& m : j.value("members", json::array())) {
      if (!m.is_object() || m.value("id", "").empty()) continue;
      RdsSandboxInstance i;
      i.id = m.value("id", "");
      i.engine = c.engine;
      i.storage_type = c.storage_type;
      i.allocated_gb = c.allocated_gb;
      i.instance_class = m.value("instance_class", "db.r6g.large");
      i.writer = m.value("writer", false);
      i.cluster_id = c.id;
      i.status = c.status;
      i.tags = TagsFromJson(m.value("tags", json::object()));
      instances[i.id] = std::move(i);
    }
    clusters[c.id] = std::move(c);
  }
}

json RdsState::Dump() const {
  json out = {{"state_seconds", state_seconds},
              {"auto_start_seconds", auto_start_seconds},
              {"instances", json::array()},
              {"clusters", json::array()}};
  for (const auto& [id, i] : instances) {
    if (!i.cluster_id.empty()) continue;
    json j = DumpDb(i);
    j["instance_class"] = i.instance_class;
    if (!i.replica_source.empty()) j["replica_source"] = i.replica_source;
    out["instances"].push_back(std::move(j));
  }
  for (const auto& [id, c] : clusters) {
    json j = DumpDb(c);
    j["engine_mode"] = c.engine_mode;
    if (!c.global_cluster.empty()) j["global_cluster"] = c.global_cluster;
    if (!c.replication_source.empty()) j["replication_source"] = c.replication_source;
    j["members"] = json::array();
    for (const RdsSandboxInstance* m : MembersOf(id))
      j["members"].push_back({{"id", m->id},
                              {"instance_class", m->instance_class},
                              {"writer", m->writer},
                              {"status", m->status}});
    out["clusters"].push_back(std::move(j));
  }
  return out;
}

}  // namespace sandbox
