#pragma once
// EC2 Auto Scaling groups in the sandbox: sizes, instances that converge on
// the desired capacity over `instance_seconds` (the sandbox clock), the
// scaling processes, and scheduled actions that fire (set min, max and
// desired) when the ScheduledActions process is not suspended. Evaluated
// lazily: Advance() runs before each request is answered.
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"

namespace sandbox {

struct AsgInstance {
  std::string id;
  std::string lifecycle = "InService";  // Pending | InService | Terminating
  bool protected_from_scale_in = false;
  std::chrono::system_clock::time_point done_at;  // Pending/Terminating ends
};

struct AsgScheduledAction {
  std::string name, recurrence;
  int min = -1, max = -1, desired = -1;  // -1: not set by the action
  // Estate-only "SandboxEverySeconds": fires every so many seconds of the
  // sandbox clock (the sandbox does not read cron), starting one period
  // after load. Fire times that pass while suspended are skipped, as AWS does.
  double every_seconds = 0;
  std::chrono::system_clock::time_point next;
};

struct AsgGroup {
  std::string name, uuid, instance_type = "t3.medium", launch_template;
  int min = 0, max = 0, desired = 0;
  std::set<std::string> suspended;  // process names
  std::vector<std::pair<std::string, std::string>> tags;
  std::vector<AsgInstance> instances;
  std::vector<AsgScheduledAction> scheduled;
  bool new_instances_protected = false;
  int warm_pool_min = -1;  // -1: no warm pool
  double created_at = 0;
  // Estate-only "SandboxScalingActivityInProgress": so many
  // UpdateAutoScalingGroup calls answer ScalingActivityInProgress first.
  int busy_updates = 0;
};

struct AsgState {
  double instance_seconds = 2;
  int next_instance = 1;
  std::map<std::string, AsgGroup> groups;

  static const std::set<std::string>& ProcessNames();
  AsgGroup* Find(const std::string& name);
  // Launches toward the desired capacity (Launch not suspended), terminates
  // unprotected instances above it (Terminate not suspended), finishes due
  // transitions, and fires due scheduled actions.
  void Advance(const arm::Clock& clock);
  void Load(const nlohmann::json& section, const arm::Clock& clock);
  // Instances without their ids (GET /_sandbox/state).
  nlohmann::json Dump() const;
};

}  // namespace sandbox
