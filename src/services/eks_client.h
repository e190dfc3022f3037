#pragma once
// Amazon EKS (restJson1, 2017-11-01): clusters, managed node groups and
// their scaling configuration. Wire calls only; a missing cluster or node
// group is IsNotFound() (ResourceNotFoundException kept).
#include <map>
#include <string>
#include <vector>

#include "aws/aws_client.h"
#include "core/status.h"

namespace arm {

struct EksScaling {
  int min_size = 0, max_size = 0, desired_size = 0;
};

struct EksNodegroup {
  std::string cluster, name, arn;
  // CREATING | ACTIVE | UPDATING | DELETING | CREATE_FAILED | DELETE_FAILED
  // | DEGRADED
  std::string status;
  std::string capacity_type;  // ON_DEMAND | SPOT | CAPACITY_BLOCK
  EksScaling scaling;
  std::vector<std::string> instance_types;
  std::vector<std::string> autoscaling_groups;  // resources.autoScalingGroups[].name
  std::vector<std::string> health_issues;       // "code: message"
  std::map<std::string, std::string> tags;
};

struct EksUpdate {
  std::string id, status, type;  // status: InProgress | Failed | Cancelled | Successful
};

class EksClient {
 public:
  explicit EksClient(AwsClient& client) : client_(client) {}

  // Cluster names, every page.
  Result<std::vector<std::string>> ListClusters();
  // The node group names of `cluster`, every page.
  Result<std::vector<std::string>> ListNodegroups(const std::string& cluster);
  Result<EksNodegroup> DescribeNodegroup(const std::string& cluster, const std::string& nodegroup);
  // UpdateNodegroupConfig with scalingConfig only.
  Result<EksUpdate> UpdateScaling(const std::string& cluster, const std::string& nodegroup,
                                  const EksScaling& scaling, CallStats* stats = nullptr);

  static constexpr int kMaxResults = 100;

 private:
  AwsClient& client_;
};

}  // namespace arm
