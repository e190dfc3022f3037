#include "sandbox/rate_limit.h"

#include <algorithm>

namespace sandbox {

bool ServiceRateLimit::Admit(const std::string& service) {
  if (rps_ <= 0) return true;
  auto now = clock_->Monotonic();
  std::lock_guard<std::mutex> lock(mu_);
  auto [it, fresh] = buckets_.try_emplace(service);
  Bucket& b = it->second;
  if (fresh) {
    b.tokens = rps_;
    b.last = now;
  }
  b.tokens = std::min(rps_, b.tokens + std::chrono::duration<double>(now - b.last).count() * rps_);
  b.last = now;
  if (b.tokens < 1) return false;
  b.tokens -= 1;
  return true;
}

}  // namespace sandbox
