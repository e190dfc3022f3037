#include "sandbox/faults.h"

namespace sandbox {
namespace {

bool NameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.';
}

bool HasWord(std::string_view text, std::string_view word) {
  for (size_t pos = text.find(word); pos != std::string_view::npos;
       pos = text.find(word, pos + 1)) {
    bool starts = pos == 0 || !NameChar(text[pos - 1]);
    size_t end = pos + word.size();
    bool ends = end == text.size() || !NameChar(text[end]);
    if (starts && ends) return true;
  }
  return false;
}

}  // namespace

bool FaultRule::Matches(std::string_view iam_action, std::string_view path, std::string_view query,
                        std::string_view body) const {
  if (iam_action != action) return false;
  return name.empty() || HasWord(path, name) || HasWord(query, name) || HasWord(body, name);
}

arm::Result<FaultRule> ParseFaultRule(const std::string& text) {
  size_t eq = text.rfind('=');
  if (eq == std::string::npos || eq == 0)
    return arm::Status::InvalidArgument("fault rule '" + text + "': expected ACTION[@NAME]=KIND");
  FaultRule rule;
  std::string target = text.substr(0, eq), kind = text.substr(eq + 1);
  size_t at = target.find('@');
  rule.action = target.substr(0, at);
  if (at != std::string::npos) rule.name = target.substr(at + 1);
  if (rule.action.find(':') == std::string::npos || (at != std::string::npos && rule.name.empty()))
    return arm::Status::InvalidArgument("fault rule '" + text +
                                        "': ACTION is an IAM action name such "
                                        "as lambda:GetFunctionConcurrency, "
                                        "NAME a resource name");
  if (kind == "reset")
    rule.fault = Fault::kReset;
  else if (kind == "throttle")
    rule.fault = Fault::kThrottle;
  else if (kind == "error500")
    rule.fault = Fault::kError500;
  else if (kind == "error503")
    rule.fault = Fault::kError503;
  else if (kind == "echo-signature")
    rule.fault = Fault::kEchoSignature;
  else if (kind == "echo-encoded")
    rule.fault = Fault::kEchoEncoded;
  else
    return arm::Status::InvalidArgument("fault rule '" + text +
                                        "': KIND must be reset, throttle, error500, error503, "
                                        "echo-signature or echo-encoded");
  return rule;
}

FaultInjector::FaultInjector(const FaultOptions& options) : options_(options), rng_(options.seed) {}

Fault FaultInjector::ForRequest(std::string_view iam_action, std::string_view path,
                                std::string_view query, std::string_view body) {
  std::lock_guard<std::mutex> l(mu_);
  for (const FaultRule& rule : options_.rules)
    if (rule.Matches(iam_action, path, query, body)) return rule.fault;
  return Fault::kNone;
}

bool FaultInjector::has_rules() {
  std::lock_guard<std::mutex> l(mu_);
  return !options_.rules.empty();
}

void FaultInjector::SetRules(std::vector<FaultRule> rules) {
  std::lock_guard<std::mutex> l(mu_);
  options_.rules = std::move(rules);
}

void FaultInjector::Reseed() {
  std::lock_guard<std::mutex> l(mu_);
  rng_.seed(options_.seed);
}

Fault FaultInjector::Next() {
  if (options_.reset_rate <= 0 && options_.throttle_rate <= 0 && options_.error_rate <= 0)
    return Fault::kNone;
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
