#include "services/rds_client.h"

#include <gtest/gtest.h>

#include "tests/testing/service_test_env.h"

namespace arm {
namespace {

using RdsForm = std::map<std::string, std::string>;

std::string RdsClientAnswer(const std::string& action, const std::string& body) {
  return "<" + action + "Response xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\"><" + action +
         "Result>" + body + "</" + action +
         "Result><ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></" + action +
         "Response>";
}

class RdsClientTest : public ::testing::Test {
 protected:
  testing::ServiceTestEnv env_;
  RdsClient rds_{env_.client()};
};

TEST_F(RdsClientTest, DescribeInstancesFiltersByIdAndFollowsTheMarker) {
  env_.EnqueueXml(RdsClientAnswer(
      "DescribeDBInstances",
      "<DBInstances><DBInstance><DBInstanceIdentifier>db1</DBInstanceIdentifier>"
      "<DBInstanceClass>db.t3.medium</DBInstanceClass><Engine>postgres</Engine>"
      "<DBInstanceStatus>stopped</DBInstanceStatus><AllocatedStorage>20</AllocatedStorage>"
      "<StorageType>gp3</StorageType><ReadReplicaDBInstanceIdentifiers>"
      "<ReadReplicaDBInstanceIdentifier>db1-r</ReadReplicaDBInstanceIdentifier>"
      "</ReadReplicaDBInstanceIdentifiers><AutomaticRestartTime>2026-12-14T10:00:00Z"
      "</AutomaticRestartTime><TagList><Tag><Key>Project</Key><Value>x</Value></Tag></TagList>"
      "</DBInstance></DBInstances><Marker>m1</Marker>"));
  env_.EnqueueXml(
      RdsClientAnswer("DescribeDBInstances",
                      "<DBInstances><DBInstance><DBInstanceIdentifier>db2</DBInstanceIdentifier>"
                      "<DBClusterIdentifier>c1</DBClusterIdentifier></DBInstance></DBInstances>"));
  auto r = rds_.DescribeDBInstances({"db1", "db2"});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 2u);
  const RdsInstance& i = r->front();
  EXPECT_EQ(i.instance_class, "db.t3.medium");
  EXPECT_EQ(i.status, "stopped");
  EXPECT_EQ(i.allocated_gb, 20);
  EXPECT_EQ(i.storage_type, "gp3");
  EXPECT_EQ(i.replicas, std::vector<std::string>{"db1-r"});
  EXPECT_EQ(i.automatic_restart_time, "2026-12-14T10:00:00Z");
  EXPECT_EQ(i.tags.at("Project"), "x");
  EXPECT_EQ((*r)[1].cluster_id, "c1");
  RdsForm first = {
      {"Action", "DescribeDBInstances"},           {"Version", "2014-10-31"},
      {"Filters.Filter.1.Name", "db-instance-id"}, {"Filters.Filter.1.Values.Value.1", "db1"},
      {"Filters.Filter.1.Values.Value.2", "db2"},  {"MaxRecords", "100"}};
  EXPECT_EQ(env_.Form(0), first);
  first["Marker"] = "m1";
  EXPECT_EQ(env_.Form(1), first);
  EXPECT_NE(env_.request(0).Header("Authorization")->find("/rds/aws4_request"), std::string::npos);
}

TEST_F(RdsClientTest, DescribeClustersReadsMembersAndSendsAHundredIdsPerCall) {
  std::vector<std::string> ids;
  for (int i = 0; i < 101; ++i) ids.push_back("c" + std::to_string(i));
  env_.EnqueueXml(RdsClientAnswer(
      "DescribeDBClusters",
      "<DBClusters><DBCluster><DBClusterIdentifier>c0</DBClusterIdentifier>"
      "<Status>available</Status><Engine>aurora-postgresql</Engine><EngineMode>provisioned"
      "</EngineMode><DBClusterMembers><DBClusterMember><DBInstanceIdentifier>c0-1"
      "</DBInstanceIdentifier><IsClusterWriter>true</IsClusterWriter></DBClusterMember>"
      "</DBClusterMembers></DBCluster></DBClusters>"));
  env_.EnqueueXml(RdsClientAnswer("DescribeDBClusters", "<DBClusters/>"));
  auto r = rds_.DescribeDBClusters(ids);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ(r->front().status, "available");
  ASSERT_EQ(r->front().members.size(), 1u);
  EXPECT_TRUE(r->front().members[0].writer);
  EXPECT_EQ(env_.Form(0).count("Filters.Filter.1.Values.Value.100"), 1u);
  EXPECT_EQ(env_.Form(0).count("Filters.Filter.1.Values.Value.101"), 0u);
  EXPECT_EQ(env_.Form(1).at("Filters.Filter.1.Values.Value.1"), "c100");
  EXPECT_EQ(env_.Form(1).at("Filters.Filter.1.Name"), "db-cluster-id");
}

TEST_F(RdsClientTest, StopAndStartSendTheIdentifierAndReadTheNewStatus) {
  env_.EnqueueXml(RdsClientAnswer("StopDBCluster",
                                  "<DBCluster><DBClusterIdentifier>c1</DBClusterIdentifier>"
                                  "<Status>stopping</Status></DBCluster>"));
  auto r = rds_.StopDBCluster("c1");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*r, "stopping");
  EXPECT_EQ(env_.Form(0), (RdsForm{{"Action", "StopDBCluster"},
                                   {"Version", "2014-10-31"},
                                   {"DBClusterIdentifier", "c1"}}));
  env_.EnqueueXml(RdsClientAnswer("StartDBInstance",
                                  "<DBInstance><DBInstanceIdentifier>db1</DBInstanceIdentifier>"
                                  "<DBInstanceStatus>starting</DBInstanceStatus></DBInstance>"));
  auto s = rds_.StartDBInstance("db1");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(*s, "starting");
}

TEST_F(RdsClientTest, RefusalsKeepTheAwsCodeAndNotFoundIsClassified) {
  env_.EnqueueXml(
      "<ErrorResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\"><Error><Type>Sender"
      "</Type><Code>InvalidDBInstanceState</Code><Message>Instance db1 cannot be stopped"
      "</Message></Error><RequestId>r3</RequestId></ErrorResponse>",
      400);
  auto s = rds_.StopDBInstance("db1");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().aws_code(), "InvalidDBInstanceState");
  EXPECT_NE(s.status().message().find("cannot be stopped"), std::string::npos);
  env_.EnqueueXml(
      "<ErrorResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\"><Error><Type>Sender"
      "</Type><Code>DBClusterNotFoundFault</Code><Message>DBCluster c9 not found.</Message>"
      "</Error><RequestId>r4</RequestId></ErrorResponse>",
      404);
  auto n = rds_.StartDBCluster("c9");
  ASSERT_FALSE(n.ok());
  EXPECT_TRUE(n.status().IsNotFound());
  EXPECT_EQ(n.status().aws_code(), "DBClusterNotFoundFault");
}

}  // namespace
}  // namespace arm
