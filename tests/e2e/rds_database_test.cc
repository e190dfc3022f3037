// RDS end to end: the real binary against aws-sandbox with the demo estate.
// stop stops the PostgreSQL instance and the Aurora cluster (with both its
// instances, through the cluster) last and waits until they are stopped;
// start starts them first and the estate is as before. The other project's
// databases (billing-service-*, user-journey-analytics-v2-*) are never
// called. AWS starts a stopped database again after 7 days (the sandbox
// clock moved forward): status says when, and the next stop parks it again
// keeping the recorded original.
#include <gtest/gtest.h>

#include "tests/e2e/manager_fixture.h"
#include "tests/testing/testing.h"

namespace arm::testing {
namespace {

using nlohmann::json;

constexpr char kE2eRdsDb[] = "user-journey-analytics-db";
constexpr char kE2eAurora[] = "user-journey-analytics-aurora";

class RdsDatabaseE2eTest : public ManagerFixture {
 protected:
  // The status of a standalone instance ("instances") or a cluster ("clusters").
  std::string StatusOf(const std::string& list, const std::string& id) {
    const json estate = Estate();
    for (const auto& d : estate.at("rds").at(list))
      if (d.value("id", "") == id) return d.value("status", "");
    ADD_FAILURE() << "no RDS database " << id;
    return "";
  }
  int CallsNaming(const std::string& what) {
    int n = 0;
    const json state = State();
    for (const auto& e : state.at("calls").value("mutating_log", json::array()))
      n += e.value("request", "").find(what) != std::string::npos;
    return n;
  }
  json Recorded(const std::string& type, const std::string& name) {
    json state = json::parse(Slurp(state_path()));
    for (const auto& r : state.at("resources"))
      if (r.value("type", "") == type && r.value("name", "") == name) return r;
    return json();
  }
};

TEST_F(RdsDatabaseE2eTest, StopThenStartRestoresTheDatabasesExactly) {
  json before = Estate().at("rds");

  auto stop = Manager({"stop", "--force"});
  ASSERT_EQ(stop.exit_code, 0) << stop.out << stop.err;
  EXPECT_EQ(StatusOf("instances", kE2eRdsDb), "stopped");
  EXPECT_EQ(StatusOf("clusters", kE2eAurora), "stopped");
  const json stopped = Estate();
  for (const auto& m : stopped.at("rds").at("clusters")[1].at("members"))
    EXPECT_EQ(m.value("status", ""), "stopped");
  EXPECT_EQ(StatusOf("instances", "billing-service-db"), "available");
  EXPECT_EQ(StatusOf("clusters", "user-journey-analytics-v2-aurora"), "available");
  EXPECT_EQ(Recorded("rds-instance", kE2eRdsDb).at("original"),
            (json{{"status", "available"}, {"instance_class", "db.t3.medium"}}));

  auto start = Manager({"start", "--force"});
  ASSERT_EQ(start.exit_code, 0) << start.out << start.err;
  json after = Estate().at("rds");
  EXPECT_TRUE(after == before) << json::diff(before, after).dump() << "\nstart:\n" << start.out;
  auto calls = MutatingCalls();
  EXPECT_EQ(calls["rds:StopDBInstance"], 1);
  EXPECT_EQ(calls["rds:StartDBInstance"], 1);
  EXPECT_EQ(calls["rds:StopDBCluster"], 1);
  EXPECT_EQ(calls["rds:StartDBCluster"], 1);
  EXPECT_EQ(CallsNaming("billing-service-"), 0);
  EXPECT_EQ(CallsNaming("user-journey-analytics-v2-"), 0);
  EXPECT_EQ(CallsNaming(std::string(kE2eAurora) + "-1"), 0);
}

TEST_F(RdsDatabaseE2eTest, AwsStartsItAfterSevenDaysAndTheNextStopParksItAgain) {
  auto stop = Manager({"stop", "--force", "--only", "rds,rds-cluster"});
  ASSERT_EQ(stop.exit_code, 0) << stop.out << stop.err;
  auto status = Manager({"status", "--only", "rds,rds-cluster"});
  ASSERT_EQ(status.exit_code, 0) << status.out << status.err;
  EXPECT_NE(status.out.find("db.t3.medium postgres stopped, 20 GB gp3; AWS will start it at "),
            std::string::npos)
      << status.out;

  server_->AdvanceClock(7 * 24 * 3600 + 60);
  EXPECT_EQ(StatusOf("instances", kE2eRdsDb), "available");
  EXPECT_EQ(StatusOf("clusters", kE2eAurora), "available");

  auto again = Manager({"stop", "--force", "--only", "rds,rds-cluster"});
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_NE(again.out.find("AWS starts a stopped database after 7 days"), std::string::npos)
      << again.out;
  EXPECT_EQ(again.out.find("live again"), std::string::npos) << again.out;
  EXPECT_EQ(StatusOf("instances", kE2eRdsDb), "stopped");
  EXPECT_EQ(StatusOf("clusters", kE2eAurora), "stopped");
  EXPECT_EQ(Recorded("rds-instance", kE2eRdsDb).at("original").at("status"), "available");
  EXPECT_EQ(Recorded("rds-cluster", kE2eAurora).at("original").at("status"), "available");

  auto start = Manager({"start", "--force", "--only", "rds,rds-cluster"});
  ASSERT_EQ(start.exit_code, 0) << start.out << start.err;
  EXPECT_EQ(StatusOf("instances", kE2eRdsDb), "available");
  EXPECT_EQ(StatusOf("clusters", kE2eAurora), "available");
  auto calls = MutatingCalls();
  EXPECT_EQ(calls["rds:StopDBInstance"], 2);
  EXPECT_EQ(calls["rds:StartDBInstance"], 1);
}

TEST_F(RdsDatabaseE2eTest, TheDryRunStopsDatabasesLastAndSaysWhatStillBills) {
  auto plan = Manager({"stop", "--dry-run"});
  ASSERT_EQ(plan.exit_code, 0) << plan.out << plan.err;
  size_t db = plan.out.find("StopDBInstance user-journey-analytics-db");
  size_t aurora = plan.out.find("StopDBCluster user-journey-analytics-aurora");
  size_t lambda = plan.out.find("PutFunctionConcurrency");
  ASSERT_NE(db, std::string::npos) << plan.out;
  ASSERT_NE(aurora, std::string::npos) << plan.out;
  if (lambda != std::string::npos) {
    EXPECT_LT(lambda, db) << plan.out;
  }
  EXPECT_NE(plan.out.find("still bills its storage (20 GB gp3)"), std::string::npos) << plan.out;
  EXPECT_TRUE(MutatingCalls().empty());
}

}  // namespace
}  // namespace arm::testing
