#pragma once
// Amazon ECS (awsJson1.1, target prefix "AmazonEC2ContainerServiceV20141113",
// signing name "ecs"): clusters, services and task definitions. A change of a
// service's desired count starts a deployment whose tasks reach the count
// after EcsState::task_seconds (the estate's "ecs.task_seconds"), evaluated
// lazily on each request. Shares its store with Application Auto Scaling.
#include <memory>
#include <vector>

#include "sandbox/compute_estate.h"
#include "sandbox/protocol_handler.h"
#include "sandbox/sagemaker_store.h"

namespace sandbox {

class EcsHandler final : public AwsJsonHandler {
 public:
  explicit EcsHandler(std::shared_ptr<SageMakerStore> store)
      : AwsJsonHandler("ecs", "1.1"), store_(std::move(store)) {}
  std::string IamAction(const Request& request) const override;
  // DescribeServices and UpdateService: the services named; the others "*".
  std::vector<std::string> IamResources(const Request& request) const override;
  Response Handle(const Request& request) override;
  // Reads the estate's "ecs" section: {"task_seconds", "task_definitions":
  // [{family, revision, cpu, memory}], "clusters": [{name, services: [{name,
  // launch_type, task_definition, desired_count, tags, SandboxRolloutFailure}]}]}.
  void Load(const nlohmann::json& estate) override;
  nlohmann::json Dump() const override;
  // Kind "ecs" (sandbox/compute_estate.h).
  void Generate(const std::map<std::string, int>& counts, nlohmann::json& estate) const override {
    GenerateEcsEstate(GeneratedCount(counts, "ecs"), GeneratedPrefix(estate), estate);
  }
  void CollectTagged(std::vector<TaggedResource>& out) const override;

 private:
  std::shared_ptr<SageMakerStore> store_;
};

}  // namespace sandbox
