#include "bench/lower_bound.h"

#include <algorithm>
#include <vector>

namespace bench {
namespace {

long Ceil(long a, long b) { return (a + b - 1) / b; }

// A type's discovery listing: pages that each need the previous one's token
// (ECS and EKS list their clusters, then each cluster's services or node
// groups, one after the other), then `after` round trips that need the last
// page (describes of what it listed).
struct Listing {
  std::vector<const char*> ops;
  long after;
};

const std::vector<Listing>& Listings() {
  static const std::vector<Listing> kListings = {
      {{"lambda:ListFunctions"}, 1},
      {{"cloudwatch:DescribeAlarms"}, 0},
      {{"kinesis:ListStreams"}, 1},
      {{"dynamodb:ListTables"}, 1},
      {{"sagemaker:ListEndpoints"}, 1},
      {{"sagemaker:ListNotebookInstances"}, 1},
      {{"ecs:ListClusters", "ecs:ListServices"}, 1},
      {{"eks:ListClusters", "eks:ListNodegroups"}, 1},
      {{"autoscaling:DescribeAutoScalingGroups"}, 0},
      {{"ec2:DescribeInstances", "ec2:DescribeVolumes"}, 0},
      {{"rds:DescribeDBInstances"}, 0},
      {{"rds:DescribeDBClusters"}, 0},
      {{"tag:GetResources"}, 0},
  };
  return kListings;
}

int Halvings(int shards) {
  int steps = 0;
  for (int c = shards; c > 1; c = (c + 1) / 2) ++steps;
  return steps;
}

bool Has(const std::string& s, const char* part) { return s.find(part) != std::string::npos; }

}  // namespace

std::string StageOf(const std::string& op) {
  const std::string service = op.substr(0, op.find(':'));
  if (service == "cloudwatch")
    return Has(op, ":DeleteAlarms") || Has(op, ":PutMetricAlarm") ? "sagemaker-endpoint"
                                                                  : "cloudwatch-alarm";
  if (service == "lambda") return "lambda-function";
  if (service == "kinesis") return "kinesis-stream";
  if (service == "dynamodb") return "dynamodb-table";
  if (service == "sagemaker")
    return Has(op, "NotebookInstance") ? "sagemaker-notebook" : "sagemaker-endpoint";
  if (service == "iam") return "sagemaker-endpoint";  // its service-linked role
  if (service == "application-autoscaling")
    return Has(op, ":Deregister") || Has(op, ":Delete") ? "sagemaker-endpoint" : "";
  if (service == "ecs") return "ecs-service";
  if (service == "autoscaling") return "autoscaling-group";
  if (service == "ec2") return "ec2-instance";
  if (service == "rds") return Has(op, "DBCluster") ? "rds-cluster" : "rds-instance";
  if (service == "eks") return "eks-nodegroup";
  return "other";
}

Bound LowerBound(const BoundInputs& in) {
  const long w = std::max(1, in.workers);
  const bool start = in.command == "start";
  long connect = 0, discover = 0, shared = 0;  // shared: ECS or SageMaker's
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
    if (n == d) continue;
    std::string stage = StageOf(op);
    (stage.empty() ? shared : stage_calls[stage]) += n - d;
  }
  long chain = 0;  // the longest listing, then what follows its last page
  for (const auto& l : Listings()) {
    long pages = 0;
    for (const char* op : l.ops)
      pages += std::min(in.calls.value(op, 0L), in.discovery.value(op, 0L));
    if (pages > 0) chain = std::max(chain, pages + l.after);
  }
  Bound b;
  long steps = connect > 0 ? Ceil(connect, w) : 0;
  b.explain = "connect " + std::to_string(steps);
  if (discover > 0) {
    long t = std::max(Ceil(discover, w), chain);
    steps += t;
    b.explain += " + discover " + std::to_string(t);
  }
  // One stage's round trips: its calls at w in flight, or the calls of one
  // resource one after the other (at start less the describe of the
  // verification, which all types share).
  double waits = 0;
  auto stage_steps = [&](const std::string& stage, long n) {
    long one = 1;
    if (stage == "kinesis-stream") {
      one = 2L * Halvings(in.max_shards);  // UpdateShardCount, then a describe that sees ACTIVE
    } else if (auto r = in.resources.find(stage); r != in.resources.end() && r->second > 0) {
      one = n / r->second - (start && stage != "cloudwatch-alarm" ? 1 : 0);
    }
    return std::max({Ceil(n, w), one, 1L});
  };
  if (shared > 0 && !stage_calls.count("ecs-service")) stage_calls["ecs-service"] = 0;
  if (shared > 0 && !stage_calls.count("sagemaker-endpoint")) stage_calls["sagemaker-endpoint"] = 0;
  // The shared calls split between ECS and SageMaker the way that costs least.
  long best_split = 0, best = -1;
  for (long a = 0; a <= shared; ++a) {
    long t = stage_steps("ecs-service", stage_calls["ecs-service"] + a) +
             stage_steps("sagemaker-endpoint", stage_calls["sagemaker-endpoint"] + shared - a);
    if (best < 0 || t < best) best = t, best_split = a;
  }
  stage_calls["ecs-service"] += best_split;
  stage_calls["sagemaker-endpoint"] += shared - best_split;
  bool verified = false;
  for (const auto& [stage, n] : stage_calls) {
    if (n == 0) continue;
    long t = stage_steps(stage, n);
    steps += t;
    b.explain += " + " + stage + " " + std::to_string(t);
    if (stage == "kinesis-stream") waits += Halvings(in.max_shards) * in.kinesis_update_s;
    if (auto s = in.transition_s.find(stage); s != in.transition_s.end()) waits += s->second;
    verified = verified || (start && stage != "cloudwatch-alarm");
  }
  if (verified) {
    steps += 1;
    b.explain += " + verify 1";
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
  if (waits > 0) b.explain += " round trips + " + std::to_string(waits) + " s of transitions";
  return b;
}

}  // namespace bench
