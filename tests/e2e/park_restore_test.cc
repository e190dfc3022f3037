// stop/start end to end: the real binary against aws-sandbox with the demo
// estate. The promise under test: start restores exactly what stop found.
#include <gtest/gtest.h>

#include <filesystem>

#include "core/clock.h"
#include "state/run_lock.h"
#include "tests/e2e/manager_fixture.h"

namespace arm::testing {
namespace {

using nlohmann::json;

const json* FindNamed(const json& list, const std::string& key, const std::string& name) {
  for (const auto& e : list)
    if (e.value(key, "") == name) return &e;
  return nullptr;
}

class ParkRestoreTest : public ManagerFixture {};

TEST_F(ParkRestoreTest, StopThenStartRestoresTheEstateExactly) {
  json before = Estate();
  auto stop = Manager({"stop", "--force"});
  ASSERT_EQ(stop.exit_code, 0) << stop.out << stop.err;

  json parked = Estate();
  EXPECT_NE(parked, before);
  auto start = Manager({"start", "--force"});
  ASSERT_EQ(start.exit_code, 0) << start.out << start.err;
  json after = Estate();
  EXPECT_TRUE(after == before) << "differences: " << json::diff(before, after).dump() << "\nstop:\n"
                               << stop.out << "\nstart:\n"
                               << start.out;
}

TEST_F(ParkRestoreTest, StopParksEachTypeAndLeavesTheOtherProjectAlone) {
  json before = Estate();
  auto stop = Manager({"stop", "--force"});
  ASSERT_EQ(stop.exit_code, 0) << stop.out << stop.err;
  json s = State().at("services");
  std::string dump = s.dump();
  // Endpoint deleted, its config kept; the other project's endpoint kept.
  EXPECT_EQ(dump.find("\"user-journey-analytics-exit-risk-endpoint\""), std::string::npos) << dump;
  EXPECT_NE(dump.find("user-journey-analytics-exit-risk-endpoint-config"), std::string::npos);
  EXPECT_NE(dump.find("billing-service-fraud-endpoint"), std::string::npos);
  const json* stream =
      FindNamed(s.at("kinesis").at("streams"), "name", "user-journey-analytics-user-events");
  ASSERT_NE(stream, nullptr);
  EXPECT_EQ(stream->value("open_shard_count", 0), 1);
  const json* other = FindNamed(s.at("kinesis").at("streams"), "name", "billing-service-invoices");
  ASSERT_NE(other, nullptr);
  EXPECT_EQ(other->value("open_shard_count", 0), 4);
  // Everything of the other project is exactly as before.
  auto other_of = [](const json& estate) {
    std::string d = estate.dump();
    std::vector<std::string> hits;
    for (size_t p = d.find("billing-service"); p != std::string::npos;
         p = d.find("billing-service", p + 1))
      hits.push_back(d.substr(p > 200 ? p - 200 : 0, 400));
    return hits;
  };
  EXPECT_EQ(other_of(Estate()).size(), other_of(before).size());
  EXPECT_TRUE(std::filesystem::exists(state_path()));
}

TEST_F(ParkRestoreTest, DryRunMakesNoMutatingCall) {
  json before = Estate();
  auto plan = Manager({"stop", "--dry-run"});
  ASSERT_EQ(plan.exit_code, 0) << plan.out << plan.err;
  EXPECT_NE(plan.out.find("DeleteEndpoint user-journey-analytics-exit-risk-endpoint"),
            std::string::npos)
      << plan.out;
  EXPECT_NE(plan.out.find("UpdateShardCount user-journey-analytics-user-events 2 -> 1"),
            std::string::npos);
  EXPECT_NE(plan.out.find("PutFunctionConcurrency intervention-executor 5 -> 0"),
            std::string::npos);
  EXPECT_NE(plan.out.find("DisableAlarmActions for 8 alarms"), std::string::npos) << plan.out;
  EXPECT_TRUE(MutatingCalls().empty());
  EXPECT_TRUE(Estate() == before);
  EXPECT_FALSE(std::filesystem::exists(state_path()));
}

TEST_F(ParkRestoreTest, NoTerminalWithoutForceRefusesBeforeAnyCall) {
  auto r = Manager({"stop"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--force"), std::string::npos) << r.err;
  EXPECT_EQ(State().at("calls").value("total", -1), 0);
}

TEST_F(ParkRestoreTest, DoubleStopAndDoubleStartAreHarmless) {
  json before = Estate();
  ASSERT_EQ(Manager({"stop", "--force"}).exit_code, 0);
  json parked = Estate();
  auto again = Manager({"stop", "--force"});
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_NE(again.out.find("Nothing to stop"), std::string::npos) << again.out;
  EXPECT_TRUE(Estate() == parked);
  ASSERT_EQ(Manager({"start", "--force"}).exit_code, 0);
  auto start_again = Manager({"start", "--force"});
  ASSERT_EQ(start_again.exit_code, 0) << start_again.out << start_again.err;
  json after = Estate();
  EXPECT_TRUE(after == before) << json::diff(before, after).dump();
}

TEST_F(ParkRestoreTest, OnlyAndResourceActOnExactlyWhatTheyName) {
  json before = State().at("services");
  auto r = Manager({"--only", "lambda", "--resource", "intervention-executor", "stop", "--force"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  auto calls = MutatingCalls();
  ASSERT_EQ(calls.size(), 1u) << State().at("calls").dump();
  EXPECT_EQ(calls.begin()->second, 1);
  auto start = Manager({"start", "--force"});
  ASSERT_EQ(start.exit_code, 0) << start.out << start.err;
}

TEST_F(ParkRestoreTest, SecondConcurrentRunIsRefused) {
  RealClock clock;
  auto lock = RunLock::Acquire(state_path(), "stop", clock);
  ASSERT_TRUE(lock.ok()) << lock.status().ToString();
  auto r = Manager({"stop", "--force"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("pid"), std::string::npos) << r.err;
  EXPECT_TRUE(MutatingCalls().empty());
}

TEST_F(ParkRestoreTest, StatusJsonIsOneObjectWithEveryResource) {
  auto r = Manager({"--output", "json", "status"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_TRUE(r.json.is_object()) << r.out;
  const auto& resources = r.json.at("resources");
  int alarms = 0;
  for (const auto& res : resources) alarms += res.at("type") == "cloudwatch-alarm";
  EXPECT_EQ(alarms, 10);  // 9 metric + 1 composite
  EXPECT_NEAR(r.json.at("totals").at("daily_cost_usd").get<double>(),
              2.76 + 0.72 + 0.9 / 30 + 0.5 / 30 + (5 * 0.00013 + 5 * 0.00065) * 24 +
                  2 * (0.5 * 0.04048 + 1 * 0.004445) * 24 +  // 2 Fargate tasks, 0.5 vCPU / 1 GB
                  // EC2: the bastion (t3.micro, 8 GB gp3, an Elastic IP), the instance
                  // stopped (30 GB gp3 only), the group's member (t3.small, 8 GB, an IP).
                  (0.0104 + 8 * 0.08 / 720 + 0.005) * 24 + 30 * 0.08 / 720 * 24 +
                  (0.0208 + 8 * 0.08 / 720 + 0.005) * 24 +
                  2 * 0.0416 * 24 +  // 2 t3.medium in the Auto Scaling group
                  // Notebooks: the explorer (ml.t3.medium, 20 GB), the research
                  // notebook stopped (its 50 GB of ML storage only).
                  (0.05 + 20 * 0.14 / 720) * 24 + 50 * 0.14 / 720 * 24 +
                  // RDS: the PostgreSQL db.t3.medium with 20 GB gp3, the Aurora
                  // cluster's two db.r6g.large with 50 GB of Aurora storage.
                  (0.072 + 20 * 0.115 / 720) * 24 + (2 * 0.26 + 50 * 0.10 / 720) * 24 +
                  2 * 0.0832 * 24,  // 2 t3.large nodes of the EKS node group
              0.01);
  EXPECT_TRUE(r.json.at("state_file").contains("exists"));
}

// A stream with 8 shards goes 8 -> 4 -> 2 -> 1 and back 1 -> 2 -> 4 -> 8.
class EightShardTest : public ManagerFixture {
 protected:
  sandbox::ServerOptions Options() override {
    auto o = ManagerFixture::Options();
    for (auto& s : o.estate["kinesis"]["streams"])
      if (s["StreamName"] == "user-journey-analytics-user-events") s["OpenShardCount"] = 8;
    return o;
  }
};

TEST_F(EightShardTest, HalvesDownToOneAndDoublesBackToEight) {
  json before = Estate();
  auto stop = Manager({"--only", "kinesis", "stop", "--force"});
  ASSERT_EQ(stop.exit_code, 0) << stop.out << stop.err;
  EXPECT_EQ(MutatingCalls()["kinesis:UpdateShardCount"], 3);
  auto start = Manager({"--only", "kinesis", "start", "--force"});
  ASSERT_EQ(start.exit_code, 0) << start.out << start.err;
  EXPECT_EQ(MutatingCalls()["kinesis:UpdateShardCount"], 6);
  json after = Estate();
  EXPECT_TRUE(after == before) << json::diff(before, after).dump();
}

// An endpoint whose endpoint config is gone could never be recreated.
class MissingConfigTest : public ManagerFixture {
 protected:
  sandbox::ServerOptions Options() override {
    auto o = ManagerFixture::Options();
    auto& configs = o.estate["sagemaker"]["endpoint_configs"];
    json kept = json::array();
    for (auto& c : configs)
      if (c["EndpointConfigName"] != "user-journey-analytics-exit-risk-endpoint-config")
        kept.push_back(c);
    configs = kept;
    return o;
  }
};

TEST_F(MissingConfigTest, StopRefusesToDeleteTheEndpoint) {
  auto stop = Manager({"--only", "sagemaker", "stop", "--force"});
  EXPECT_EQ(stop.exit_code, 1) << stop.out << stop.err;
  EXPECT_NE(stop.out.find("refusing to delete"), std::string::npos) << stop.out;
  EXPECT_TRUE(MutatingCalls().empty());
}

}  // namespace
}  // namespace arm::testing

namespace arm::testing {
namespace {

class SecretsTest : public ManagerFixture {};

TEST_F(SecretsTest, TraceLogsAndOutputNeverShowTheSecretKeyOrSignature) {
  std::vector<std::string> creds = {"AWS_ACCESS_KEY_ID=AKIAREADONLYEXAMPLE",
                                    "AWS_SECRET_ACCESS_KEY=readonly-secret-key-example"};
  auto r = Manager({"--log-level", "trace", "status"}, creds);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("debug: "), std::string::npos)
      << "trace logging produced no line: " << r.err;
  for (const std::string& secret :
       {std::string("readonly-secret-key-example"), std::string("Signature="),
        std::string("Authorization"), std::string("X-Amz-Security-Token")}) {
    EXPECT_EQ(r.out.find(secret), std::string::npos) << secret;
    EXPECT_EQ(r.err.find(secret), std::string::npos) << secret;
  }
}

TEST_F(SecretsTest, AccessDeniedMidwayExitsThreeAndNamesTheMissingAction) {
  std::vector<std::string> creds = {"AWS_ACCESS_KEY_ID=AKIAREADONLYEXAMPLE",
                                    "AWS_SECRET_ACCESS_KEY=readonly-secret-key-example"};
  auto r = Manager({"--only", "lambda", "stop", "--force"}, creds);
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_NE(r.out.find("lambda:PutFunctionConcurrency"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("aws-resource-manager iam-policy"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("readonly-secret-key-example"), std::string::npos);
}

}  // namespace
}  // namespace arm::testing
