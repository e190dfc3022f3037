#pragma once
// Lambda's state in the sandbox: functions, their reserved concurrency and the
// account's concurrency limit, with AWS's unreserved-minimum rule. No wire
// code here; lambda_handler.cc speaks restJson1 over it.
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace sandbox {

struct LambdaFunction {
  std::string name;
  std::string runtime;
  std::string handler;
  std::string role;
  std::string description;
  int memory_size = 128;
  int timeout = 3;
  long long code_size = 0;
  std::string code_sha256;
  std::string last_modified;  // "2015-08-30T12:36:00.000+0000", as Lambda formats it
  std::string revision_id;
  std::map<std::string, std::string> tags;
  std::optional<int> reserved_concurrency;
};

class LambdaStore {
 public:
  // AWS keeps this much of the account limit unreserved.
  static constexpr int kDefaultUnreservedMinimum = 100;
  static constexpr int kDefaultAccountLimit = 1000;

  // `section` is the estate's "lambda" object (null: no functions).
  // `now_iso` stamps LastModified of functions that do not carry one.
  void Load(const nlohmann::json& section, const std::string& now_iso);
  // {"account_concurrency_limit", "unreserved_concurrent_executions",
  //  "functions": {name: {"reserved_concurrency": n|null, "tags": {...}}}}
  nlohmann::json Dump() const;

  // Accepts a name, "name:qualifier", a partial ARN ("ACCOUNT:function:NAME")
  // or a full ARN of this region and account; nullptr when no such function.
  LambdaFunction* Find(const std::string& name_or_arn, const std::string& region,
                       const std::string& account);
  // Removes the function; false when there is none of that name.
  bool Erase(const std::string& name);
  // The unqualified name a request names, for error messages.
  static std::string BaseName(const std::string& name_or_arn);

  // Functions in ListFunctions order (by name).
  const std::map<std::string, LambdaFunction>& functions() const { return functions_; }

  int account_limit() const { return account_limit_; }
  int unreserved_minimum() const { return unreserved_minimum_; }
  // Account limit minus every function's reservation (kept as a running
  // total: PutFunctionConcurrency on 2,000 functions must not be O(n^2)).
  int Unreserved() const { return account_limit_ - reserved_total_; }
  // Sets or (nullopt) removes `function`'s reservation; the only way to change it.
  void SetReservation(LambdaFunction& function, std::optional<int> n);
  // False when reserving `n` for `function` would leave less than the
  // unreserved minimum (the function's current reservation is released first).
  bool CanReserve(const LambdaFunction& function, int n) const;
  long long TotalCodeSize() const;

  // Appends `count` functions to estate["lambda"]["functions"], every fourth
  // with a small reservation, raising account_concurrency_limit when the
  // reservations would break the unreserved minimum.
  static void Generate(int count, nlohmann::json& estate);

 private:
  std::map<std::string, LambdaFunction> functions_;
  int account_limit_ = kDefaultAccountLimit;
  int unreserved_minimum_ = kDefaultUnreservedMinimum;
  int reserved_total_ = 0;  // sum of the functions' reservations
};

std::string LambdaFunctionArn(const std::string& region, const std::string& account,
                              const std::string& name);

}  // namespace sandbox
