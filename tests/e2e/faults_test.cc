// Faults end to end: a sandbox that throttles, fails and drops connections;
// an endpoint nobody answers; resources changed by someone else while parked.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <thread>

#include "sandbox/server.h"
#include "tests/e2e/child_process.h"
#include "tests/e2e/manager_fixture.h"
#include "tests/testing/sandbox_http.h"
#include "tests/testing/testing.h"

namespace arm::testing {
namespace {

using nlohmann::json;
using SteadyClock = std::chrono::steady_clock;

struct SeedOutcome {
  uint64_t seed = 0;
  std::string failure;
  json faults;
  long long ms = 0;
  int throttle_summaries = 0;  // commands whose stderr had the one summary line
};

// Stop then start against a sandbox at --throttle-rate 0.3 --error-rate 0.1
// --reset-rate 0.05 with this seed.
SeedOutcome RunSeed(uint64_t seed) {
  SeedOutcome o;
  o.seed = seed;
  auto t0 = SteadyClock::now();
  sandbox::ServerOptions opts = SandboxFixture::DefaultOptions();
  opts.throttle_rate = 0.3;
  opts.error_rate = 0.1;
  opts.reset_rate = 0.05;
  opts.seed = seed;
  opts.threads = 16;
  sandbox::Server server(opts);
  if (arm::Status started = server.Start(); !started.ok()) {
    o.failure = "sandbox: " + started.ToString();
    return o;
  }
  std::string dir = MakeTempDir("arm-faults");
  std::string endpoint = "http://127.0.0.1:" + std::to_string(server.port());
  json before = NormalizedEstate(server.State().at("services"));
  for (const char* command : {"stop", "start"}) {
    ChildProcess p;
    // More attempts than the default 3: at these rates 45% of all calls fail.
    p.Start(
        ManagerArgv(endpoint, dir + "/state.json", {"--max-attempts", "20", command, "--force"}),
        ManagerEnv(dir), dir + "/" + command);
    ChildExit e = p.Wait(std::chrono::seconds(240));
    if (e.exit_code != 0) {
      o.failure =
          std::string(command) + " exit " + std::to_string(e.exit_code) + ":\n" + e.out + e.err;
      break;
    }
    // Throttled retries are one summary line on stderr, not one line each
    // (they go to the debug log); other retried errors still show.
    std::istringstream lines(e.err);
    for (std::string line; std::getline(lines, line);) {
      bool throttle_code = line.find("Throttl") != std::string::npos ||
                           line.find("TooManyRequests") != std::string::npos ||
                           line.find("LimitExceeded") != std::string::npos;
      if (throttle_code && line.find("retrying in") != std::string::npos)
        o.failure = std::string(command) + ": a throttled retry on stderr: " + line;
    }
    if (e.err.find("AWS throttled ") != std::string::npos) ++o.throttle_summaries;
  }
  json after = NormalizedEstate(server.State().at("services"));
  if (o.failure.empty() && after != before)
    o.failure = "estate differs: " + json::diff(before, after).dump();
  o.faults = server.Calls().value("faults", json::object());
  server.Stop();
  RemoveTree(dir);
  o.ms = std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - t0).count();
  return o;
}

// One CTest test per seed, so that ctest -j runs the seeds side by side.
class FaultsTest : public ::testing::TestWithParam<uint64_t> {};

TEST_P(FaultsTest, StopThenStartRestoresExactlyUnderThrottlingErrorsAndResets) {
  SeedOutcome o = RunSeed(GetParam());
  EXPECT_TRUE(o.failure.empty()) << "seed " << o.seed << ": " << o.failure;
  // The faults really happened.
  EXPECT_GT(o.faults.value("throttle", 0), 0) << "seed " << o.seed << " " << o.faults.dump();
  EXPECT_EQ(o.throttle_summaries, 2) << "seed " << o.seed;
  std::cout << "[ faults   ] seed " << o.seed << ": " << o.faults.dump() << " in " << o.ms
            << " ms\n";
}

INSTANTIATE_TEST_SUITE_P(FiveSeeds, FaultsTest, ::testing::Values(1, 2, 3, 4, 5));

class UnreachableTest : public ManagerFixture {};

TEST_F(UnreachableTest, NobodyListeningEndsQuicklyWithAClearMessageAndTheStateIntact) {
  ASSERT_EQ(Manager({"stop", "--force"}).exit_code, 0);
  std::string state = Slurp(state_path());
  ASSERT_FALSE(state.empty());
  for (const char* command : {"stop", "start", "status"}) {
    auto t0 = SteadyClock::now();
    // Port 1 on loopback: connection refused.
    CliResult r = RunProcess(ManagerArgv("http://127.0.0.1:1", state_path(), {command, "--force"}),
                             ManagerEnv(dir_));
    if (std::string(command) == "status")
      r = RunProcess(ManagerArgv("http://127.0.0.1:1", state_path(), {command}), ManagerEnv(dir_));
    auto seconds =
        std::chrono::duration_cast<std::chrono::seconds>(SteadyClock::now() - t0).count();
    EXPECT_EQ(r.exit_code, 4) << command << ": " << r.err;
    EXPECT_LT(seconds, 30) << command;
    EXPECT_NE(r.err.find("127.0.0.1:1"), std::string::npos) << command << ": " << r.err;
    EXPECT_NE(r.err.find("nothing was changed; safe to retry"), std::string::npos)
        << command << ": " << r.err;
    EXPECT_NE(r.err.find("connect"), std::string::npos) << command << ": " << r.err;
    EXPECT_EQ(Slurp(state_path()), state) << command;
  }
}

// An endpoint that accepts the connection and never answers in time.
TEST_F(UnreachableTest, SilentEndpointTimesOutWithinTheReadTimeoutAndTheStateIntact) {
  ASSERT_EQ(Manager({"stop", "--force"}).exit_code, 0);
  std::string state = Slurp(state_path());
  sandbox::ServerOptions opts = SandboxFixture::DefaultOptions();
  opts.latency_ms = 4000;
  opts.threads = 8;
  sandbox::Server slow(opts);
  arm::Status started = slow.Start();
  ASSERT_TRUE(started.ok()) << started.ToString();
  std::string url = "http://127.0.0.1:" + std::to_string(slow.port());
  auto t0 = SteadyClock::now();
  CliResult r =
      RunProcess(ManagerArgv(url, state_path(), {"--cli-read-timeout", "1", "start", "--force"}),
                 ManagerEnv(dir_));
  auto seconds = std::chrono::duration_cast<std::chrono::seconds>(SteadyClock::now() - t0).count();
  EXPECT_EQ(r.exit_code, 4) << r.err;
  EXPECT_LT(seconds, 15) << "3 attempts of 1 s plus backoff";
  EXPECT_NE(r.err.find("timed out"), std::string::npos) << r.err;
  EXPECT_EQ(Slurp(state_path()), state);
  EXPECT_EQ(slow.Calls().value("mutating", -1), 0);
  slow.Stop();
}

// Someone changes a parked resource before start.
class DriftTest : public ManagerFixture {
 protected:
  // A 4-shard stream: parked at 1, someone scales it to 2, start brings 4.
  sandbox::ServerOptions Options() override {
    auto o = ManagerFixture::Options();
    for (auto& s : o.estate["kinesis"]["streams"])
      if (s["StreamName"] == "user-journey-analytics-user-events") s["OpenShardCount"] = 4;
    return o;
  }
  json Call(const std::string& service, HttpRequest req) {
    RawResponse r = SendSigned(port(), std::move(req), service);
    EXPECT_TRUE(r.answered);
    EXPECT_GE(r.status, 200);
    EXPECT_LT(r.status, 300) << r.body;
    return json::parse(r.body, nullptr, false);
  }
  void RescaleStream(const std::string& name, int shards) {
    HttpRequest req;
    req.method = "POST";
    req.path = "/";
    req.SetHeader("X-Amz-Target", "Kinesis_20131202.UpdateShardCount");
    req.SetHeader("Content-Type", "application/x-amz-json-1.1");
    req.body =
        json{{"StreamName", name}, {"TargetShardCount", shards}, {"ScalingType", "UNIFORM_SCALING"}}
            .dump();
    Call("kinesis", req);
  }
  // The sandbox's UPDATING -> ACTIVE takes 0.1 s: polled, not slept on.
  void WaitUntilStreamActive(const std::string& name) {
    HttpRequest req;
    req.method = "POST";
    req.path = "/";
    req.SetHeader("X-Amz-Target", "Kinesis_20131202.DescribeStreamSummary");
    req.SetHeader("Content-Type", "application/x-amz-json-1.1");
    req.body = json{{"StreamName", name}}.dump();
    auto deadline = SteadyClock::now() + std::chrono::seconds(10);
    std::string status;
    while (SteadyClock::now() < deadline) {
      status = Call("kinesis", req)
                   .value("StreamDescriptionSummary", json::object())
                   .value("StreamStatus", "");
      if (status == "ACTIVE") return;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ADD_FAILURE() << name << " still " << status << " after 10 s";
  }
  void DeleteFunction(const std::string& name) {
    HttpRequest req;
    req.method = "DELETE";
    req.path = "/2015-03-31/functions/" + name;
    Call("lambda", req);
  }
  void DeleteAlarm(const std::string& name) {
    HttpRequest req;
    req.method = "POST";
    req.path = "/";
    req.SetHeader("Content-Type", "application/x-www-form-urlencoded");
    req.body = "Action=DeleteAlarms&Version=2010-08-01&AlarmNames.member.1=" + name;
    Call("monitoring", req);
  }
  json StateFile() { return json::parse(Slurp(state_path())); }
  const json* Entry(const json& state, const std::string& type, const std::string& name) {
    for (const auto& r : state.at("resources"))
      if (r.at("type") == type && r.at("name") == name) return &r;
    return nullptr;
  }
};

TEST_F(DriftTest, RescaledStreamIsReportedAndBroughtBackToItsRecordedShards) {
  json before = Estate();
  ASSERT_EQ(Manager({"stop", "--force"}).exit_code, 0);
  RescaleStream("user-journey-analytics-user-events", 2);
  WaitUntilStreamActive("user-journey-analytics-user-events");
  auto start = Manager({"start", "--force"});
  EXPECT_EQ(start.exit_code, 0) << start.out << start.err;
  EXPECT_NE((start.out + start.err).find("drift: the stream has 2 shards"), std::string::npos)
      << start.out << start.err;
  json after = Estate();
  EXPECT_TRUE(after == before) << json::diff(before, after).dump();
}

TEST_F(DriftTest, DeletedFunctionAndAlarmFailClearlyAndTheRestIsRestored) {
  json before = Estate();
  ASSERT_EQ(Manager({"stop", "--force"}).exit_code, 0);
  json parked_state = StateFile();
  ASSERT_NE(Entry(parked_state, "lambda-function", "intervention-executor"), nullptr)
      << parked_state.dump();
  DeleteFunction("intervention-executor");
  const json* alarm = nullptr;
  for (const auto& r : parked_state.at("resources"))
    if (r.at("type") == "cloudwatch-alarm") alarm = &r;
  ASSERT_NE(alarm, nullptr) << parked_state.dump();
  std::string alarm_name = alarm->at("name");
  DeleteAlarm(alarm_name);

  auto start = Manager({"start", "--force"});
  EXPECT_EQ(start.exit_code, 1) << start.out << start.err;
  std::string all = start.out + start.err;
  EXPECT_NE(all.find("intervention-executor"), std::string::npos) << all;
  EXPECT_NE(all.find("no longer exists"), std::string::npos) << all;
  EXPECT_NE(all.find(alarm_name), std::string::npos) << all;

  // The alarm watching the function that did not come back stays disabled,
  // reported with the command to re-run.
  constexpr char kWatchesExecutor[] = "user-journey-analytics-executor-throttles";
  json after = Estate();
  if (alarm_name != kWatchesExecutor) {
    EXPECT_EQ(after.at("monitoring").at("alarms").at(kWatchesExecutor).at("actions_enabled"),
              false);
    EXPECT_NE(all.find(kWatchesExecutor), std::string::npos) << all;
  }
  // Everything else is back as it was: compare without the vanished ones.
  // Drops every object keyed by, or array entry naming, one of the two; and
  // the account's unreserved concurrency, which the deleted reservation frees.
  std::function<json(const json&)> without = [&](const json& j) -> json {
    auto names = [&](const std::string& v) {
      return v == "intervention-executor" || v == alarm_name || v == kWatchesExecutor;
    };
    if (j.is_object()) {
      json out = json::object();
      for (auto it = j.begin(); it != j.end(); ++it)
        if (!names(it.key()) && it.key() != "unreserved_concurrent_executions")
          out[it.key()] = without(it.value());
      return out;
    }
    if (j.is_array()) {
      json out = json::array();
      for (const auto& e : j) {
        bool named = false;
        if (e.is_object())
          for (const auto& v : e)
            if (v.is_string() && names(v.get<std::string>())) named = true;
        if (!named) out.push_back(without(e));
      }
      return out;
    }
    return j;
  };
  EXPECT_TRUE(without(after) == without(before))
      << json::diff(without(before), without(after)).dump();

  // The state keeps both entries with their originals; the rest is running.
  json state = StateFile();
  const json* fn = Entry(state, "lambda-function", "intervention-executor");
  ASSERT_NE(fn, nullptr) << state.dump();
  EXPECT_EQ(fn->at("original"),
            Entry(parked_state, "lambda-function", "intervention-executor")->at("original"));
  const json* al = Entry(state, "cloudwatch-alarm", alarm_name);
  ASSERT_NE(al, nullptr) << state.dump();
  EXPECT_NE(al->at("status"), "running");
  for (const auto& r : state.at("resources")) {
    if (r.at("name") == "intervention-executor" || r.at("name") == alarm_name ||
        r.at("name") == kWatchesExecutor)
      continue;
    EXPECT_EQ(r.at("status"), "running") << r.dump();
  }
}

}  // namespace
}  // namespace arm::testing
