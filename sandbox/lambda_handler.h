#pragma once
// Lambda (restJson1, signing name "lambda"): ListFunctions, GetFunction,
// Get/Put/DeleteFunctionConcurrency, GetAccountSettings, ListTags, with the
// account's unreserved-concurrency minimum enforced as AWS does.
#include <memory>
#include <mutex>

#include "sandbox/lambda_store.h"
#include "sandbox/service_handler.h"

namespace sandbox {

class LambdaHandler final : public ServiceHandler {
 public:
  // Keeps a copy of `context`; the clock it points to must outlive the handler.
  explicit LambdaHandler(const Context& context) : ServiceHandler("lambda"), context_(context) {}

  std::string IamAction(const Request& request) const override;
  // ListFunctions, GetAccountSettings: "*"; the others: the function ARN
  // (qualified when the request names a version or alias).
  std::vector<std::string> IamResources(const Request& request) const override;
  // restJson1 with Lambda's own members ("Type": "User", Retry-After).
  Response AccessDenied(const Request& request, const std::string& message) const override;
  Response Throttled(const Request& request) const override;
  Response Handle(const Request& request) override;

  // Reads estate["lambda"].
  void Load(const nlohmann::json& estate) override;
  nlohmann::json Dump() const override;
  void Generate(const std::map<std::string, int>& counts, nlohmann::json& estate) const override;
  void CollectTagged(std::vector<TaggedResource>& out) const override;

 private:
  Response ListFunctions(const Request& request);
  Response GetFunction(const std::string& name);
  Response GetFunctionConcurrency(const std::string& name);
  Response PutFunctionConcurrency(const std::string& name, const Request& request);
  Response DeleteFunctionConcurrency(const std::string& name);
  Response GetAccountSettings();
  Response ListTags(const std::string& arn);
  Response NotFound(const std::string& name_or_arn) const;
  std::string Arn(const std::string& name) const;

  Context context_;
  mutable std::mutex mu_;
  LambdaStore store_;
};

std::unique_ptr<ServiceHandler> MakeLambdaHandler(const Context& context);

}  // namespace sandbox
