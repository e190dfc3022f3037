#pragma once
// Per-API call counts for GET /_sandbox/state: how many times the product
// called each operation, and how many of those calls could change something.
#include <cstdint>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace sandbox {

// True unless the operation only reads (Describe*, List*, Get*, Head*, ...,
// and everything in STS).
bool IsMutatingAction(std::string_view iam_action);

// Thread-safe.
class CallCounters {
 public:
  void CountCall(const std::string& iam_action);
  void CountAuthFailure();
  void CountFault(const std::string& kind);  // "reset", "throttle", "error"
  void Clear();
  // {"total", "mutating", "by_action": {"svc:Op": n}, "mutating_by_action",
  //  "auth_failures", "faults": {"reset": n, ...}}
  nlohmann::json ToJson() const;

 private:
  mutable std::mutex mu_;
  uint64_t total_ = 0;
  uint64_t mutating_ = 0;
  uint64_t auth_failures_ = 0;
  std::map<std::string, uint64_t> by_action_;
  std::map<std::string, uint64_t> faults_;
};

}  // namespace sandbox
