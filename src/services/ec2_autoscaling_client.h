#pragma once
// Amazon EC2 Auto Scaling (query protocol, 2011-01-01): Auto Scaling groups,
// their capacity and their scaling processes. Wire calls only. Not to be
// confused with Application Auto Scaling (services/autoscaling_client.h).
#include <string>
#include <utility>
#include <vector>

#include "aws/aws_client.h"
#include "core/status.h"

namespace arm {

struct AsgInstance {
  std::string id, instance_type, lifecycle_state, health_status;
  bool protected_from_scale_in = false;
};

struct AutoScalingGroup {
  std::string name, arn, status;  // status: "" or "Delete in progress"
  int min_size = 0, max_size = 0, desired_capacity = 0;
  std::vector<AsgInstance> instances;
  std::vector<std::string> suspended_processes;
  bool has_warm_pool = false;
  int warm_pool_size = 0;
  bool new_instances_protected = false;
  std::vector<std::pair<std::string, std::string>> tags;  // key, value
};

class Ec2AutoScalingClient {
 public:
  explicit Ec2AutoScalingClient(AwsClient& client) : client_(client) {}

  // The named groups (every group when `names` is empty), every page; up to
  // kMaxNamesPerDescribe names per call. An unknown name is absent from the
  // answer, as AWS answers it (no error).
  Result<std::vector<AutoScalingGroup>> DescribeAutoScalingGroups(
      const std::vector<std::string>& names);
  // Sets what is given; -1 leaves a size as it is.
  Status UpdateCapacity(const std::string& group, int min_size, int max_size, int desired,
                        CallStats* stats = nullptr);
  Status SuspendProcesses(const std::string& group, const std::vector<std::string>& processes,
                          CallStats* stats = nullptr);
  Status ResumeProcesses(const std::string& group, const std::vector<std::string>& processes,
                         CallStats* stats = nullptr);

  static constexpr size_t kMaxNamesPerDescribe = 50;

 private:
  Status Processes(std::string_view action, const std::string& group,
                   const std::vector<std::string>& processes, CallStats* stats);
  AwsClient& client_;
};

}  // namespace arm
