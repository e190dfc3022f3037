#pragma once
// Amazon ECS's state in the sandbox: clusters, services and task
// definitions. It lives in the store it shares with Application Auto Scaling
// (SageMakerStore::ecs, under that store's lock), because AAS checks that a
// service exists before registering it and puts a service's desired count
// back inside its target's min/max whenever scaling is not suspended.
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"

namespace sandbox {

struct ScalableTarget;

struct EcsTaskDefinition {
  std::string family;
  int revision = 1;
  std::string cpu, memory;  // as the API writes them: "512", "1024"
  std::vector<std::string> requires_compatibilities;
};

struct EcsService {
  std::string cluster, name;
  std::string status = "ACTIVE";  // ACTIVE | DRAINING | INACTIVE
  std::string launch_type = "FARGATE";
  std::string task_definition;  // family:revision
  int desired = 0, running = 0;
  // The PRIMARY deployment: a change of the desired count starts one that
  // reaches the new count at `converge_at`.
  int deployment = 1;
  std::string rollout_state = "COMPLETED";  // IN_PROGRESS | COMPLETED | FAILED
  std::string rollout_reason;
  std::chrono::system_clock::time_point converge_at;
  // Estate-only "SandboxRolloutFailure": a rollout to a non-zero count ends
  // FAILED with this reason and no task running, as when an image is gone.
  std::string rollout_failure;
  std::vector<std::pair<std::string, std::string>> tags;
  double created_at = 0;
};

struct EcsState {
  // How long tasks take to start or stop (Context::ecs_task_seconds, or the
  // estate's "task_seconds").
  double task_seconds = 2;
  std::vector<std::string> clusters;
  std::map<std::string, EcsService> services;                 // by "cluster/service"
  std::map<std::string, EcsTaskDefinition> task_definitions;  // by "family:revision"

  bool HasCluster(const std::string& name) const;
  EcsService* FindService(const std::string& cluster, const std::string& name);
  // "family", "family:3" or its ARN; null when unknown (latest revision for a
  // bare family).
  const EcsTaskDefinition* FindTaskDefinition(const std::string& ref) const;
  // Sets the desired count and starts a deployment towards it.
  void SetDesired(EcsService& s, int desired, const arm::Clock& clock);
  // Finishes due deployments, then lets Application Auto Scaling act on
  // every target of an ACTIVE service whose scaling is not suspended:
  // a desired count below MinCapacity goes up to it (scale-out not
  // suspended), above MaxCapacity down to it (scale-in not suspended).
  void Advance(const arm::Clock& clock, const std::vector<ScalableTarget>& targets);

  void Load(const nlohmann::json& section, const arm::Clock& clock);
  nlohmann::json Dump() const;
};

}  // namespace sandbox
