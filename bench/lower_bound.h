#pragma once
// The lower bound a run is measured against (docs/performance.md, "Lower
// bound"): the time the AWS round trips alone need when MAX_WORKERS calls are
// in flight at all times, phases that must follow each other (connect,
// discover, one stage per resource type) run one after the other, and the
// sequential chains inside a phase (list pages, the calls of one resource,
// Kinesis halving steps with their UPDATING time) are waited for as they
// must be.
#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace bench {

struct BoundInputs {
  std::string command;  // status | stop | start
  int workers = 1;
  double latency_s = 0;
  double kinesis_update_s = 0;
  int max_shards = 1;  // largest provisioned stream before the stop
  // Resources in the estate by stage ("sagemaker-endpoint", "ecs-service",
  // ...; see StageOf in lower_bound.cc): a stage whose calls for one
  // resource follow each other needs at least calls / resources round trips.
  std::map<std::string, int> resources;
  // A stage's transition time (the sandbox's state_seconds and the like):
  // its resources wait for it side by side, once per stage that acts.
  std::map<std::string, double> transition_s;
  double max_rps = 0;        // the sandbox's per-service rate limit (0: none)
  nlohmann::json calls;      // this run: "service:Operation" -> count
  nlohmann::json discovery;  // the status run of the same estate: its calls are discovery
};

struct Bound {
  double seconds = 0;
  std::string explain;  // "connect 1 + discover 41 + ..." (in round trips)
};

Bound LowerBound(const BoundInputs& in);

// The stage an operation's calls after discovery belong to; "" for
// application-autoscaling calls that ECS services and SageMaker endpoints
// both make (LowerBound splits them the way that costs least).
std::string StageOf(const std::string& op);

}  // namespace bench
