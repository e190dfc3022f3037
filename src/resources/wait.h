#pragma once
// Polling with the Clock seam: no real sleeps in tests.
#include <atomic>
#include <chrono>
#include <functional>
#include <string>

#include "core/clock.h"
#include "core/status.h"
#include "resources/resource.h"

namespace arm {

struct WaitSpec {
  std::chrono::milliseconds timeout{1800 * 1000};
  std::chrono::milliseconds first_interval{250};
  std::chrono::milliseconds max_interval{5000};
  std::string what;  // "endpoint x to be InService", used in the timeout error
  // Checked between polls (every 250 ms at most): once set, the wait ends
  // with Interrupted. Null: never (ApplyOptions::interrupted).
  const std::atomic<bool>* interrupted = nullptr;
};

// A wait inside ResourceType::Apply: the run's timeout (--wait-timeout) and
// interrupt flag, polling from `first` doubling up to `max`.
WaitSpec WaitFor(const ApplyOptions& options, std::string what, std::chrono::milliseconds first,
                 std::chrono::milliseconds max);

// Calls `check` until it returns true, an error, or the timeout passes.
// `check` may set *status_text, reported through `progress` with the elapsed
// time ("Creating, 1m05s").
Status WaitUntil(Clock& clock, const WaitSpec& spec,
                 const std::function<Result<bool>(std::string* status_text)>& check,
                 const std::function<void(const std::string&)>& progress);

std::string FormatElapsed(std::chrono::milliseconds d);

}  // namespace arm
