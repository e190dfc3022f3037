// RDS end to end: the real binary against aws-sandbox with the demo estate.
// stop stops the PostgreSQL instance and the Aurora cluster (with both its
// instances, through the cluster) last and waits until they are stopped;
// start starts them first and the estate is as before. The other project's
// databases (billing-service-*, user-journey-analytics-v2-*) are never
// called. AWS starts a stopped database again after 7 days (the sandbox
// clock moved forward): status says when, and the next stop parks it again
// keeping the recorded original, and so does a schedule's reconcile.
#include <gtest/gtest.h>

#include <chrono>

#include "core/clock.h"
#include "sandbox/iam_policy.h"
#include "schedule/zone.h"
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

// A parked period longer than 7 days (two weeks of holidays): AWS starts the
// databases a week after reconcile parked them, and a reconcile an hour
// after that parks them again, alone: no other type is called. Before AWS
// has started them there is nothing to park, and reconcile looks again after
// a back-off, not on every tick.
TEST_F(RdsDatabaseE2eTest, ReconcileParksAgainWhatAwsStartedInALongParkedPeriod) {
  using std::chrono::hours;
  using std::chrono::minutes;
  const SysSeconds real_now = date::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  std::string holidays;
  for (int day = -12; day <= 2; ++day)
    holidays += (holidays.empty() ? "" : ",") +
                date::format("%F", date::floor<date::days>(real_now + hours(24 * day)));
  const std::vector<std::string> env = {"SCHEDULE_TIMEZONE=UTC",
                                        "SCHEDULE_RUNNING=Mon-Fri 08:00-18:00",
                                        "SCHEDULE_HOLIDAYS=" + holidays};
  auto reconcile = [&](SysSeconds at) {
    return Manager({"reconcile", "--force", "--now", FormatUtc(at)}, env);
  };
  const SysSeconds parked_at = real_now - hours(9 * 24);
  auto first = reconcile(parked_at);
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  EXPECT_EQ(StatusOf("instances", kE2eRdsDb), "stopped");
  // The stop happened at parked_at: as if the state file had been written then.
  json state = json::parse(Slurp(state_path()));
  for (auto& r : state.at("resources")) r["updated_at"] = FormatUtc(parked_at);
  WriteFile(state_path(), state.dump());
  const auto calls_parked = MutatingCalls();

  // AWS's start is due 7 days after the stop; reconcile waits an hour more.
  auto early = reconcile(parked_at + hours(7 * 24) + minutes(30));
  ASSERT_EQ(early.exit_code, 0) << early.out << early.err;
  EXPECT_NE(early.out.find("nothing due"), std::string::npos) << early.out;

  // AWS has not started them yet: nothing to park, looked at again later.
  const SysSeconds late = parked_at + hours(7 * 24) + minutes(70);
  auto not_yet = reconcile(late);
  ASSERT_EQ(not_yet.exit_code, 0) << not_yet.out << not_yet.err;
  EXPECT_NE(not_yet.out.find("rds: AWS ended its park at"), std::string::npos) << not_yet.out;
  EXPECT_NE(not_yet.out.find("AWS had not started it yet"), std::string::npos) << not_yet.out;
  auto waiting = reconcile(late + minutes(5));
  ASSERT_EQ(waiting.exit_code, 0) << waiting.out << waiting.err;
  EXPECT_NE(waiting.out.find("waiting"), std::string::npos) << waiting.out;
  EXPECT_EQ(MutatingCalls(), calls_parked);

  server_->AdvanceClock(7 * 24 * 3600 + 60);
  ASSERT_EQ(StatusOf("instances", kE2eRdsDb), "available");
  auto again = reconcile(late + minutes(20));
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_NE(again.out.find("parking it again"), std::string::npos) << again.out;
  EXPECT_EQ(StatusOf("instances", kE2eRdsDb), "stopped");
  EXPECT_EQ(StatusOf("clusters", kE2eAurora), "stopped");
  EXPECT_EQ(Recorded("rds-instance", kE2eRdsDb).at("original").at("status"), "available");
  auto calls = MutatingCalls();
  for (const auto& [call, n] : calls) {
    if (call == "rds:StopDBInstance" || call == "rds:StopDBCluster")
      EXPECT_EQ(n, calls_parked.at(call) + 1) << call;
    else
      EXPECT_EQ(n, calls_parked.count(call) ? calls_parked.at(call) : 0) << call;
  }
  auto after = reconcile(late + minutes(25));
  ASSERT_EQ(after.exit_code, 0) << after.out << after.err;
  EXPECT_NE(after.out.find("nothing due"), std::string::npos) << after.out;
  EXPECT_EQ(MutatingCalls(), calls);
}

// The re-park's StopDBInstance is denied: the write-ahead renewed the entry
// ("stopping"), yet the database still runs. The type is tried again after
// its back-off, and parked once the call is allowed.
TEST_F(RdsDatabaseE2eTest, AFailedReparkIsTriedAgainAfterItsBackOff) {
  using std::chrono::hours;
  using std::chrono::minutes;
  const SysSeconds real_now = date::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  std::string holidays;
  for (int day = -12; day <= 2; ++day)
    holidays += (holidays.empty() ? "" : ",") +
                date::format("%F", date::floor<date::days>(real_now + hours(24 * day)));
  const std::vector<std::string> env = {"SCHEDULE_TIMEZONE=UTC",
                                        "SCHEDULE_RUNNING=Mon-Fri 08:00-18:00",
                                        "SCHEDULE_HOLIDAYS=" + holidays};
  auto reconcile = [&](SysSeconds at) {
    return Manager({"reconcile", "--force", "--only", "rds", "--now", FormatUtc(at)}, env);
  };
  const SysSeconds parked_at = real_now - hours(9 * 24);
  ASSERT_EQ(reconcile(parked_at).exit_code, 0);
  json state = json::parse(Slurp(state_path()));
  for (auto& r : state.at("resources")) r["updated_at"] = FormatUtc(parked_at);
  WriteFile(state_path(), state.dump());
  server_->AdvanceClock(7 * 24 * 3600 + 60);
  ASSERT_EQ(StatusOf("instances", kE2eRdsDb), "available");

  auto policy = sandbox::ParseIamPolicy(json::parse(R"({"Version": "2012-10-17", "Statement": [
      {"Effect": "Allow", "Action": "*", "Resource": "*"},
      {"Effect": "Deny", "Action": "rds:StopDBInstance", "Resource": "*"}]})"));
  ASSERT_TRUE(policy.ok()) << policy.status().ToString();
  server_->SetIamPolicy(std::make_shared<const sandbox::IamPolicy>(std::move(*policy)));
  const SysSeconds late = parked_at + hours(7 * 24) + minutes(70);
  auto denied = reconcile(late);
  EXPECT_EQ(denied.exit_code, 3) << denied.out << denied.err;
  EXPECT_EQ(StatusOf("instances", kE2eRdsDb), "available");
  // The stop was written ahead at `late` (the run's clock is the real one).
  state = json::parse(Slurp(state_path()));
  for (auto& r : state.at("resources")) {
    EXPECT_EQ(r.value("status", ""), r.value("type", "") == "rds-instance" ? "stopping" : "stopped")
        << r.dump();
    r["updated_at"] = FormatUtc(late);
  }
  WriteFile(state_path(), state.dump());
  auto waiting = reconcile(late + minutes(10));
  EXPECT_EQ(waiting.exit_code, 0) << waiting.out << waiting.err;
  EXPECT_NE(waiting.out.find("waiting"), std::string::npos) << waiting.out;

  server_->SetIamPolicy(nullptr);
  auto again = reconcile(late + minutes(65));  // a denied call waits an hour
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_EQ(StatusOf("instances", kE2eRdsDb), "stopped");
  EXPECT_EQ(Recorded("rds-instance", kE2eRdsDb).at("original").at("status"), "available");
  auto after = reconcile(late + minutes(70));
  EXPECT_EQ(after.exit_code, 0) << after.out << after.err;
  EXPECT_NE(after.out.find("nothing due"), std::string::npos) << after.out;
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
