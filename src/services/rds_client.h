#pragma once
// Amazon RDS (query protocol, 2014-10-31): DB instances and DB clusters
// (Aurora, DocumentDB and Neptune answer the same API), and stopping and
// starting them. Wire calls only.
#include <map>
#include <string>
#include <vector>

#include "aws/aws_client.h"
#include "core/status.h"

namespace arm {

struct RdsInstance {
  std::string id, arn, instance_class, engine, status, storage_type;
  int allocated_gb = 0;
  std::string cluster_id;              // DBClusterIdentifier: "" when standalone
  std::string replica_source;          // ReadReplicaSourceDBInstanceIdentifier
  std::vector<std::string> replicas;   // ReadReplicaDBInstanceIdentifiers
  std::string automatic_restart_time;  // ISO 8601; "" when not stopped
  std::map<std::string, std::string> tags;
};

struct RdsClusterMember {
  std::string instance_id;
  bool writer = false;
};

struct RdsCluster {
  std::string id, arn, engine, engine_mode, status, storage_type;
  int allocated_gb = 0;
  std::string replication_source;     // ReplicationSourceIdentifier
  std::vector<std::string> replicas;  // ReadReplicaIdentifiers
  std::string global_cluster;         // GlobalClusterIdentifier
  std::vector<RdsClusterMember> members;
  std::string automatic_restart_time;
  std::map<std::string, std::string> tags;
};

class RdsClient {
 public:
  explicit RdsClient(AwsClient& client) : client_(client) {}

  // The named instances (filter db-instance-id, up to kMaxIdsPerFilter per
  // call; every instance when `ids` is empty), every page. An unknown id is
  // absent from the answer, not an error.
  Result<std::vector<RdsInstance>> DescribeDBInstances(const std::vector<std::string>& ids);
  // The same for clusters (filter db-cluster-id).
  Result<std::vector<RdsCluster>> DescribeDBClusters(const std::vector<std::string>& ids);
  // Each returns the status AWS answers with ("stopping", "starting").
  Result<std::string> StopDBInstance(const std::string& id, CallStats* stats = nullptr);
  Result<std::string> StartDBInstance(const std::string& id, CallStats* stats = nullptr);
  Result<std::string> StopDBCluster(const std::string& id, CallStats* stats = nullptr);
  Result<std::string> StartDBCluster(const std::string& id, CallStats* stats = nullptr);

  static constexpr size_t kMaxIdsPerFilter = 100;

 private:
  AwsClient& client_;
};

}  // namespace arm
