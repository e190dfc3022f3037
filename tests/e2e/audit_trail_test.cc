// Issue 13, items 4 and 5 end to end: one resource that cannot be described
// is skipped alone; the audit report lists every call, holds a dry run's
// plan, records no savings for a run that changed nothing, names where the
// credentials came from, and survives a SIGKILL as an unfinished run.
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "tests/e2e/child_process.h"
#include "tests/e2e/manager_fixture.h"
#include "tests/testing/testing.h"

namespace arm::testing {
namespace {

using nlohmann::json;

class AuditTrailTest : public ManagerFixture {
 protected:
  std::string log_dir() const { return dir_ + "/logs"; }

  // The files in logs/operations, oldest first.
  std::vector<std::string> Files() {
    std::vector<std::string> out;
    std::string dir = log_dir() + "/operations";
    if (!std::filesystem::exists(dir)) return out;
    for (const auto& e : std::filesystem::directory_iterator(dir)) out.push_back(e.path().string());
    std::sort(out.begin(), out.end());
    return out;
  }
  json LastReport() {
    auto files = Files();
    EXPECT_FALSE(files.empty());
    return files.empty() ? json() : json::parse(Slurp(files.back()));
  }
  json Lambda(const std::string& name) {
    return State().at("services").at("lambda").at("functions").at(name).at("reserved_concurrency");
  }
  json StateEntry(const std::string& type, const std::string& name) {
    if (!std::filesystem::exists(state_path())) return json();
    const json state = json::parse(Slurp(state_path()));
    for (const auto& r : state.at("resources"))
      if (r.at("type") == type && r.at("name") == name) return r;
    return json();
  }
  void FailDescribeOf(const std::string& name) {
    auto rule = sandbox::ParseFaultRule("lambda:GetFunctionConcurrency@" + name + "=reset");
    ASSERT_TRUE(rule.ok());
    server_->SetFaultRules({*rule});
  }
};

TEST_F(AuditTrailTest, ADescribeThatStillFailsAfterRetriesSkipsThatResourceAloneAndKeepsItsState) {
  json before = Estate();
  const json reserved = Lambda("intervention-executor");
  const json processor = Lambda("event_processor");
  ASSERT_NE(reserved, 0);
  FailDescribeOf("intervention-executor");
  auto stop = Manager({"stop", "--force"});
  EXPECT_EQ(stop.exit_code, 1) << stop.out << stop.err;
  std::string all = stop.out + stop.err;
  EXPECT_NE(all.find("lambda-function intervention-executor: could not be described"),
            std::string::npos)
      << all;
  // The rest of the type went on; the unknown one was never changed.
  EXPECT_EQ(Lambda("event_processor"), 0);
  EXPECT_EQ(Lambda("intervention-executor"), reserved);
  EXPECT_EQ(StateEntry("lambda-function", "event_processor")["status"], "stopped")
      << Slurp(state_path());
  EXPECT_TRUE(StateEntry("lambda-function", "intervention-executor").is_null());
  // Its describe was retried like any call, and the report says so.
  json report = LastReport();
  bool retried = false;
  for (const auto& c : report.at("calls"))
    if (c["api"] == "lambda:GetFunctionConcurrency" && c["target"] == "intervention-executor")
      retried = c["ok"] == false && c["attempts"].get<int>() >= 3;
  EXPECT_TRUE(retried) << report.at("calls").dump();
  EXPECT_GE(server_->Calls().at("faults").value("reset", 0), 3);

  // Described again: parked like the others.
  server_->SetFaultRules({});
  auto again = Manager({"stop", "--force"});
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_EQ(Lambda("intervention-executor"), 0);
  json recorded = StateEntry("lambda-function", "intervention-executor");
  ASSERT_FALSE(recorded.is_null());

  // A start that cannot describe it restores the others and leaves its entry
  // exactly as recorded.
  FailDescribeOf("intervention-executor");
  auto start = Manager({"start", "--force"});
  EXPECT_EQ(start.exit_code, 1) << start.out << start.err;
  EXPECT_EQ(Lambda("event_processor"), processor);
  EXPECT_EQ(Lambda("intervention-executor"), 0);
  EXPECT_EQ(StateEntry("lambda-function", "intervention-executor"), recorded);
  server_->SetFaultRules({});
  auto restored = Manager({"start", "--force"});
  ASSERT_EQ(restored.exit_code, 0) << restored.out << restored.err;
  json after = Estate();
  EXPECT_TRUE(after == before) << json::diff(before, after).dump();
}

TEST_F(AuditTrailTest, TheReportListsEveryCallTheSandboxCountedReadsIncluded) {
  auto stop = Manager({"stop", "--force"});
  ASSERT_EQ(stop.exit_code, 0) << stop.out << stop.err;
  json report = LastReport();
  std::map<std::string, int> reported;
  for (const auto& c : report.at("calls")) {
    reported[c.at("api").get<std::string>()] += 1;
    EXPECT_EQ(c.at("attempts"), 1) << c.dump();
    EXPECT_FALSE(c.at("request_id").get<std::string>().empty()) << c.dump();
    std::string api = c.at("api");
    if (api != "sts:GetCallerIdentity" && api.find(":List") == std::string::npos &&
        api != "cloudwatch:DescribeAlarms") {
      EXPECT_FALSE(c.at("target").get<std::string>().empty()) << c.dump();
    }
  }
  std::map<std::string, int> counted;
  const json by_action = server_->Calls().at("by_action");
  for (const auto& [api, n] : by_action.items()) counted[api] = n.get<int>();
  EXPECT_EQ(reported, counted) << report.at("calls").dump(1);
  EXPECT_GT(counted["lambda:GetFunctionConcurrency"], 0);
  EXPECT_GT(counted["sts:GetCallerIdentity"], 0);
  // Each action's calls are in the run's list too.
  size_t in_actions = 0;
  for (const auto& a : report.at("actions")) in_actions += a.at("calls").size();
  EXPECT_GT(report.at("calls").size(), in_actions);
  EXPECT_EQ(report.at("credentials"), "environment variables");
  EXPECT_EQ(report.at("report_version"), 2);
}

TEST_F(AuditTrailTest, ADryRunReportHoldsThePlanItPrinted) {
  auto dry = Manager({"stop", "--dry-run"});
  ASSERT_EQ(dry.exit_code, 0) << dry.out << dry.err;
  json report = LastReport();
  ASSERT_TRUE(report.contains("plan_text")) << report.dump(1);
  std::string plan = report.at("plan_text");
  EXPECT_NE(plan.find("UpdateShardCount"), std::string::npos) << plan;
  EXPECT_NE((dry.out + dry.err).find(plan), std::string::npos) << plan << "\n---\n"
                                                               << dry.out << dry.err;
  EXPECT_GT(report.at("plan").at("action_count").get<int>(), 0);
  EXPECT_EQ(report.at("cost").at("savings_daily_usd"), 0);
  EXPECT_GT(report.at("cost").at("planned_savings_daily_usd").get<double>(), 0);
}

TEST_F(AuditTrailTest, ADeniedRunRecordsNoSavingsAndHistoryShowsNone) {
  auto stop = Manager({"stop", "--force"}, {"AWS_ACCESS_KEY_ID=AKIAREADONLYEXAMPLE",
                                            "AWS_SECRET_ACCESS_KEY=readonly-secret-key-example"});
  ASSERT_EQ(stop.exit_code, 3) << stop.out << stop.err;
  json report = LastReport();
  EXPECT_GT(report.at("summary").at("failed").get<int>(), 0);
  EXPECT_EQ(report.at("summary").at("done"), 0) << report.at("actions").dump(1);
  EXPECT_EQ(report.at("cost").at("savings_daily_usd"), 0);
  EXPECT_NE(stop.out.find("Changed by this run: no cost change"), std::string::npos) << stop.out;
  auto history = Manager({"history", "--output", "json"});
  ASSERT_EQ(history.exit_code, 0) << history.err;
  json ops = json::parse(history.out).at("operations");
  ASSERT_EQ(ops.size(), 1u);
  EXPECT_EQ(ops[0].at("savings_daily_usd"), 0);
  auto text = Manager({"history"});
  EXPECT_EQ(text.out.find("saves"), std::string::npos) << text.out;
}

// Issue 13 item 5: savings count exactly the resources a partly successful
// run changed, for stop (saves) and start (adds back), in the report, the
// run's own output and `history`.
TEST_F(AuditTrailTest, APartlySuccessfulRunRecordsTheSavingsOfWhatItChanged) {
  auto planned = [&](const std::vector<std::string>& args) {
    auto dry = Manager(args);
    EXPECT_EQ(dry.exit_code, 0) << dry.out << dry.err;
    return LastReport().at("cost").at("planned_savings_daily_usd").get<double>();
  };
  const double all = planned({"stop", "--dry-run"});
  const double endpoint = planned({"--only", "sagemaker", "stop", "--dry-run"});
  ASSERT_GT(endpoint, 0);
  ASSERT_GT(all - endpoint, 0);  // the others save something too

  auto rule = sandbox::ParseFaultRule("sagemaker:DeleteEndpoint=error500");
  ASSERT_TRUE(rule.ok());
  server_->SetFaultRules({*rule});
  auto stop = Manager({"stop", "--force"});
  ASSERT_EQ(stop.exit_code, 1) << stop.out << stop.err;
  json report = LastReport();
  EXPECT_GT(report.at("summary").at("failed").get<int>(), 0);
  EXPECT_NEAR(report.at("cost").at("savings_daily_usd").get<double>(), all - endpoint, 1e-6)
      << report.at("cost").dump();
  EXPECT_NE(stop.out.find("Changed by this run: saves "), std::string::npos) << stop.out;

  // Parked as a whole, then a start where the stream cannot be scaled and
  // the endpoint comes back but its scaling policy cannot be restored: the
  // endpoint bills again, the stream does not.
  server_->SetFaultRules({});
  ASSERT_EQ(Manager({"stop", "--force"}).exit_code, 0);
  const double back = planned({"start", "--dry-run"});
  const double endpoint_back = planned({"--only", "sagemaker", "start", "--dry-run"});
  ASSERT_LT(endpoint_back, 0);
  // The ECS service, the Auto Scaling group and the EKS node group come back
  // too (their steps are not faulted).
  const double ecs_back = planned({"--only", "ecs", "start", "--dry-run"}) +
                          planned({"--only", "asg", "start", "--dry-run"}) +
                          planned({"--only", "nodegroup", "start", "--dry-run"});
  ASSERT_LT(ecs_back, 0);
  // And the EC2 bastion and the explorer notebook, and the databases.
  const double ec2_back = planned({"--only", "ec2", "start", "--dry-run"}) +
                          planned({"--only", "notebook", "start", "--dry-run"});
  ASSERT_LT(ec2_back, 0);
  const double rds_back = planned({"--only", "rds,rds-cluster", "start", "--dry-run"});
  ASSERT_LT(rds_back, 0);
  ASSERT_LT(back - endpoint_back, 0);  // the stream adds some too
  auto policy = sandbox::ParseFaultRule("application-autoscaling:PutScalingPolicy=error500");
  auto shards = sandbox::ParseFaultRule("kinesis:UpdateShardCount=error500");
  ASSERT_TRUE(policy.ok() && shards.ok());
  server_->SetFaultRules({*policy, *shards});
  auto start = Manager({"start", "--force"});
  ASSERT_EQ(start.exit_code, 1) << start.out << start.err;
  bool endpoint_up = false;
  const json sagemaker = Estate().at("sagemaker");
  for (const auto& e : sagemaker.at("endpoints"))
    endpoint_up = endpoint_up || (e.at("name") == "user-journey-analytics-exit-risk-endpoint" &&
                                  e.at("status") == "InService");
  EXPECT_TRUE(endpoint_up) << sagemaker.dump();
  report = LastReport();
  EXPECT_NEAR(report.at("cost").at("savings_daily_usd").get<double>(),
              endpoint_back + ecs_back + ec2_back + rds_back, 1e-6)
      << report.at("cost").dump();
  EXPECT_NE(start.out.find("Changed by this run: adds "), std::string::npos) << start.out;

  auto history = Manager({"history", "--output", "json"});
  ASSERT_EQ(history.exit_code, 0) << history.err;
  json ops = json::parse(history.out).at("operations");
  ASSERT_GE(ops.size(), 2u);
  EXPECT_EQ(ops[0].at("command"), "start");
  EXPECT_NEAR(ops[0].at("savings_daily_usd").get<double>(),
              endpoint_back + ecs_back + ec2_back + rds_back, 1e-6);
  auto text = Manager({"history"});
  std::istringstream lines(text.out);
  std::string first, line;
  std::getline(lines, line);  // header
  std::getline(lines, first);
  EXPECT_NE(first.find("start"), std::string::npos) << text.out;
  EXPECT_NE(first.find("adds $"), std::string::npos) << text.out;
  bool partial_stop = false;
  while (std::getline(lines, line))
    partial_stop = partial_stop || (line.find("stop ") != std::string::npos &&
                                    line.find("exit 1") != std::string::npos &&
                                    line.find("saves $") != std::string::npos);
  EXPECT_TRUE(partial_stop) << text.out;
}

TEST_F(AuditTrailTest, TheReportAndTheCredentialHintNameWhereTheCredentialsCameFrom) {
  std::string creds = dir_ + "/credentials";
  std::ofstream(creds) << "[ops]\naws_access_key_id = test\naws_secret_access_key = test\n";
  auto status = Manager({"stop", "--dry-run"},
                        {"AWS_ACCESS_KEY_ID=", "AWS_SECRET_ACCESS_KEY=", "AWS_PROFILE=ops",
                         "AWS_SHARED_CREDENTIALS_FILE=" + creds});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  json report = LastReport();
  EXPECT_EQ(report.at("profile"), "ops");
  EXPECT_NE(report.at("credentials").get<std::string>().find("(profile ops)"), std::string::npos)
      << report.at("credentials");

  // Environment keys AWS refuses: the hint names them, not "profile default".
  auto refused = Manager({"stop", "--force"}, {"AWS_SECRET_ACCESS_KEY=wrong"});
  EXPECT_EQ(refused.exit_code, 3) << refused.err;
  EXPECT_NE(refused.err.find("check the credentials from environment variables"), std::string::npos)
      << refused.err;
  EXPECT_EQ(refused.err.find("profile default"), std::string::npos) << refused.err;
  json env_report = LastReport();
  EXPECT_EQ(env_report.at("credentials"), "environment variables");
  // No profile was chosen and none gave the credentials: none is named.
  EXPECT_EQ(env_report.at("profile"), "") << env_report.dump(1).substr(0, 600);

  // A profile chosen explicitly is named (its settings apply) beside the
  // environment keys that signed the calls.
  auto chosen =
      Manager({"stop", "--dry-run"}, {"AWS_PROFILE=ops", "AWS_SHARED_CREDENTIALS_FILE=" + creds});
  ASSERT_EQ(chosen.exit_code, 0) << chosen.err;
  json chosen_report = LastReport();
  EXPECT_EQ(chosen_report.at("profile"), "ops");
  EXPECT_EQ(chosen_report.at("credentials"), "environment variables");
  auto history = Manager({"history", "--output", "json"});
  ASSERT_EQ(history.exit_code, 0) << history.err;
  json ops = json::parse(history.out).at("operations");
  ASSERT_EQ(ops.size(), 3u) << history.out;
  EXPECT_EQ(ops[0].at("profile"), "ops");  // newest first
  EXPECT_EQ(ops[1].at("profile"), "");
  EXPECT_EQ(ops[2].at("profile"), "ops");
}

class KilledRunTest : public AuditTrailTest {
 protected:
  sandbox::ServerOptions Options() override {
    sandbox::ServerOptions o = AuditTrailTest::Options();
    o.endpoint_delete_seconds = 600;  // the stop waits on the endpoint until killed
    return o;
  }
};

TEST_F(KilledRunTest, ARunKilledBySigkillLeavesItsReportShownAsInterrupted) {
  ChildProcess p;
  ASSERT_TRUE(p.Start(ManagerArgv(endpoint(), state_path(), {"stop", "--force"}, config_),
                      ManagerEnv(dir_), dir_ + "/killed"));
  // Killed once the wait after DeleteEndpoint has started (it never ends):
  // killed at DeleteEndpoint's outcome, the wait was not always started
  // yet on a loaded host.
  std::string journal;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (journal.empty() && p.Running() && std::chrono::steady_clock::now() < deadline) {
    for (const auto& f : Files())
      if (f.ends_with(".jsonl")) {
        std::istringstream lines(Slurp(f));
        for (std::string line; std::getline(lines, line);)
          if (line.rfind("{\"action_started\":", 0) == 0 &&
              line.find("\"api\":\"sagemaker:DescribeEndpoint\"") != std::string::npos)
            journal = f;
      }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_FALSE(journal.empty()) << "the journal never showed the wait after DeleteEndpoint";
  p.Signal(SIGKILL);
  ChildExit e = p.Wait();
  ASSERT_EQ(e.signal, SIGKILL) << e.out << e.err;

  auto history = Manager({"history", "--output", "json"});
  ASSERT_EQ(history.exit_code, 0) << history.err;
  json ops = json::parse(history.out).at("operations");
  ASSERT_EQ(ops.size(), 1u) << history.out;
  EXPECT_EQ(ops[0].at("unfinished"), true);
  EXPECT_EQ(ops[0].at("command"), "stop");
  EXPECT_EQ(ops[0].at("caller_arn"), "arn:aws:iam::000000000000:root");
  EXPECT_GT(ops[0].at("actions").get<int>(), 0);
  auto text = Manager({"history"});
  EXPECT_NE(text.out.find("interrupted"), std::string::npos) << text.out;
  // Every line of the journal is whole JSON, the calls included.
  std::istringstream lines(Slurp(journal));
  int calls = 0, reported = 0, started = 0;
  std::map<std::string, int> sent;  // api -> calls the journal says went out
  for (std::string line; std::getline(lines, line);) {
    json j = json::parse(line, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << line;
    calls += j.contains("call");
    reported += j.contains("action");
    started += j.contains("action_started");
    if (j.contains("call_sent")) sent[j["call_sent"].at("api")] += 1;
  }
  EXPECT_GT(calls, 0);
  // The wait on the endpoint was in flight: it is counted, outcome unknown,
  // with every action that finished.
  EXPECT_EQ(ops[0].at("in_flight"), 1) << history.out;
  EXPECT_EQ(ops[0].at("actions"), reported + 1) << history.out;
  EXPECT_GE(started, 1);
  EXPECT_NE(text.out.find("1 in flight (outcome unknown)"), std::string::npos) << text.out;
  // Every call AWS received is in the journal as sent.
  const json by_action = server_->Calls().at("by_action");
  for (const auto& [api, n] : by_action.items()) EXPECT_GE(sent[api], n.get<int>()) << api;
  EXPECT_GE(ops[0].at("calls_sent").get<int>(), server_->Calls().value("total", 0));
}

// SIGINT (or SIGTERM) while a change is in flight: the call finishes and
// the final report holds every call AWS received, each action that made one
// with its outcome, and history counts them.
class InterruptedRunTest : public AuditTrailTest {
 protected:
  sandbox::ServerOptions Options() override {
    sandbox::ServerOptions o = AuditTrailTest::Options();
    o.latency_ms = 150;  // every call is in flight long enough to be hit
    return o;
  }
};

TEST_F(InterruptedRunTest, EveryCallSentIsInTheReportWithItsOutcome) {
  for (int sig : {SIGINT, SIGTERM}) {
    server_->Reset();  // the estate; the call counters go on
    const json base = server_->Calls();
    std::filesystem::remove(state_path());
    std::filesystem::remove_all(log_dir());
    ChildProcess p;
    ASSERT_TRUE(p.Start(ManagerArgv(endpoint(), state_path(), {"stop", "--force"}, config_),
                        ManagerEnv(dir_), dir_ + "/interrupted"));
    // The sandbox counts a call when it arrives: signalled then, that call
    // is in flight.
    while (p.Running() && server_->Calls().value("mutating", 0) - base.value("mutating", 0) < 1)
      std::this_thread::yield();
    p.Signal(sig);
    ChildExit e = p.Wait();
    ASSERT_EQ(e.exit_code, 130) << e.out << e.err;
    json report = LastReport();
    ASSERT_TRUE(report.is_object());
    EXPECT_EQ(report.at("summary").at("interrupted"), true);
    std::map<std::string, int> reported;
    for (const auto& c : report.at("calls")) reported[c.at("api").get<std::string>()] += 1;
    const json after = server_->Calls();
    std::map<std::string, int> counted;
    for (const auto& [api, n] : after.at("by_action").items()) {
      int delta = n.get<int>() - base.at("by_action").value(api, 0);
      if (delta > 0) counted[api] = delta;
    }
    EXPECT_EQ(reported, counted) << sig << " " << report.at("calls").dump(1);
    // Each mutating call AWS received belongs to an action with an outcome.
    std::map<std::string, int> acted;
    for (const auto& a : report.at("actions")) {
      std::string result = a.at("result");
      if (a.at("mutating") == true && (result == "done" || result == "failed"))
        acted[a.at("api").get<std::string>()] += 1;
    }
    int mutating = 0;
    for (const auto& [api, n] : acted) mutating += n;
    EXPECT_EQ(mutating, after.value("mutating", 0) - base.value("mutating", 0))
        << sig << " " << report.at("actions").dump(1);
    auto history = Manager({"history", "--output", "json"});
    ASSERT_EQ(history.exit_code, 0) << history.err;
    json ops = json::parse(history.out).at("operations");
    ASSERT_EQ(ops.size(), 1u) << history.out;
    EXPECT_EQ(ops[0].at("exit_code"), 130);
    EXPECT_EQ(ops[0].at("actions"), report.at("summary").at("actions"));
  }
}

}  // namespace
}  // namespace arm::testing
