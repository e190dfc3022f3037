#include "bench/lower_bound.h"

#include <algorithm>
#include <map>
#include <vector>

namespace bench {
namespace {

long Ceil(long a, long b) { return (a + b - 1) / b; }

bool IsList(const std::string& op) {
  return op.find(":List") != std::string::npos || op == "cloudwatch:DescribeAlarms";
}

// Stop order of the stages (start runs them in reverse, alarms last).
const char* StageOf(const std::string& op) {
  std::string service = op.substr(0, op.find(':'));
  if (service == "cloudwatch") return "alarms";
  if (service == "lambda") return "lambda";
  if (service == "kinesis") return "kinesis";
  if (service == "sagemaker" || service == "application-autoscaling") return "sagemaker";
  if (service == "dynamodb") return "dynamodb";
  return "other";
}

int Halvings(int shards) {
  int steps = 0;
  for (int c = shards; c > 1; c = (c + 1) / 2) ++steps;
  return steps;
}

}  // namespace

Bound LowerBound(const BoundInputs& in) {
  const long w = std::max(1, in.workers);
  long connect = 0, discover = 0, pages = 0;
  std::map<std::string, long> stage_calls;
  for (auto it = in.calls.begin(); it != in.calls.end(); ++it) {
    const std::string& op = it.key();
    long n = it.value().get<long>();
    if (op.rfind("sts:", 0) == 0) {
      connect += n;
      continue;
    }
    long d = std::min(n, in.discovery.value(op, 0L));
    discover += d;
    if (IsList(op)) pages = std::max(pages, d);
    if (n > d) stage_calls[StageOf(op)] += n - d;
  }
  Bound b;
  long steps = connect > 0 ? Ceil(connect, w) : 0;
  b.explain = "connect " + std::to_string(steps);
  if (discover > 0) {
    long t = std::max(Ceil(discover, w), pages + 1);  // the last page, then its describes
    steps += t;
    b.explain += " + discover " + std::to_string(t);
  }
  double waits = 0;
  for (const auto& [stage, n] : stage_calls) {
    long chain = 1;
    if (stage == "kinesis") {
      int k = Halvings(in.max_shards);
      chain = std::max<long>(1, 2L * k);  // UpdateShardCount, then a describe that sees ACTIVE
      waits += k * in.kinesis_update_s;
    } else if (stage == "sagemaker" && in.endpoints > 0) {
      chain = std::max<long>(1, n / in.endpoints);  // one endpoint's calls follow each other
    }
    long t = std::max(Ceil(n, w), chain);
    steps += t;
    b.explain += " + " + stage + " " + std::to_string(t);
  }
  b.seconds = static_cast<double>(steps) * in.latency_s + waits;
  if (in.max_rps > 0) {
    // No service answers more than max_rps calls a second (after the first
    // second's burst).
    std::map<std::string, long> per_service;
    for (auto it = in.calls.begin(); it != in.calls.end(); ++it)
      per_service[it.key().substr(0, it.key().find(':'))] += it.value().get<long>();
    for (const auto& [service, n] : per_service) {
      double t = (static_cast<double>(n) - in.max_rps) / in.max_rps;
      if (t > b.seconds) {
        b.seconds = t;
        b.explain = service + " calls at " + std::to_string(in.max_rps) + " per second";
      }
    }
  }
  if (waits > 0) b.explain += " round trips + " + std::to_string(waits) + " s of Kinesis UPDATING";
  return b;
}

}  // namespace bench
