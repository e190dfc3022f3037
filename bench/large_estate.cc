// Large-estate benchmark (issues 7 and 16): the real aws-resource-manager
// against the real aws-sandbox (child processes) with a generated estate of
// every resource type (EC2 instances listed by id, the rest by the
// project's name prefix) and added latency. For each MAX_WORKERS it runs
// status, stop --force, start --force and reports wall time, API calls by
// operation (sandbox counters, the difference before/after each run), the
// child's peak RSS (wait4) and the efficiency against the lower bound of
// docs/performance.md. Then the demo
// estate on loopback (status wall time), --help start-up, and a throttled run.
//
//   large_estate [--scale full|small|tiny] [--workers 1,10,50] [--latency-ms 20]
//                [--throttle-rate 0.2] [--no-demo] [--json FILE] [--bin-dir DIR]
//
// Exit status 0 only when every run exited 0 and the report was written.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "bench/bench_process.h"
#include "bench/lower_bound.h"

namespace {

using nlohmann::json;

struct Options {
  std::string scale = "full";
  std::string throttle_scale = "full";
  std::vector<int> workers = {1, 10, 50};
  int latency_ms = 20;
  double throttle_rate = 0.2;
  double max_rps = 300;
  int kinesis_update_seconds = 0;
  int endpoint_delete_seconds = 0;
  bool demo = true;
  std::string json_file, bin_dir = ARM_BINARY_DIR, source_dir = ARM_SOURCE_DIR;
};

// The counts of every kind scale together (full = 5 x small, about 25 x
// tiny).
std::string GenerateSpec(const std::string& scale) {
  if (scale == "tiny")
    return "endpoints=2,streams=4,functions=20,alarms=20,tables=4,notebooks=2,ecs=8,asgs=4,"
           "instances=16,rds=4,aurora=2,nodegroups=2";
  if (scale == "small")
    return "endpoints=10,streams=40,functions=400,alarms=400,tables=40,notebooks=10,ecs=40,"
           "asgs=20,instances=80,rds=20,aurora=10,nodegroups=10";
  return "endpoints=50,streams=200,functions=2000,alarms=2000,tables=200,notebooks=50,ecs=200,"
         "asgs=100,instances=400,rds=100,aurora=50,nodegroups=50";
}

// The estate's resources by stage (bench::BoundInputs::resources) and its
// transition times, from the sandbox's state before the first run.
void EstateShape(const json& services, bench::BoundInputs& in) {
  auto list = [&](const char* service, const char* key) {
    const json& s = services.value(service, json::object());
    return s.value(key, json::array());
  };
  auto nested = [&](const char* service, const char* key) {
    int n = 0;
    for (const auto& c : list(service, "clusters"))
      n += static_cast<int>(c.value(key, json::array()).size());
    return n;
  };
  in.resources = {
      {"lambda-function", static_cast<int>(list("lambda", "functions").size())},
      {"kinesis-stream", static_cast<int>(list("kinesis", "streams").size())},
      {"dynamodb-table", static_cast<int>(list("dynamodb", "tables").size())},
      {"sagemaker-endpoint", static_cast<int>(list("sagemaker", "endpoints").size())},
      {"sagemaker-notebook", static_cast<int>(list("sagemaker", "notebook_instances").size())},
      {"ecs-service", nested("ecs", "services")},
      {"autoscaling-group", static_cast<int>(list("autoscaling", "groups").size())},
      {"ec2-instance", static_cast<int>(list("ec2", "instances").size())},
      {"rds-instance", static_cast<int>(list("rds", "instances").size())},
      {"rds-cluster", static_cast<int>(list("rds", "clusters").size())},
      {"eks-nodegroup", nested("eks", "nodegroups")},
  };
  auto seconds = [&](const char* service, const char* key) {
    const json& v = services.value(service, json::object()).value(key, json());
    return v.is_number() ? v.get<double>() : 0.0;
  };
  in.transition_s = {{"ec2-instance", seconds("ec2", "state_seconds")},
                     {"rds-instance", seconds("rds", "state_seconds")},
                     {"rds-cluster", seconds("rds", "state_seconds")},
                     {"eks-nodegroup", seconds("eks", "update_seconds")}};
}

struct RunRow {
  std::string estate, command;
  int workers = 0, exit_code = -1;
  double wall_s = 0, lower_bound_s = 0;
  long peak_rss_kb = 0;
  double cpu_s = 0, sandbox_cpu_s = 0;  // the CLI's CPU; the sandbox's during the run
  json calls;                           // by_action difference
  long total_calls = 0, mutating_calls = 0, throttled = 0;
};

json Diff(const json& before, const json& after) {
  json out = json::object();
  const json& a = after.at("calls").value("by_action", json::object());
  const json& b = before.at("calls").value("by_action", json::object());
  for (auto it = a.begin(); it != a.end(); ++it) {
    long n = it.value().get<long>() - b.value(it.key(), 0L);
    if (n > 0) out[it.key()] = n;
  }
  return out;
}

long Counter(const json& before, const json& after, const char* key) {
  return after.at("calls").value(key, 0L) - before.at("calls").value(key, 0L);
}

long Faults(const json& before, const json& after, const char* kind) {
  auto get = [&](const json& s) {
    return s.at("calls").value("faults", json::object()).value(kind, 0L);
  };
  return get(after) - get(before);
}

class Bench {
 public:
  explicit Bench(Options o) : o_(std::move(o)) { dir_ = bench::MakeTempDir(); }
  ~Bench() { bench::RemoveTree(dir_); }

  bool RunLarge(const std::string& label, const std::string& scale, double throttle_rate,
                const std::vector<int>& workers, double max_rps = 0,
                const std::string& retry_mode = "") {
    bool ok = true;
    for (int w : workers) {
      std::vector<std::string> extra = {"--latency-ms",
                                        std::to_string(o_.latency_ms),
                                        "--generate",
                                        GenerateSpec(scale),
                                        "--prefix",
                                        "generated-",
                                        "--endpoint-create-seconds",
                                        "0",
                                        "--kinesis-update-seconds",
                                        std::to_string(o_.kinesis_update_seconds),
                                        "--endpoint-delete-seconds",
                                        std::to_string(o_.endpoint_delete_seconds)};
      if (throttle_rate > 0)
        extra.insert(extra.end(),
                     {"--throttle-rate", std::to_string(throttle_rate), "--seed", "7"});
      if (max_rps > 0) extra.insert(extra.end(), {"--max-rps", std::to_string(max_rps)});
      env_ = bench::CleanEnv(dir_);
      if (!retry_mode.empty()) env_.push_back("AWS_RETRY_MODE=" + retry_mode);
      bench::Sandbox sandbox(o_.bin_dir, dir_, extra);
      if (!sandbox.ok()) return false;
      std::string config = dir_ + "/generated.conf";
      const json initial = sandbox.State().value("services", json::object());
      // EC2 instances are selected by id: a list, as for a fleet of
      // instances that have no name rule.
      std::string instances;
      for (const auto& i : initial.value("ec2", json::object()).value("instances", json::array()))
        instances += (instances.empty() ? "" : " ") + i.value("id", "");
      std::ofstream(config) << "PROJECT_NAME=\"generated\"\n"
                               "ENVIRONMENT=\"bench\"\n"
                               "AWS_REGION=\"us-east-1\"\n"
                               "EC2_INSTANCES=\""
                            << instances << "\"\n";
      std::string state = dir_ + "/state-" + label + "-" + std::to_string(w) + ".json";
      std::remove(state.c_str());
      json discovery;  // calls of the status run: the discovery baseline
      int max_shards = 1;
      for (const auto& st :
           initial.value("kinesis", json::object()).value("streams", json::array()))
        max_shards = std::max(max_shards, st.value("open_shard_count", 1));
      for (const char* cmd : {"status", "stop", "start"}) {
        std::vector<std::string> args = {"--config",
                                         config,
                                         "--endpoint-url",
                                         sandbox.url(),
                                         "--state-file",
                                         state,
                                         "--max-workers",
                                         std::to_string(w),
                                         cmd};
        if (std::string(cmd) != "status") args.push_back("--force");
        RunRow row = Measure(label, cmd, w, sandbox, args);
        if (row.command == "status") discovery = row.calls;
        bench::BoundInputs in;
        in.command = cmd;
        in.workers = w;
        in.latency_s = o_.latency_ms / 1000.0;
        in.kinesis_update_s = o_.kinesis_update_seconds;
        in.calls = row.calls;
        in.discovery = discovery;
        in.max_shards = max_shards;
        EstateShape(initial, in);
        in.max_rps = max_rps;
        row.lower_bound_s = bench::LowerBound(in).seconds;
        ok = ok && row.exit_code == 0;
        rows_.push_back(std::move(row));
        PrintRow(rows_.back());
      }
    }
    return ok;
  }

  bool RunDemo() {
    env_ = bench::CleanEnv(dir_);
    bench::Sandbox sandbox(o_.bin_dir, dir_,
                           {"--estate", o_.source_dir + "/config/demo-estate.json"});
    if (!sandbox.ok()) return false;
    bool ok = true;
    std::vector<double> walls;
    for (int i = 0; i < 5; ++i) {
      std::string state = dir_ + "/demo-state.json";
      RunRow row = Measure("demo", "status", 10, sandbox,
                           {"--config", o_.source_dir + "/config/demo.conf", "--endpoint-url",
                            sandbox.url(), "--state-file", state, "status"});
      ok = ok && row.exit_code == 0;
      walls.push_back(row.wall_s);
      if (i == 0) demo_rss_kb_ = row.peak_rss_kb;
    }
    std::sort(walls.begin(), walls.end());
    demo_status_ms_ = walls[walls.size() / 2] * 1000;
    std::vector<double> helps;
    for (int i = 0; i < 10; ++i) {
      auto r = bench::RunChild({o_.bin_dir + "/aws-resource-manager", "--help"},
                               bench::CleanEnv(dir_), dir_ + "/help.log");
      ok = ok && r.exit_code == 0;
      helps.push_back(r.wall_s);
    }
    std::sort(helps.begin(), helps.end());
    help_ms_ = helps[helps.size() / 2] * 1000;
    std::printf(
        "demo estate (loopback, no latency): status %.1f ms (median of 5, peak RSS %.1f MB); "
        "--help %.1f ms "
        "(median of 10)\n",
        demo_status_ms_, demo_rss_kb_ / 1024.0, help_ms_);
    return ok;
  }

  bool WriteJson() const {
    if (o_.json_file.empty()) return true;
    json runs = json::array();
    for (const auto& r : rows_) {
      runs.push_back({{"estate", r.estate},
                      {"command", r.command},
                      {"workers", r.workers},
                      {"exit_code", r.exit_code},
                      {"wall_s", r.wall_s},
                      {"lower_bound_s", r.lower_bound_s},
                      {"efficiency", r.wall_s > 0 ? r.lower_bound_s / r.wall_s : 0},
                      {"peak_rss_kb", r.peak_rss_kb},
                      {"cpu_s", r.cpu_s},
                      {"sandbox_cpu_s", r.sandbox_cpu_s},
                      {"calls_total", r.total_calls},
                      {"calls_mutating", r.mutating_calls},
                      {"throttled", r.throttled},
                      {"calls", r.calls}});
    }
    json report = {{"scale", o_.scale},
                   {"generate", GenerateSpec(o_.scale)},
                   {"latency_ms", o_.latency_ms},
                   {"runs", runs}};
    if (o_.demo)
      report["demo"] = {
          {"status_ms", demo_status_ms_}, {"help_ms", help_ms_}, {"peak_rss_kb", demo_rss_kb_}};
    std::ofstream out(o_.json_file);
    out << report.dump(2) << "\n";
    return static_cast<bool>(out);
  }

  void PrintCalls() const {
    std::printf("\ncalls by operation (first MAX_WORKERS run of each command):\n");
    std::set<std::string> seen;
    for (const auto& r : rows_) {
      if (!seen.insert(r.estate + r.command).second) continue;
      std::printf("  %s %s:", r.estate.c_str(), r.command.c_str());
      for (auto it = r.calls.begin(); it != r.calls.end(); ++it)
        std::printf(" %s=%ld", it.key().c_str(), it.value().get<long>());
      std::printf("\n");
    }
  }

 private:
  RunRow Measure(const std::string& label, const std::string& cmd, int w, bench::Sandbox& sandbox,
                 const std::vector<std::string>& args) {
    RunRow row;
    row.estate = label;
    row.command = cmd;
    row.workers = w;
    json before = sandbox.State();
    double sandbox_cpu0 = sandbox.CpuSeconds();
    std::vector<std::string> argv = {o_.bin_dir + "/aws-resource-manager"};
    argv.insert(argv.end(), args.begin(), args.end());
    std::string log = dir_ + "/" + label + "-" + cmd + "-" + std::to_string(w) + ".log";
    auto r = bench::RunChild(argv, env_, log);
    row.sandbox_cpu_s = sandbox.CpuSeconds() - sandbox_cpu0;
    json after = sandbox.State();
    row.exit_code = r.exit_code;
    row.wall_s = r.wall_s;
    row.peak_rss_kb = r.max_rss_kb;
    row.cpu_s = r.cpu_s;
    row.calls = Diff(before, after);
    row.total_calls = Counter(before, after, "total");
    row.mutating_calls = Counter(before, after, "mutating");
    row.throttled = Faults(before, after, "throttle");
    if (r.exit_code != 0)
      std::fprintf(stderr, "%s %s exited %d: see %s\n", label.c_str(), cmd.c_str(), r.exit_code,
                   bench::Tail(log, 800).c_str());
    return row;
  }

  static void PrintRow(const RunRow& r) {
    double eff = r.wall_s > 0 ? 100.0 * r.lower_bound_s / r.wall_s : 0;
    std::printf(
        "| %-15s | %-6s | %3d | %8.2f s | %6ld | %5ld | %6ld | %7.2f s | %5.1f%% | %6.1f MB | "
        "%5.2f s | "
        "%5.2f s | %d |\n",
        r.estate.c_str(), r.command.c_str(), r.workers, r.wall_s, r.total_calls, r.mutating_calls,
        r.throttled, r.lower_bound_s, eff, r.peak_rss_kb / 1024.0, r.cpu_s, r.sandbox_cpu_s,
        r.exit_code);
    std::fflush(stdout);
  }

  Options o_;
  std::string dir_;
  std::vector<RunRow> rows_;
  std::vector<std::string> env_;
  double demo_status_ms_ = 0, help_ms_ = 0;
  long demo_rss_kb_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "Large-estate benchmark of aws-resource-manager against aws-sandbox (docs/performance.md)"};
  Options o;
  app.add_option("--scale", o.scale, "estate size")
      ->check(CLI::IsMember({"full", "small", "tiny"}));
  app.add_option("--workers", o.workers, "MAX_WORKERS values")->delimiter(',');
  app.add_option("--latency-ms", o.latency_ms, "sandbox latency per call")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--throttle-rate", o.throttle_rate,
                 "throttled run at the largest MAX_WORKERS (0: skip)")
      ->check(CLI::Range(0.0, 1.0));
  app.add_option("--throttle-scale", o.throttle_scale,
                 "estate of the throttled run (default full; the throttled "
                 "stop and start take minutes, mostly retry backoff)")
      ->check(CLI::IsMember({"full", "small", "tiny"}));
  app.add_option("--kinesis-update-seconds", o.kinesis_update_seconds,
                 "sandbox Kinesis UPDATING time (default 0)");
  app.add_option("--endpoint-delete-seconds", o.endpoint_delete_seconds,
                 "sandbox SageMaker Deleting time (default 0)");
  app.add_option("--max-rps", o.max_rps,
                 "rate-limited runs (sandbox --max-rps, per service) at the largest "
                 "MAX_WORKERS, adaptive and standard retry mode (0: skip)")
      ->check(CLI::NonNegativeNumber);
  app.add_flag("!--no-demo", o.demo, "skip the demo-estate and --help figures");
  app.add_option("--json", o.json_file, "also write the report as JSON");
  app.add_option("--bin-dir", o.bin_dir, "where aws-resource-manager and aws-sandbox are");
  CLI11_PARSE(app, argc, argv);

  Bench bench(o);
  std::printf("estate %s (%s), latency %d ms\n", o.scale.c_str(), GenerateSpec(o.scale).c_str(),
              o.latency_ms);
  std::printf(
      "| estate    | command | MAX_WORKERS | wall | calls | mutating | throttled | lower bound | "
      "efficiency "
      "| peak RSS | CLI CPU | sandbox CPU | exit "
      "|\n|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
  bool ok = bench.RunLarge("large", o.scale, 0, o.workers);
  if (o.throttle_rate > 0) {
    ok = bench.RunLarge("throttled-" + o.throttle_scale, o.throttle_scale, o.throttle_rate,
                        {*std::max_element(o.workers.begin(), o.workers.end())}) &&
         ok;
  }
  if (o.max_rps > 0) {
    int w = *std::max_element(o.workers.begin(), o.workers.end());
    // Standard mode first: its failures are the point of the comparison.
    bool standard = bench.RunLarge("rps-standard", o.scale, 0, {w}, o.max_rps, "standard");
    std::printf(
        "(rps-standard is the comparison without the limiter: its exit status is reported, not "
        "required)\n");
    (void)standard;
    ok = bench.RunLarge("rps-adaptive", o.scale, 0, {w}, o.max_rps) && ok;
  }
  bench.PrintCalls();
  if (o.demo) ok = bench.RunDemo() && ok;
  ok = bench.WriteJson() && ok;
  std::printf("%s\n", ok ? "benchmark report complete" : "benchmark FAILED: a run did not exit 0");
  return ok ? 0 : 1;
}
