#include <gtest/gtest.h>

#include "core/environment.h"
#include "cost/cost_model.h"
#include "cost/price_table.h"
#include "engine/plan.h"
#include "resources/registry.h"
#include "resources/types.h"
#include "services/rds_client.h"
#include "state/state_file.h"
#include "tests/testing/mem_file_system.h"
#include "tests/testing/service_test_env.h"

namespace arm {
namespace {

using nlohmann::json;

Snapshot RdsDb(const std::string& status, const std::string& skip = "") {
  Snapshot s;
  s.type = "rds-instance";
  s.name = "db1";
  s.transitioning = status != "available" && status != "stopped";
  s.config = {{"status", status}, {"instance_class", "db.t3.medium"}};
  s.details = {{"engine", "postgres"}, {"storage_type", "gp3"}, {"allocated_gb", 20},
               {"cluster", ""},        {"skip", skip},          {"automatic_restart_time", ""}};
  return s;
}

Snapshot RdsCluster(const std::string& status) {
  Snapshot s;
  s.type = "rds-cluster";
  s.name = "c1";
  s.transitioning = status != "available" && status != "stopped";
  s.config = {{"status", status}};
  s.details = {{"engine", "aurora-postgresql"},
               {"storage_type", "aurora"},
               {"allocated_gb", 50},
               {"members", {"c1-1", "c1-2"}},
               {"member_classes", {{"db.r6g.large", 2}}},
               {"skip", ""},
               {"automatic_restart_time", ""}};
  return s;
}

const json kRdsAvailable = {{"status", "available"}, {"instance_class", "db.t3.medium"}};

std::vector<std::string> RdsApis(const PlanOutput& out) {
  std::vector<std::string> apis;
  for (const auto& a : out.actions) apis.push_back(a.api);
  return apis;
}

std::string RdsAnswer(const std::string& action, const std::string& body) {
  return "<" + action + "Response xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\"><" + action +
         "Result>" + body + "</" + action + "Result></" + action + "Response>";
}

std::string RdsInstanceXml(const std::string& id, const std::string& status,
                           const std::string& extra = "") {
  return "<DBInstance><DBInstanceIdentifier>" + id +
         "</DBInstanceIdentifier><DBInstanceClass>db.t3.medium</DBInstanceClass><Engine>postgres"
         "</Engine><DBInstanceStatus>" +
         status +
         "</DBInstanceStatus><AllocatedStorage>20</AllocatedStorage><StorageType>gp3"
         "</StorageType>" +
         extra + "</DBInstance>";
}

class RdsDatabaseTest : public ::testing::Test {
 protected:
  void TearDown() override {
    if (pure_) {
      EXPECT_TRUE(env_.requests().empty());
    }
  }
  PlanOutput Stop(const Snapshot& s, const std::string& saved = "") const {
    return instances_->PlanStop({{&s, s.config, saved}});
  }
  PlanOutput Start(const Snapshot& s, const json& original = kRdsAvailable) const {
    return instances_->PlanStart({{&s, original, "stopped"}});
  }

  bool pure_ = true;
  testing::ServiceTestEnv env_;
  RdsClient rds_{env_.client()};
  std::unique_ptr<ResourceType> instances_ = MakeRdsInstanceType(rds_, env_.clock());
  std::unique_ptr<ResourceType> clusters_ = MakeRdsClusterType(rds_, env_.clock());
};

TEST_F(RdsDatabaseTest, StopStopsAnAvailableInstanceAndWaitsUntilStopped) {
  PlanOutput out = Stop(RdsDb("available"));
  ASSERT_EQ(RdsApis(out),
            (std::vector<std::string>{"rds:StopDBInstance", "rds:DescribeDBInstances"}));
  EXPECT_EQ(out.actions[0].summary, "StopDBInstance db1");
  EXPECT_FALSE(out.actions[1].mutating);
  EXPECT_EQ(out.actions[1].params.at("status"), "stopped");
  EXPECT_EQ(out.actions[0].chain, out.actions[1].chain);
  ASSERT_EQ(out.notes.size(), 1u);
  EXPECT_NE(out.notes[0].message.find("still bills its storage (20 GB gp3)"), std::string::npos);
  EXPECT_EQ(instances_->stop_stage(), 4);
  EXPECT_EQ(clusters_->stop_stage(), 4);
}

TEST_F(RdsDatabaseTest, AClusterIsStoppedWholeAndItsMembersAreNeverStoppedOneByOne) {
  Snapshot c = RdsCluster("available");
  PlanOutput out = clusters_->PlanStop({{&c, c.config, ""}});
  ASSERT_EQ(RdsApis(out),
            (std::vector<std::string>{"rds:StopDBCluster", "rds:DescribeDBClusters"}));
  for (const char* status : {"available", "stopping", "stopped"}) {
    Snapshot m = RdsDb(status, "belongs to DB cluster c1, which parks its instances");
    m.details["cluster"] = "c1";
    PlanOutput member = Stop(m);
    EXPECT_TRUE(member.actions.empty());
    ASSERT_EQ(member.notes.size(), 1u);
    EXPECT_EQ(member.notes[0].severity, Severity::kWarning);
    EXPECT_EQ(member.notes[0].message,
              "not stopped on its own: it belongs to DB cluster c1, which parks its instances");
    // Its cost is the cluster's.
    testing::MemFileSystem fs;
    auto prices = PriceTable::Load(fs, MapEnvironment(), TypePriceKeys());
    ASSERT_TRUE(prices.ok());
    EXPECT_EQ(instances_->CostOf(m, *prices, "us-east-1").hourly_usd, 0);
  }
}

TEST_F(RdsDatabaseTest, DiscoverGivesAwsReasonsForWhatItCannotStop) {
  pure_ = false;
  env_.EnqueueXml(RdsAnswer(
      "DescribeDBInstances",
      "<DBInstances>" +
          RdsInstanceXml("db1", "available", "<DBClusterIdentifier>c1</DBClusterIdentifier>") +
          RdsInstanceXml("db2", "available",
                         "<ReadReplicaDBInstanceIdentifiers><ReadReplicaDBInstanceIdentifier>db2-r"
                         "</ReadReplicaDBInstanceIdentifier></ReadReplicaDBInstanceIdentifiers>") +
          RdsInstanceXml("db2-r", "available",
                         "<ReadReplicaSourceDBInstanceIdentifier>db2"
                         "</ReadReplicaSourceDBInstanceIdentifier>") +
          "</DBInstances>"));
  TypeSelection sel;
  sel.explicit_names = {"db1", "db2", "db2-r", "gone"};
  auto snaps = instances_->Discover(sel);
  ASSERT_TRUE(snaps.ok()) << snaps.status().ToString();
  ASSERT_EQ(snaps->size(), 4u);
  EXPECT_NE(snaps->at(0).details.value("skip", "").find("belongs to DB cluster c1"),
            std::string::npos);
  EXPECT_NE(snaps->at(1).details.value("skip", "").find("has read replicas (db2-r)"),
            std::string::npos);
  EXPECT_NE(snaps->at(2).details.value("skip", "").find("is a read replica of db2"),
            std::string::npos);
  EXPECT_FALSE(snaps->at(3).exists);
  EXPECT_EQ(snaps->at(1).config, kRdsAvailable);
  EXPECT_EQ(env_.Form(0)["Filters.Filter.1.Values.Value.4"], "gone");
  EXPECT_EQ(env_.requests().size(), 1u);
}

TEST_F(RdsDatabaseTest, DiscoverOfAClusterCountsItsMembersClasses) {
  pure_ = false;
  env_.EnqueueXml(RdsAnswer(
      "DescribeDBClusters",
      "<DBClusters><DBCluster><DBClusterIdentifier>c1</DBClusterIdentifier><Status>stopped"
      "</Status><Engine>aurora-postgresql</Engine><EngineMode>provisioned</EngineMode>"
      "<AllocatedStorage>50</AllocatedStorage><StorageType>aurora</StorageType>"
      "<AutomaticRestartTime>2026-12-14T23:00:00Z</AutomaticRestartTime><DBClusterMembers>"
      "<DBClusterMember><DBInstanceIdentifier>c1-1</DBInstanceIdentifier></DBClusterMember>"
      "<DBClusterMember><DBInstanceIdentifier>c1-2</DBInstanceIdentifier></DBClusterMember>"
      "</DBClusterMembers></DBCluster></DBClusters>"));
  env_.EnqueueXml(
      RdsAnswer("DescribeDBInstances", "<DBInstances>" + RdsInstanceXml("c1-1", "stopped") +
                                           RdsInstanceXml("c1-2", "stopped") + "</DBInstances>"));
  TypeSelection sel;
  sel.explicit_names = {"c1"};
  auto snaps = clusters_->Discover(sel);
  ASSERT_TRUE(snaps.ok()) << snaps.status().ToString();
  ASSERT_EQ(snaps->size(), 1u);
  EXPECT_EQ(snaps->at(0).details.at("member_classes"), (json{{"db.t3.medium", 2}}));
  EXPECT_EQ(env_.Form(1)["Filters.Filter.1.Values.Value.2"], "c1-2");
  EXPECT_EQ(clusters_->StatusText(snaps->at(0), json()),
            "aurora-postgresql stopped, 2 x db.t3.medium, 50 GB aurora; AWS will start it at "
            "2026-12-14T23:00:00Z");
  EXPECT_FALSE(clusters_->StatusTip(snaps->at(0), Condition::kStopped).text.empty());
}

// AWS starts a stopped database again after 7 days. The next stop (the
// nightly cron) finds it available while the state file says we parked it:
// it is stopped again and the record keeps the original, through the
// engine's own planner.
TEST_F(RdsDatabaseTest, ADatabaseAwsStartedAfterSevenDaysIsParkedAgainKeepingItsOriginal) {
  State state;
  ResourceState& entry = state.Upsert("rds-instance", "db1");
  entry.status = kStatusStopped;
  entry.original = kRdsAvailable;
  SnapshotSet snaps = {{"rds-instance", {RdsDb("available")}}};
  Plan plan = PlanStop({instances_.get()}, snaps, &state, {});
  ASSERT_EQ(plan.stages.size(), 1u);
  EXPECT_EQ(RdsApis({plan.stages[0].actions, {}}),
            (std::vector<std::string>{"rds:StopDBInstance", "rds:DescribeDBInstances"}));
  ASSERT_EQ(plan.records.size(), 1u);
  EXPECT_EQ(plan.records[0].original, kRdsAvailable);
  bool said = false;
  for (const auto& n : plan.notes) {
    EXPECT_NE(n.severity, Severity::kWarning) << n.message;
    said =
        said || n.message.find("AWS starts a stopped database after 7 days") != std::string::npos;
  }
  EXPECT_TRUE(said);
  // Caught while AWS is still starting it: wait until available, then stop.
  Snapshot starting = RdsDb("starting");
  PlanOutput out = instances_->PlanStop({{&starting, kRdsAvailable, "stopped"}});
  ASSERT_EQ(RdsApis(out), (std::vector<std::string>{"rds:DescribeDBInstances", "rds:StopDBInstance",
                                                    "rds:DescribeDBInstances"}));
  EXPECT_EQ(out.actions[0].params.at("status"), "available");
  // Starting and not ours: left as it is, loudly.
  out = Stop(starting);
  EXPECT_TRUE(out.actions.empty());
  EXPECT_EQ(out.notes.at(0).severity, Severity::kError);
}

TEST_F(RdsDatabaseTest, StopLeavesAStoppedDatabaseAndStartStartsOnlyWhatWasAvailable) {
  PlanOutput out = Stop(RdsDb("stopped"));
  EXPECT_TRUE(out.actions.empty());
  EXPECT_EQ(out.notes.at(0).message, "already stopped; start leaves it stopped");
  EXPECT_EQ(RdsApis(Stop(RdsDb("stopping"), "stopping")),
            std::vector<std::string>{"rds:DescribeDBInstances"});
  EXPECT_EQ(Stop(RdsDb("modifying")).notes.at(0).severity, Severity::kError);
  ASSERT_EQ(RdsApis(Start(RdsDb("stopped"))),
            (std::vector<std::string>{"rds:StartDBInstance", "rds:DescribeDBInstances"}));
  EXPECT_EQ(Start(RdsDb("stopped")).actions[1].params.at("status"), "available");
  json was_stopped = kRdsAvailable;
  was_stopped["status"] = "stopped";
  out = Start(RdsDb("stopped"), was_stopped);
  EXPECT_TRUE(out.actions.empty());
  EXPECT_EQ(out.notes.at(0).message, "was stopped when recorded; left as it is");
  EXPECT_TRUE(Start(RdsDb("available")).actions.empty());
  EXPECT_EQ(RdsApis(Start(RdsDb("starting"))), std::vector<std::string>{"rds:DescribeDBInstances"});
  Snapshot gone = RdsDb("available");
  gone.exists = false;
  EXPECT_EQ(Start(gone).notes.at(0).severity, Severity::kError);
}

TEST_F(RdsDatabaseTest, VerifyAndCheckOriginalNameTheField) {
  EXPECT_EQ(instances_->Verify(RdsDb("available"), kRdsAvailable), "");
  EXPECT_EQ(instances_->Verify(RdsDb("stopped"), kRdsAvailable),
            "DB instance is stopped, expected available");
  Snapshot bigger = RdsDb("available");
  bigger.config["instance_class"] = "db.m5.large";
  EXPECT_EQ(instances_->Classify(bigger, &kRdsAvailable), Condition::kDrifted);
  EXPECT_TRUE(instances_->CheckOriginal(kRdsAvailable).ok());
  EXPECT_TRUE(clusters_->CheckOriginal(json{{"status", "available"}}).ok());
  json bad = kRdsAvailable;
  bad["status"] = "asleep";
  EXPECT_EQ(instances_->CheckOriginal(bad).message().rfind("status:", 0), 0u);
  bad = kRdsAvailable;
  bad.erase("instance_class");
  EXPECT_EQ(instances_->CheckOriginal(bad).message().rfind("instance_class:", 0), 0u);
}

TEST_F(RdsDatabaseTest, AStoppedDatabaseStillPaysForItsStorage) {
  testing::MemFileSystem fs;
  auto prices = PriceTable::Load(fs, MapEnvironment(), TypePriceKeys());
  ASSERT_TRUE(prices.ok()) << prices.status().ToString();
  Snapshot running = RdsDb("available");
  Cost c = instances_->CostOf(running, *prices, "us-east-1");
  EXPECT_TRUE(c.known);
  EXPECT_NEAR(c.hourly_usd, 0.072 + 20 * 0.115 / 720, 1e-9);
  Cost parked = instances_->CostOf(instances_->Parked(running), *prices, "us-east-1");
  EXPECT_NEAR(parked.hourly_usd, 20 * 0.115 / 720, 1e-9);
  Snapshot cluster = RdsCluster("available");
  Cost cc = clusters_->CostOf(cluster, *prices, "us-east-1");
  EXPECT_TRUE(cc.known);
  EXPECT_NEAR(cc.hourly_usd, 2 * 0.26 + 50 * 0.10 / 720, 1e-9);
  Cost cparked = clusters_->CostOf(clusters_->Parked(cluster), *prices, "us-east-1");
  EXPECT_NEAR(cparked.hourly_usd, 50 * 0.10 / 720, 1e-9);
}

TEST_F(RdsDatabaseTest, ApplyStopsThenWaitsOnTheClockWithProgress) {
  pure_ = false;
  PlanOutput out = Stop(RdsDb("available"));
  env_.EnqueueXml(RdsAnswer("StopDBInstance", RdsInstanceXml("db1", "stopping")));
  ASSERT_TRUE(instances_->Apply(out.actions[0], ApplyOptions()).ok());
  EXPECT_EQ(env_.Form(0)["DBInstanceIdentifier"], "db1");
  env_.EnqueueXml(
      RdsAnswer("DescribeDBInstances",
                "<DBInstances>" + RdsInstanceXml("db1", "stopping") + "</DBInstances>"));
  env_.EnqueueXml(RdsAnswer("DescribeDBInstances",
                            "<DBInstances>" + RdsInstanceXml("db1", "stopped") + "</DBInstances>"));
  std::vector<std::string> progress;
  ApplyOptions options;
  options.progress = [&](const std::string& p) { progress.push_back(p); };
  Status s = instances_->Apply(out.actions[1], options);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(env_.requests().size(), 3u);
  EXPECT_FALSE(env_.clock().sleeps().empty());
  ASSERT_FALSE(progress.empty());
  EXPECT_NE(progress[0].find("DB instance db1: stopping"), std::string::npos);
}

TEST_F(RdsDatabaseTest, AwsRefusalFailsTheStepWithAwsReason) {
  pure_ = false;
  env_.EnqueueXml(
      "<ErrorResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\"><Error><Type>Sender"
      "</Type><Code>InvalidDBInstanceState</Code><Message>Instance db1 has one or more read "
      "replicas and cannot be stopped.</Message></Error><RequestId>r</RequestId></ErrorResponse>",
      400);
  env_.EnqueueXml(
      RdsAnswer("DescribeDBInstances",
                "<DBInstances>" + RdsInstanceXml("db1", "available") + "</DBInstances>"));
  Status s = instances_->Apply(Stop(RdsDb("available")).actions[0], ApplyOptions());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.aws_code(), "InvalidDBInstanceState");
  EXPECT_NE(s.message().find("read replicas"), std::string::npos);
  EXPECT_FALSE(instances_->FixHint("InvalidDBInstanceState", "rds:StopDBInstance").empty());
}

// A stop AWS carried out before the connection dropped, retried by the
// client: AWS refuses the second call, and the database is on its way.
TEST_F(RdsDatabaseTest, ARefusalOfADatabaseAlreadyStoppingIsSuccess) {
  pure_ = false;
  env_.EnqueueXml(
      "<ErrorResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\"><Error><Type>Sender"
      "</Type><Code>InvalidDBClusterStateFault</Code><Message>DbCluster c1 is in stopping state "
      "but expected it to be available.</Message></Error><RequestId>r</RequestId></ErrorResponse>",
      400);
  env_.EnqueueXml(RdsAnswer("DescribeDBClusters",
                            "<DBClusters><DBCluster><DBClusterIdentifier>c1</DBClusterIdentifier>"
                            "<Status>stopping</Status></DBCluster></DBClusters>"));
  Snapshot c = RdsCluster("available");
  PlanOutput out = clusters_->PlanStop({{&c, c.config, ""}});
  Status s = clusters_->Apply(out.actions[0], ApplyOptions());
  EXPECT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(env_.Form(1)["Action"], "DescribeDBClusters");
}

}  // namespace
}  // namespace arm
