#include "sandbox/faults.h"

namespace sandbox {

FaultInjector::FaultInjector(const FaultOptions& options) : options_(options), rng_(options.seed) {}

void FaultInjector::Reseed() {
  std::lock_guard<std::mutex> l(mu_);
  rng_.seed(options_.seed);
}

Fault FaultInjector::Next() {
  if (options_.reset_rate <= 0 && options_.throttle_rate <= 0 && options_.error_rate <= 0) return Fault::kNone;
  double u;
  bool coin;
  {
    std::lock_guard<std::mutex> l(mu_);
    // Two draws per request whatever the outcome, so the sequence depends only
    // on the number of requests.
    u = std::uniform_real_distribution<double>(0.0, 1.0)(rng_);
    coin = (rng_() & 1) != 0;
  }
  double edge = options_.reset_rate;
  if (u < edge) return Fault::kReset;
  edge += options_.throttle_rate;
  if (u < edge) return Fault::kThrottle;
  edge += options_.error_rate;
  if (u < edge) return coin ? Fault::kError503 : Fault::kError500;
  return Fault::kNone;
}

}  // namespace sandbox
