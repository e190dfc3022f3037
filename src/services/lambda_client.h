#pragma once
// Lambda (restJson1): functions, reserved concurrency, account settings and
// tags. Wire calls only; a missing function is IsNotFound()
// (ResourceNotFoundException kept).
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "aws/aws_client.h"
#include "core/status.h"

namespace arm {

struct FunctionInfo {
  std::string name, arn, runtime;
  int memory_size = 0;
  std::optional<int> reserved_concurrency;  // nullopt: none reserved
  std::map<std::string, std::string> tags;
};

struct AccountSettings {
  int concurrent_executions = 0;
  int unreserved_concurrent_executions = 0;
};

class LambdaClient {
 public:
  explicit LambdaClient(AwsClient& client) : client_(client) {}

  // Every function, all pages; without concurrency or tags (use GetFunction).
  Result<std::vector<FunctionInfo>> ListFunctions();
  // The same, handing each page over as it arrives (discovery describes the
  // functions of one page while the next is fetched).
  Status ListFunctions(const std::function<void(const std::vector<FunctionInfo>&)>& on_page);
  // With reserved concurrency and tags.
  Result<FunctionInfo> GetFunction(const std::string& name);
  Result<std::optional<int>> GetFunctionConcurrency(const std::string& name);
  Status PutFunctionConcurrency(const std::string& name, int value, CallStats* stats = nullptr);
  Status DeleteFunctionConcurrency(const std::string& name, CallStats* stats = nullptr);
  Result<AccountSettings> GetAccountSettings();
  Result<std::map<std::string, std::string>> ListTags(const std::string& arn);

 private:
  AwsClient& client_;
};

}  // namespace arm
