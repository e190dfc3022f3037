// Crash consistency: aws-resource-manager is killed (SIGKILL, SIGINT,
// SIGTERM) at many moments of a stop and of a start, against aws-sandbox
// with latency so that every phase lasts long enough to be hit. After each
// kill the operator's recovery (stop again, then start) must give back the
// original estate exactly. Cases run in parallel lanes, one sandbox each.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "resources/kinesis_budget.h"
#include "sandbox/server.h"
#include "tests/e2e/child_process.h"
#include "tests/e2e/manager_fixture.h"
#include "tests/testing/sandbox_fixture.h"
#include "tests/testing/testing.h"

namespace arm::testing {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr int kLanes = 6;
constexpr double kLatencyMs = 8;

// When to signal the run. `counter` is "ms" (since the process started),
// "writes" (times the state file was replaced), "total" or "mutating"
// (sandbox calls of this run) or an IAM action ("kinesis:UpdateShardCount").
struct KillPoint {
  std::string counter;
  int at = 0;
  std::string Label() const { return counter + "#" + std::to_string(at); }
};

struct Case {
  std::string command;  // "stop" | "start": the run that is killed
  KillPoint point;
  int sig = SIGKILL;
  // After a killed start: true runs stop then start, false start only.
  bool stop_after_start_kill = false;
};

struct CaseResult {
  std::string label;
  bool killed = false;  // the signal reached a run that was still going
  std::string failure;  // empty when the estate came back exactly
  json state_at_kill;   // statuses in the state file right after the kill
};

// The demo estate with a 4-shard stream: stop scales 4 -> 2 -> 1 and start
// 1 -> 2 -> 4, so kills land inside multi-step Kinesis scaling.
json CrashEstate() {
  json estate = SandboxFixture::DemoEstate();
  for (auto& s : estate["kinesis"]["streams"])
    if (s["StreamName"] == "user-journey-analytics-user-events") s["OpenShardCount"] = 4;
  return estate;
}

// The UpdateShardCount calls the state file counts against the Kinesis
// budget at `now` (recorded times and reservations, every stream); -1 when
// it cannot be read.
int CountedScalingCalls(const std::string& state_path, std::chrono::system_clock::time_point now) {
  json j = json::parse(Slurp(state_path), nullptr, false);
  if (j.is_discarded()) return -1;
  int n = 0;
  if (j.contains("resources"))
    for (const auto& r : j["resources"])
      if (r.value("type", "") == "kinesis-stream")
        n += static_cast<int>(RecentScalingCalls(r.value("extra", json::object()), now).size());
  return n;
}

json Statuses(const std::string& state_path) {
  json j = json::parse(Slurp(state_path), nullptr, false);
  if (j.is_discarded()) return "unreadable: " + Slurp(state_path).substr(0, 200);
  json out = json::object();
  if (j.contains("resources"))
    for (const auto& r : j["resources"])
      out[r.value("type", "") + "/" + r.value("name", "")] = r.value("status", "");
  return out;
}

int Count(const json& calls, const std::string& counter) {
  if (counter == "total" || counter == "mutating") return calls.value(counter, 0);
  return calls.value("by_action", json::object()).value(counter, 0);
}

// One sandbox and one folder; runs cases one after another.
class Lane {
 public:
  explicit Lane(int id) : dir_(MakeTempDir("arm-crash-" + std::to_string(id))) {
    sandbox::ServerOptions o = SandboxFixture::DefaultOptions();
    o.estate = CrashEstate();
    o.latency_ms = kLatencyMs;
    o.threads = 16;
    server_ = std::make_unique<sandbox::Server>(o);
    arm::Status started = server_->Start();
    started_ = started.ok();
    start_error_ = started.ToString();
  }
  ~Lane() {
    server_->Stop();
    RemoveTree(dir_);
  }
  bool started() const { return started_; }
  const std::string& start_error() const { return start_error_; }

  CaseResult Run(const Case& c) {
    CaseResult r;
    r.label = c.command + "@" + c.point.Label() +
              (c.sig == SIGKILL  ? ""
               : c.sig == SIGINT ? "/SIGINT"
                                 : "/SIGTERM") +
              (c.command == "start" ? (c.stop_after_start_kill ? "+stop" : "+start") : "");
    server_->Reset();
    std::filesystem::remove(state_path());
    std::filesystem::remove(state_path() + ".bak");
    json original = Estate();
    if (c.command == "start") {
      ChildExit stop = Sync({"stop", "--force"});
      if (stop.exit_code != 0)
        return Fail(r, "setup stop exit " + std::to_string(stop.exit_code) + ": " + stop.err);
    }
    ChildExit killed = KillAt(c, &r);
    if (c.sig != SIGKILL && r.killed && killed.exit_code != 130) {
      return Fail(r, "interrupted run exited " + std::to_string(killed.exit_code) + " (signal " +
                         std::to_string(killed.signal) + "), want 130: " + killed.out + killed.err);
    }
    std::vector<std::string> recovery = {"start"};
    // SIGINT/SIGTERM leave a consistent state that start alone restores.
    if (c.sig == SIGKILL && (c.command == "stop" || c.stop_after_start_kill))
      recovery = {"stop", "start"};
    for (const auto& cmd : recovery) {
      ChildExit e = Sync({cmd, "--force"});
      if (e.exit_code != 0)
        return Fail(
            r, "recovery " + cmd + " exit " + std::to_string(e.exit_code) + ":\n" + e.out + e.err);
    }
    json after = Estate();
    if (after != original)
      return Fail(r, "estate differs from the original: " + json::diff(original, after).dump());
    json statuses = Statuses(state_path());
    for (auto it = statuses.begin(); statuses.is_object() && it != statuses.end(); ++it)
      if (it.value() != "running")
        return Fail(r, "after start " + it.key() + " is " + it.value().dump());
    return r;
  }

 private:
  std::string state_path() const { return dir_ + "/state.json"; }
  json Estate() { return NormalizedEstate(server_->State().at("services")); }
  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(server_->port()); }

  CaseResult Fail(CaseResult& r, const std::string& why) {
    r.failure = why;
    return r;
  }

  ChildExit Sync(const std::vector<std::string>& args) {
    ChildProcess p;
    p.Start(ManagerArgv(endpoint(), state_path(), args), ManagerEnv(dir_), dir_ + "/run");
    return p.Wait();
  }

  // Starts `c.command` and signals it when the kill point is reached.
  ChildExit KillAt(const Case& c, CaseResult* r) {
    json base = server_->Calls();
    struct stat st {};
    auto file_id = [&]() -> std::string {
      if (::stat(state_path().c_str(), &st) != 0) return "";
      return std::to_string(st.st_ino) + ":" + std::to_string(st.st_mtim.tv_sec) + "." +
             std::to_string(st.st_mtim.tv_nsec) + ":" + std::to_string(st.st_size);
    };
    std::string last_file = file_id();
    int writes = 0;
    ChildProcess p;
    auto t0 = Clock::now();
    p.Start(ManagerArgv(endpoint(), state_path(), {c.command, "--force"}), ManagerEnv(dir_),
            dir_ + "/killed");
    while (p.Running()) {
      bool reached = false;
      if (c.point.counter == "ms") {
        reached = Clock::now() - t0 >= std::chrono::milliseconds(c.point.at);
      } else if (c.point.counter == "writes") {
        std::string now = file_id();
        if (now != last_file) {
          ++writes;
          last_file = now;
        }
        reached = writes >= c.point.at;
      } else {
        json calls = server_->Calls();
        reached = Count(calls, c.point.counter) - Count(base, c.point.counter) >= c.point.at;
      }
      if (reached) {
        p.Signal(c.sig);
        r->killed = p.Running();
        break;
      }
      std::this_thread::sleep_for(std::chrono::microseconds(300));
    }
    ChildExit e = p.Wait();
    if (r->killed && c.sig == SIGKILL && e.signal != SIGKILL)
      r->killed = false;  // it had just finished
    r->state_at_kill =
        std::filesystem::exists(state_path()) ? Statuses(state_path()) : json("no state file");
    // The budget on the safe side: every UpdateShardCount AWS received
    // (since the reset, this run's and the setup stop's) is counted by the
    // state left on disk, as a recorded time or in a reservation.
    int made = Count(server_->Calls(), "kinesis:UpdateShardCount");
    int counted = std::filesystem::exists(state_path())
                      ? CountedScalingCalls(state_path(), std::chrono::system_clock::now())
                      : 0;
    if (counted < made)
      r->failure = "state at kill counts " + std::to_string(counted) +
                   " UpdateShardCount calls, AWS got " + std::to_string(made);
    return e;
  }

  std::string dir_;
  std::unique_ptr<sandbox::Server> server_;
  bool started_ = false;
  std::string start_error_;
};

std::vector<CaseResult> RunAll(const std::vector<Case>& cases) {
  std::vector<CaseResult> results(cases.size());
  std::atomic<size_t> next{0};
  std::vector<std::thread> lanes;
  for (int i = 0; i < kLanes; ++i) {
    lanes.emplace_back([&, i] {
      Lane lane(i);
      if (!lane.started()) {
        for (size_t k = next++; k < cases.size(); k = next++)
          results[k].failure = "sandbox: " + lane.start_error();
        return;
      }
      for (size_t k = next++; k < cases.size(); k = next++) results[k] = lane.Run(cases[k]);
    });
  }
  for (auto& t : lanes) t.join();
  return results;
}

void Report(const std::vector<CaseResult>& results, int min_killed) {
  int killed = 0;
  std::string not_reached;
  for (const auto& r : results) {
    EXPECT_TRUE(r.failure.empty())
        << r.label << ": " << r.failure << "\n  state at kill: " << r.state_at_kill.dump();
    if (r.killed)
      ++killed;
    else
      not_reached += " " + r.label;
  }
  EXPECT_GE(killed, min_killed) << "runs that finished before their kill point:" << not_reached;
  std::cout << "[ crash    ] " << killed << " of " << results.size()
            << " runs killed mid-run and recovered exactly; finished before "
               "the kill point:"
            << (not_reached.empty() ? " none" : not_reached) << "\n";
}

// Kill points spread over a whole stop of the crash estate: before any call,
// during discovery, right after the write-ahead, at each mutating call, while
// waiting for the endpoint to go and for each Kinesis step, between stages
// (each state save) and at the end.
std::vector<KillPoint> StopPoints() {
  return {{"ms", 0},     // before the first call
          {"total", 1},  // GetCallerIdentity in flight
          {"total", 3},  // discovery ...
          {"total", 6},
          {"total", 10},
          {"total", 14},
          {"writes", 1},  // originals durable, first change in flight
          {"cloudwatch:DisableAlarmActions", 1},
          {"writes", 2},  // between stages
          {"lambda:PutFunctionConcurrency", 1},
          {"lambda:PutFunctionConcurrency", 2},
          {"writes", 3},
          {"kinesis:UpdateShardCount", 1},       // 4 -> 2
          {"kinesis:DescribeStreamSummary", 3},  // waiting for ACTIVE
          {"kinesis:UpdateShardCount", 2},       // 2 -> 1
          {"kinesis:DescribeStreamSummary", 5},
          {"writes",
           5},  // after the stream stage (write 4: its reservation of the UpdateShardCount calls)
          {"sagemaker:DeleteEndpoint", 1},
          {"sagemaker:DescribeEndpoint", 2},  // waiting for the endpoint to go
          {"sagemaker:DescribeEndpoint", 3},
          {"mutating", 2},
          {"mutating", 4},
          {"mutating", 6},
          {"total", 18},
          {"total", 22},
          {"total", 26},
          {"total", 28},
          {"ms", 150},
          {"ms", 300},
          {"ms", 450}};
}

std::vector<KillPoint> StartPoints() {
  return {{"ms", 0},
          {"total", 2},
          {"total", 8},
          {"writes", 1},  // statuses "starting" durable
          {"sagemaker:CreateEndpoint", 1},
          {"sagemaker:DescribeEndpoint", 3},  // waiting for InService
          {"application-autoscaling:RegisterScalableTarget", 1},
          {"application-autoscaling:PutScalingPolicy", 1},
          {"kinesis:UpdateShardCount", 1},  // 1 -> 2
          {"kinesis:DescribeStreamSummary", 4},
          {"kinesis:UpdateShardCount", 2},  // 2 -> 4
          {"lambda:DeleteFunctionConcurrency", 1},
          {"lambda:PutFunctionConcurrency", 1},
          {"writes", 3},  // early types verified, alarms next (2: the UpdateShardCount reservation)
          {"cloudwatch:EnableAlarmActions", 1},
          {"total", 30},
          {"total", 36}};
}

TEST(CrashTest, KilledStopThenStopAndStartRestoresTheEstateExactly) {
  std::vector<Case> cases;
  for (const auto& p : StopPoints()) cases.push_back({"stop", p});
  auto t0 = Clock::now();
  auto results = RunAll(cases);
  Report(results, 25);
  std::cout << "[ crash    ] stop: " << cases.size() << " cases in "
            << std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count()
            << " ms\n";
}

TEST(CrashTest, KilledStartThenRecoveryRestoresTheEstateExactly) {
  std::vector<Case> cases;
  bool alternate = false;
  for (const auto& p : StartPoints()) {
    cases.push_back({"start", p, SIGKILL, alternate});
    alternate = !alternate;
  }
  auto t0 = Clock::now();
  auto results = RunAll(cases);
  Report(results, 10);
  std::cout << "[ crash    ] start: " << cases.size() << " cases in "
            << std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count()
            << " ms\n";
}

// SIGINT and SIGTERM: in-flight calls finish, the state is saved, exit 130;
// a later start restores everything.
TEST(CrashTest, SigintAndSigtermDuringStopExit130AndStartRestores) {
  std::vector<Case> cases;
  for (int sig : {SIGINT, SIGTERM}) {
    for (const KillPoint& p : std::vector<KillPoint>{{"cloudwatch:DisableAlarmActions", 1},
                                                     {"kinesis:UpdateShardCount", 1},
                                                     {"sagemaker:DeleteEndpoint", 1}})
      cases.push_back({"stop", p, sig});
  }
  auto results = RunAll(cases);
  Report(results, static_cast<int>(cases.size()));
}

}  // namespace
}  // namespace arm::testing
