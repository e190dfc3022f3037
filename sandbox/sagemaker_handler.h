#pragma once
// SageMaker (awsJson1.1, target prefix "SageMaker"): endpoints, endpoint
// configs, models, notebook instances (sagemaker_notebooks.h) and their tags. Endpoints go Creating
// -> InService after Context::endpoint_create_seconds and Deleting -> gone after
// Context::endpoint_delete_seconds, evaluated lazily on each request.
#include <memory>
#include <vector>

#include "sandbox/protocol_handler.h"
#include "sandbox/sagemaker_store.h"

namespace sandbox {

class SageMakerHandler final : public AwsJsonHandler {
 public:
  explicit SageMakerHandler(std::shared_ptr<SageMakerStore> store)
      : AwsJsonHandler("sagemaker", "1.1"), store_(std::move(store)) {}
  std::string IamAction(const Request& request) const override;
  // ListEndpoints: "*"; CreateEndpoint: the endpoint and its config; the
  // others: the endpoint, endpoint config or model named, or ResourceArn.
  std::vector<std::string> IamResources(const Request& request) const override;
  Response Handle(const Request& request) override;
  // Reads the estate's "sagemaker" section (or that section itself).
  void Load(const nlohmann::json& estate) override;
  nlohmann::json Dump() const override;
  // counts["endpoints"]: adds that many endpoints (with configs, models, tags
  // Project=generated, and an Application Auto Scaling target on every other);
  // counts["notebooks"]: that many notebook instances.
  void Generate(const std::map<std::string, int>& counts, nlohmann::json& estate) const override;
  void CollectTagged(std::vector<TaggedResource>& out) const override;

 private:
  std::shared_ptr<SageMakerStore> store_;
};

// The SageMaker and Application Auto Scaling handlers, sharing one store.
std::vector<std::unique_ptr<ServiceHandler>> MakeSageMakerHandlers(const Context& context);

}  // namespace sandbox
