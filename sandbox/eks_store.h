#pragma once
// EKS clusters and managed node groups in the sandbox. A scaling update
// takes effect at once and leaves the node group UPDATING for
// `update_seconds` of the sandbox clock (the estate's "eks.update_seconds"),
// then ACTIVE; a second update meanwhile is ResourceInUseException. The
// node group's instances are not modelled: its desired size stands for them.
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"

namespace sandbox {

struct EksNodegroup {
  std::string name, uuid, status = "ACTIVE", capacity_type = "ON_DEMAND";
  int min = 0, max = 1, desired = 0;
  std::vector<std::string> instance_types = {"t3.medium"};
  std::map<std::string, std::string> tags;
  double created_at = 0;
  std::chrono::system_clock::time_point done_at;  // end of UPDATING
  int updates = 0;                                // for update ids
};

struct EksCluster {
  std::string name, version = "1.31";
  std::map<std::string, std::string> tags;
  double created_at = 0;
  std::map<std::string, EksNodegroup> nodegroups;
};

// A scaling config as UpdateNodegroupConfig sends it: -1 for a member left
// out (it keeps its value).
struct EksScalingRequest {
  long long min = -1, max = -1, desired = -1;
};

struct EksState {
  double update_seconds = 2;
  std::map<std::string, EksCluster> clusters;

  EksCluster* Cluster(const std::string& name);
  // Null when the cluster or the node group does not exist.
  EksNodegroup* Nodegroup(const std::string& cluster, const std::string& name);
  // Ends due updates.
  void Advance(const arm::Clock& clock);
  // Applies `scaling` with AWS's checks: InvalidParameterException (maxSize
  // >= 1, minSize <= desiredSize <= maxSize), ResourceInUseException while
  // an update runs. Returns the update id.
  arm::Result<std::string> UpdateScaling(EksNodegroup& g, const EksScalingRequest& scaling,
                                         const arm::Clock& clock);
  void Load(const nlohmann::json& section, const arm::Clock& clock);
  nlohmann::json Dump() const;
};

}  // namespace sandbox
