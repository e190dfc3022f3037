#include "sandbox/counters.h"

namespace sandbox {

bool IsMutatingAction(std::string_view iam_action) {
  size_t colon = iam_action.find(':');
  if (colon == std::string_view::npos) return false;
  std::string_view service = iam_action.substr(0, colon);
  std::string_view op = iam_action.substr(colon + 1);
  if (service == "sts") return false;
  static constexpr std::string_view kReadPrefixes[] = {"Describe", "List",  "Get",  "Head",
                                                       "Search",   "Query", "Scan", "BatchGet"};
  for (std::string_view prefix : kReadPrefixes) {
    if (op.substr(0, prefix.size()) == prefix) return false;
  }
  return true;
}

void CallCounters::CountCall(const std::string& iam_action, std::string_view request) {
  std::lock_guard<std::mutex> l(mu_);
  ++total_;
  ++by_action_[iam_action];
  if (!IsMutatingAction(iam_action)) return;
  ++mutating_;
  if (mutating_log_.size() < kMaxLogged)
    mutating_log_.emplace_back(iam_action, std::string(request));
}

void CallCounters::CountAuthFailure() {
  std::lock_guard<std::mutex> l(mu_);
  ++auth_failures_;
}

void CallCounters::CountFault(const std::string& kind) {
  std::lock_guard<std::mutex> l(mu_);
  ++faults_[kind];
}

void CallCounters::Clear() {
  std::lock_guard<std::mutex> l(mu_);
  total_ = mutating_ = auth_failures_ = 0;
  by_action_.clear();
  faults_.clear();
  mutating_log_.clear();
}

nlohmann::json CallCounters::ToJson() const {
  std::lock_guard<std::mutex> l(mu_);
  nlohmann::json by_action = nlohmann::json::object();
  nlohmann::json mutating_by_action = nlohmann::json::object();
  for (const auto& [action, n] : by_action_) {
    by_action[action] = n;
    if (IsMutatingAction(action)) mutating_by_action[action] = n;
  }
  nlohmann::json faults = nlohmann::json::object();
  for (const auto& [kind, n] : faults_) faults[kind] = n;
  nlohmann::json log = nlohmann::json::array();
  for (const auto& [action, request] : mutating_log_)
    log.push_back({{"action", action}, {"request", request}});
  return {{"total", total_},
          {"mutating", mutating_},
          {"by_action", by_action},
          {"mutating_by_action", mutating_by_action},
          {"auth_failures", auth_failures_},
          {"faults", faults},
          {"mutating_log", log}};
}

}  // namespace sandbox
