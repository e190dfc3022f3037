#pragma once
// RDS databases in the sandbox: standalone DB instances, and clusters
// (Aurora, DocumentDB, Neptune) whose member instances follow their cluster.
// Stops and starts take `state_seconds` of the sandbox clock (stopping ->
// stopped, starting -> available); a database stopped for
// `auto_start_seconds` (AWS: 7 days) is started again by "AWS", as RDS does.
// Evaluated lazily: Advance() runs before each request is answered.
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/status.h"

namespace sandbox {

using RdsTime = std::chrono::system_clock::time_point;

struct RdsDb {
  std::string id, engine, status = "available", storage_type;
  int allocated_gb = 0;
  std::map<std::string, std::string> tags;
  RdsTime settles_at{};  // stopping/starting ends
  RdsTime stopped_at{};  // when it became stopped (the automatic start counts from it)
  int auto_starts = 0;   // how often AWS started it again (GET /_sandbox/state)
};

struct RdsSandboxInstance : RdsDb {
  std::string instance_class = "db.t3.medium";
  std::string cluster_id;      // member of this cluster
  std::string replica_source;  // a read replica of this instance
  bool writer = false;         // the cluster's writer
};

struct RdsSandboxCluster : RdsDb {
  std::string engine_mode = "provisioned";
  std::string global_cluster, replication_source;
};

struct RdsState {
  double state_seconds = 2;
  double auto_start_seconds = 7 * 24 * 3600;
  std::map<std::string, RdsSandboxInstance> instances;
  std::map<std::string, RdsSandboxCluster> clusters;

  // Settles due transitions and AWS's automatic starts.
  void Advance(RdsTime now);
  // The instances that read from `id` (ReadReplicaDBInstanceIdentifiers).
  std::vector<std::string> ReplicasOf(const std::string& id) const;
  std::vector<const RdsSandboxInstance*> MembersOf(const std::string& cluster) const;
  // When a stopped database is started by AWS (AutomaticRestartTime).
  RdsTime RestartAt(const RdsDb& db) const;

  // AWS's refusals as values (AwsError): not found, not in a state to be
  // stopped or started, and what AWS never stops.
  arm::Status StopInstance(const std::string& id, RdsTime now);
  arm::Status StartInstance(const std::string& id, RdsTime now);
  arm::Status StopCluster(const std::string& id, RdsTime now);
  arm::Status StartCluster(const std::string& id, RdsTime now);

  // estate["rds"]: {"state_seconds", "auto_start_seconds", "instances": [{id,
  // instance_class, engine, status, storage_type, allocated_gb, cluster_id,
  // replica_source, tags}], "clusters": [{id, engine, engine_mode, status,
  // storage_type, allocated_gb, global_cluster, replication_source, tags,
  // members: [{id, instance_class, writer}]}]}.
  void Load(const nlohmann::json& section, RdsTime now);
  nlohmann::json Dump() const;

 private:
  void Begin(RdsDb& db, const std::string& status, RdsTime now);
};

}  // namespace sandbox
