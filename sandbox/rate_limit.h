#pragma once
// --max-rps: throttling as AWS does it, by rate: each service admits at most
// `rps` requests per second (a token bucket holding one second's worth);
// the rest get the service's throttling error. Unlike --throttle-rate,
// a client that slows down below the limit is no longer throttled.
#include <map>
#include <mutex>
#include <string>

#include "core/clock.h"

namespace sandbox {

class ServiceRateLimit {
 public:
  // rps <= 0: no limit.
  ServiceRateLimit(double rps, arm::Clock* clock) : rps_(rps), clock_(clock) {}
  // Takes a token of `service`'s bucket; false when it is empty.
  bool Admit(const std::string& service);

 private:
  struct Bucket {
    double tokens = 0;
    std::chrono::steady_clock::time_point last;
  };
  double rps_;
  arm::Clock* clock_;
  std::mutex mu_;
  std::map<std::string, Bucket> buckets_;
};

}  // namespace sandbox
