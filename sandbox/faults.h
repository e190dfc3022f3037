#pragma once
// Fault injection for tests and benchmarks: one seeded decision per request,
// so a given seed and request order always give the same faults.
#include <cstdint>
#include <mutex>
#include <random>

namespace sandbox {

struct FaultOptions {
  double latency_ms = 0;
  double throttle_rate = 0;
  double error_rate = 0;
  double reset_rate = 0;
  uint64_t seed = 1;
};

enum class Fault { kNone, kReset, kThrottle, kError500, kError503 };

// Thread-safe.
class FaultInjector {
 public:
  explicit FaultInjector(const FaultOptions& options);
  // The fault for the next request (consumes the RNG only when some rate is
  // non-zero, so a fault-free server stays deterministic for free).
  Fault Next();
  double latency_ms() const { return options_.latency_ms; }
  // Restarts the sequence from the seed.
  void Reseed();

 private:
  FaultOptions options_;
  std::mutex mu_;
  std::mt19937_64 rng_;
};

}  // namespace sandbox
