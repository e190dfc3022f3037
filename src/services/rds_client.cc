#include "services/rds_client.h"

#include <algorithm>

#include "aws/protocols/query_xml.h"
#include "services/wire_util.h"

namespace arm {
namespace {

constexpr std::string_view kVersion = "2014-10-31";
constexpr char kPageSize[] = "100";  // MaxRecords: 20..100

std::map<std::string, std::string> ParseTags(pugi::xml_node list) {
  std::map<std::string, std::string> tags;
  for (pugi::xml_node t : list.children("Tag")) tags[t.child_value("Key")] = t.child_value("Value");
  return tags;
}

RdsInstance ParseInstance(pugi::xml_node n) {
  RdsInstance i;
  i.id = n.child_value("DBInstanceIdentifier");
  i.arn = n.child_value("DBInstanceArn");
  i.instance_class = n.child_value("DBInstanceClass");
  i.engine = n.child_value("Engine");
  i.status = n.child_value("DBInstanceStatus");
  i.storage_type = n.child_value("StorageType");
  i.allocated_gb = n.child("AllocatedStorage").text().as_int();
  i.cluster_id = n.child_value("DBClusterIdentifier");
  i.replica_source = n.child_value("ReadReplicaSourceDBInstanceIdentifier");
  for (pugi::xml_node r :
       n.child("ReadReplicaDBInstanceIdentifiers").children("ReadReplicaDBInstanceIdentifier"))
    i.replicas.emplace_back(r.text().get());
  i.automatic_restart_time = n.child_value("AutomaticRestartTime");
  i.tags = ParseTags(n.child("TagList"));
  return i;
}

RdsCluster ParseCluster(pugi::xml_node n) {
  RdsCluster c;
  c.id = n.child_value("DBClusterIdentifier");
  c.arn = n.child_value("DBClusterArn");
  c.engine = n.child_value("Engine");
  c.engine_mode = n.child_value("EngineMode");
  c.status = n.child_value("Status");
  c.storage_type = n.child_value("StorageType");
  c.allocated_gb = n.child("AllocatedStorage").text().as_int();
  c.replication_source = n.child_value("ReplicationSourceIdentifier");
  for (pugi::xml_node r : n.child("ReadReplicaIdentifiers").children("ReadReplicaIdentifier"))
    c.replicas.emplace_back(r.text().get());
  c.global_cluster = n.child_value("GlobalClusterIdentifier");
  for (pugi::xml_node m : n.child("DBClusterMembers").children("DBClusterMember"))
    c.members.push_back(
        {m.child_value("DBInstanceIdentifier"), m.child("IsClusterWriter").text().as_bool()});
  c.automatic_restart_time = n.child_value("AutomaticRestartTime");
  c.tags = ParseTags(n.child("TagList"));
  return c;
}

// Every page of a Describe call, `ids` at most kMaxIdsPerFilter per filter.
template <typename T>
Result<std::vector<T>> DescribeAll(AwsClient& client, std::string_view action,
                                   const std::string& filter, const std::vector<std::string>& ids,
                                   const char* list, const char* item, T (*parse)(pugi::xml_node)) {
  std::vector<T> out;
  size_t i = 0;
  do {
    size_t end = std::min(ids.size(), i + RdsClient::kMaxIdsPerFilter);
    std::string marker;
    do {
      query_xml::Params params;
      if (end > i) params.emplace_back("Filters.Filter.1.Name", filter);
      for (size_t k = i; k < end; ++k)
        params.emplace_back("Filters.Filter.1.Values.Value." + std::to_string(k - i + 1), ids[k]);
      params.emplace_back("MaxRecords", kPageSize);
      if (!marker.empty()) params.emplace_back("Marker", marker);
      auto page = query_xml::Call(client, services::kRds, action, kVersion, params);
      if (!page.ok()) return page.status();
      for (pugi::xml_node n : page->result.child(list).children(item)) out.push_back(parse(n));
      marker = page->result.child_value("Marker");
    } while (!marker.empty());
    i = end;
  } while (i < ids.size());
  return out;
}

Result<std::string> Change(AwsClient& client, std::string_view action, const char* id_param,
                           const std::string& id, const char* item, const char* status,
                           CallStats* stats) {
  auto r = query_xml::Call(client, services::kRds, action, kVersion, {{id_param, id}}, stats);
  if (!r.ok())
    return wire::NotFoundIf(r.status(), {"DBInstanceNotFound", "DBClusterNotFoundFault"});
  return std::string(r->result.child(item).child_value(status));
}

}  // namespace

Result<std::vector<RdsInstance>> RdsClient::DescribeDBInstances(
    const std::vector<std::string>& ids) {
  return DescribeAll<RdsInstance>(client_, "DescribeDBInstances", "db-instance-id", ids,
                                  "DBInstances", "DBInstance", &ParseInstance);
}

Result<std::vector<RdsCluster>> RdsClient::DescribeDBClusters(const std::vector<std::string>& ids) {
  return DescribeAll<RdsCluster>(client_, "DescribeDBClusters", "db-cluster-id", ids, "DBClusters",
                                 "DBCluster", &ParseCluster);
}

Result<std::string> RdsClient::StopDBInstance(const std::string& id, CallStats* stats) {
  return Change(client_, "StopDBInstance", "DBInstanceIdentifier", id, "DBInstance",
                "DBInstanceStatus", stats);
}

Result<std::string> RdsClient::StartDBInstance(const std::string& id, CallStats* stats) {
  return Change(client_, "StartDBInstance", "DBInstanceIdentifier", id, "DBInstance",
                "DBInstanceStatus", stats);
}

Result<std::string> RdsClient::StopDBCluster(const std::string& id, CallStats* stats) {
  return Change(client_, "StopDBCluster", "DBClusterIdentifier", id, "DBCluster", "Status", stats);
}

Result<std::string> RdsClient::StartDBCluster(const std::string& id, CallStats* stats) {
  return Change(client_, "StartDBCluster", "DBClusterIdentifier", id, "DBCluster", "Status", stats);
}

}  // namespace arm
