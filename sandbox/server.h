#pragma once
// aws-sandbox's HTTP server: 127.0.0.1 only, SigV4 verification, fault
// injection, routing to the service handlers, and the /_sandbox/ paths.
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "sandbox/faults.h"
#include "sandbox/iam_policy.h"

namespace sandbox {

struct ServerOptions {
  int port = 4566;  // 0: pick a free port
  double latency_ms = 0;
  double throttle_rate = 0;
  double error_rate = 0;
  double reset_rate = 0;
  double max_rps = 0;  // per service; over it, the service's throttling error (0: no limit)
  uint64_t seed = 1;
  // Faults for every request of one operation (on one resource), applied
  // after the rates above (sandbox/faults.h).
  std::vector<FaultRule> fault_rules;
  double endpoint_create_seconds = 3;
  double endpoint_delete_seconds = 1;
  double kinesis_update_seconds = 1;
  double ecs_task_seconds = 2;
  double asg_instance_seconds = 2;
  nlohmann::json estate = nlohmann::json::object();  // loaded on start and on POST /_sandbox/reset
  // Timed transitions, signature dates and --latency-ms sleeps; null: the
  // real clock. Must outlive the server.
  arm::Clock* clock = nullptr;
  // At most this many worker threads, started as connections need them; each
  // keep-alive connection holds one while open, so more clients than this
  // wait for a connection to close. The CLI opens up to MAX_WORKERS (at most
  // 256) plus one per resource type's listing.
  int threads = 1024;
  // aws-sandbox --iam-policy: evaluated for every authenticated caller on
  // every request, besides the credential's allow list (null: none).
  std::shared_ptr<const IamPolicy> iam_policy;
};

class Server {
 public:
  explicit Server(ServerOptions options);
  ~Server();
  // Binds 127.0.0.1:port and serves on a background thread; an IoError
  // when the port cannot be bound.
  arm::Status Start();
  int port() const;
  void Stop();
  // The same JSON as GET /_sandbox/state.
  nlohmann::json State() const;
  // Only the "calls" part of State(): cheap enough to poll every millisecond.
  nlohmann::json Calls() const;
  // Replaces ServerOptions::fault_rules while the server runs (tests).
  void SetFaultRules(std::vector<FaultRule> rules);
  // The same as POST /_sandbox/iam-policy: replaces the policy (null: none).
  void SetIamPolicy(std::shared_ptr<const IamPolicy> policy);
  // The same as POST /_sandbox/reset: reloads the estate, zeroes the counters
  // and puts the services' clock back.
  void Reset();
  // The same as POST /_sandbox/clock {"advance_seconds": seconds}: the
  // services' clock (not the signature check's) moves forward.
  nlohmann::json AdvanceClock(double seconds);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sandbox
