#pragma once
// Amazon ECS (awsJson 1.1): clusters, services, task definitions and tags.
// Wire calls only; a missing cluster or service comes back as IsNotFound()
// with AWS's code kept (ClusterNotFoundException, ServiceNotFoundException,
// or DescribeServices' failure reason MISSING).
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "aws/aws_client.h"
#include "core/status.h"

namespace arm {

struct EcsDeployment {
  std::string id, status, rollout_state, rollout_state_reason;  // status: PRIMARY | ACTIVE ...
  int desired_count = 0, running_count = 0;
};

struct EcsService {
  std::string arn, name, cluster_arn, status;  // status: ACTIVE | DRAINING | INACTIVE
  std::string launch_type;                     // FARGATE | EC2 | EXTERNAL | "" (capacity provider)
  std::string task_definition;                 // its ARN
  int desired_count = 0, running_count = 0, pending_count = 0;
  std::vector<EcsDeployment> deployments;
  std::vector<std::pair<std::string, std::string>> tags;  // key, value
  // The PRIMARY deployment; null when there is none.
  const EcsDeployment* Primary() const;
};

struct EcsTaskSize {
  double vcpu = 0;       // the task definition's cpu / 1024
  double memory_gb = 0;  // its memory / 1024
  std::vector<std::string> requires_compatibilities;
};

class EcsClient {
 public:
  explicit EcsClient(AwsClient& client) : client_(client) {}

  // Every cluster ARN (every page).
  Result<std::vector<std::string>> ListClusters();
  // Every service ARN of the cluster (every page).
  Result<std::vector<std::string>> ListServices(const std::string& cluster);
  // The named services of one cluster with their tags, 10 per call. A service
  // AWS reports MISSING is absent from the answer.
  Result<std::vector<EcsService>> DescribeServices(const std::string& cluster,
                                                   const std::vector<std::string>& services);
  Result<EcsTaskSize> DescribeTaskDefinition(const std::string& task_definition);
  Status UpdateServiceDesiredCount(const std::string& cluster, const std::string& service,
                                   int desired_count, CallStats* stats = nullptr);

  static constexpr size_t kMaxServicesPerDescribe = 10;

 private:
  AwsClient& client_;
};

// "arn:aws:ecs:r:a:cluster/NAME" or "NAME" -> NAME; "arn:...:service/CLUSTER/NAME",
// "arn:...:service/NAME" or "NAME" -> NAME.
std::string EcsNameFromArn(const std::string& arn);

}  // namespace arm
