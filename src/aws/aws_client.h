#pragma once
// The one place a request becomes an AWS call: endpoint resolution, signing,
// sending, retrying. Protocols (aws/protocols/) build the request and parse
// the answer; service clients (services/) only declare operations and shapes.
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "aws/call_record.h"
#include "aws/credentials.h"
#include "aws/endpoints.h"
#include "aws/rate_limiter.h"
#include "aws/retry.h"
#include "core/clock.h"
#include "http/http.h"

namespace arm {

// Turns a non-2xx response into a Status (protocol-specific error parsing).
using ErrorParser = std::function<Status(const HttpResponse&)>;

struct CallStats {
  int attempts = 0;
  std::string request_id;
  // In: the operation's name ("UpdateShardCount"), set by the protocol so the
  // call's CallRecord (aws/call_record.h) names it. Kept by Send.
  std::string operation;
};

class AwsClient {
 public:
  AwsClient(HttpTransport& transport, CredentialsProvider& credentials,
            const EndpointResolver& endpoints, Clock& clock, RetryOptions retry);

  // `request` carries method, path (relative to the endpoint), query, headers
  // and body; scheme and host are filled in here. A non-empty request.host is
  // a prefix put before the endpoint's host (S3 virtual-hosted "bucket.").
  // Returns the 2xx response, or the parsed error after the retry policy gave
  // up. Thread-safe. The thread's CallObserver, if any, and the run observer,
  // if set, get one CallRecord per call.
  Result<HttpResponse> Send(const ServiceSpec& service, HttpRequest request,
                            const ErrorParser& parse_error, CallStats* stats = nullptr);

  // Gets every call made through this client from now on, from every thread
  // (the run's audit trail); nullptr detaches. Set before calls are made.
  void set_run_observer(CallObserver* observer) { run_observer_.store(observer); }

  const std::string& region() const { return endpoints_.region(); }
  // Protocols that address differently under an endpoint override (S3
  // path-style) ask the resolver.
  const EndpointResolver& endpoints() const { return endpoints_; }
  Clock& clock() { return clock_; }
  // The adaptive rate limiter of one service (by signing name), created on
  // first use; nullptr when RetryOptions::adaptive is off.
  AdaptiveRateLimiter* LimiterFor(std::string_view signing_name);
  // Attempts answered with a throttling error and retried, since start. Each
  // is logged at debug only: under heavy throttling they are thousands.
  int64_t throttled_retries() const { return throttled_retries_.load(std::memory_order_relaxed); }

 private:
  HttpTransport& transport_;
  CredentialsProvider& credentials_;
  const EndpointResolver& endpoints_;
  Clock& clock_;
  RetryPolicy retry_;
  bool adaptive_;
  std::atomic<int64_t> throttled_retries_{0};
  std::atomic<CallObserver*> run_observer_{nullptr};
  std::atomic<unsigned long long> next_call_id_{0};
  std::mutex limiters_mu_;
  std::map<std::string, std::unique_ptr<AdaptiveRateLimiter>, std::less<>> limiters_;
};

}  // namespace arm
