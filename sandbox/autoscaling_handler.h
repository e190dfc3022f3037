#pragma once
// Application Auto Scaling (awsJson1.1, target prefix
// "AnyScaleFrontendService", signing name "application-autoscaling") for the
// sagemaker:variant:DesiredInstanceCount dimension. Shares its store with the
// SageMaker handler (see MakeSageMakerHandlers).
#include <memory>

#include "sandbox/protocol_handler.h"
#include "sandbox/sagemaker_store.h"

namespace sandbox {

class AutoScalingHandler final : public AwsJsonHandler {
 public:
  explicit AutoScalingHandler(std::shared_ptr<SageMakerStore> store)
      : AwsJsonHandler("application-autoscaling", "1.1"), store_(std::move(store)) {}
  std::string IamAction(const Request& request) const override;
  // application-autoscaling:service-namespace and :scalable-dimension, from
  // the request's ServiceNamespace and ScalableDimension.
  IamConditionKeys IamRequestKeys(const Request& request) const override;
  Response Handle(const Request& request) override;
  // Reads the estate's "application_autoscaling" section (or that section itself).
  void Load(const nlohmann::json& estate) override;
  nlohmann::json Dump() const override;

 private:
  std::shared_ptr<SageMakerStore> store_;
};

}  // namespace sandbox
