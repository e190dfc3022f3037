#pragma once
// Fault injection for tests and benchmarks: one seeded decision per request,
// so a given seed and request order always give the same faults.
#include <cstdint>
#include <mutex>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace sandbox {

// kEchoSignature: a signature error whose message quotes the request's
// canonical form (x-amz-security-token included), as AWS's does, and its
// Authorization header (Credential=, Signature=), as a hostile endpoint
// could: what the client must never repeat.
enum class Fault {
  kNone,
  kReset,
  kThrottle,
  kError500,
  kError503,
  kEchoSignature,
  kEchoEncoded,  // the session token echoed encoded (EchoedEncodedTokenDetail)
};

// A fault for every request of one operation on one resource, whatever the
// rates: "lambda:GetFunctionConcurrency@intervention-executor=reset". Lets a
// test fail exactly one resource's describe, on every attempt.
struct FaultRule {
  std::string action;  // IAM action name, "lambda:GetFunctionConcurrency"
  std::string name;    // "" = any resource
  Fault fault = Fault::kReset;
  // True when the request is `action` and names `name`: as a whole word
  // (letters, digits, '-', '_', '.') of its path, query or body.
  bool Matches(std::string_view iam_action, std::string_view path, std::string_view query,
               std::string_view body) const;
};
// "ACTION[@NAME]=reset|throttle|error500|error503|echo-signature|echo-encoded".
arm::Result<FaultRule> ParseFaultRule(const std::string& text);

struct FaultOptions {
  double latency_ms = 0;
  double throttle_rate = 0;
  double error_rate = 0;
  double reset_rate = 0;
  uint64_t seed = 1;
  std::vector<FaultRule> rules;
};

// Thread-safe.
class FaultInjector {
 public:
  explicit FaultInjector(const FaultOptions& options);
  // The fault for the next request (consumes the RNG only when some rate is
  // non-zero, so a fault-free server stays deterministic for free).
  Fault Next();
  double latency_ms() const { return options_.latency_ms; }
  // The fault of the first rule that matches the request (kNone: none).
  Fault ForRequest(std::string_view iam_action, std::string_view path, std::string_view query,
                   std::string_view body);
  bool has_rules();
  void SetRules(std::vector<FaultRule> rules);
  // Restarts the sequence from the seed.
  void Reseed();

 private:
  FaultOptions options_;
  std::mutex mu_;
  std::mt19937_64 rng_;
};

}  // namespace sandbox
