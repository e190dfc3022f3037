#pragma once
// aws-sandbox's control paths: GET /_sandbox/state, POST /_sandbox/reset,
// GET and POST /_sandbox/iam-policy, GET and POST /_sandbox/clock,
// /_sandbox/health.
#include <memory>
#include <nlohmann/json.hpp>

#include "sandbox/iam_policy.h"
#include "sandbox/service_handler.h"

namespace sandbox {

// What the control paths act on: the server, behind its own locks.
class AdminTarget {
 public:
  virtual ~AdminTarget() = default;
  // The same JSON as Server::State().
  virtual nlohmann::json State() = 0;
  // Reloads the estate and zeroes the counters.
  virtual void Reset() = 0;
  // The policy document in force (JSON null: none).
  virtual nlohmann::json IamPolicyDocument() = 0;
  virtual void SetIamPolicy(std::shared_ptr<const IamPolicy> policy) = 0;
  // Moves the services' clock `seconds` forward (timed transitions, RDS's
  // automatic start); returns {"offset_seconds", "now"}. 0: only reads it.
  virtual nlohmann::json AdvanceClock(double seconds) = 0;
};

// The answer to a request under /_sandbox/ on the server listening on `port`.
Response ServeAdmin(const Request& request, int port, AdminTarget& target);

}  // namespace sandbox
