#pragma once
// Per-API call counts for GET /_sandbox/state: how many times the product
// called each operation, and how many of those calls could change something.
#include <cstdint>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sandbox {

// True unless the operation only reads (Describe*, List*, Get*, Head*, ...,
// and everything in STS).
bool IsMutatingAction(std::string_view iam_action);

// Thread-safe.
class CallCounters {
 public:
  // `request` (method, path, query and body as sent) is kept for mutating
  // calls, the first kMaxLogged of them: tests check which resources a run
  // touched.
  void CountCall(const std::string& iam_action, std::string_view request = {});
  void CountAuthFailure();
  void CountFault(const std::string& kind);  // "reset", "throttle", "error"
  void Clear();
  // {"total", "mutating", "by_action": {"svc:Op": n}, "mutating_by_action",
  //  "auth_failures", "faults": {"reset": n, ...},
  //  "mutating_log": [{"action", "request"}]}
  nlohmann::json ToJson() const;

 private:
  mutable std::mutex mu_;
  uint64_t total_ = 0;
  uint64_t mutating_ = 0;
  uint64_t auth_failures_ = 0;
  std::map<std::string, uint64_t> by_action_;
  std::map<std::string, uint64_t> faults_;
  std::vector<std::pair<std::string, std::string>> mutating_log_;
};

inline constexpr size_t kMaxLogged = 10000;

}  // namespace sandbox
