#pragma once
// The plan is data: stop and start, dry-run or real, offline or live, all
// print and run the same Plan built by the same pure functions.
#include <chrono>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "resources/resource.h"
#include "state/state_file.h"

namespace arm {

// What discovery found, by type id.
using SnapshotSet = std::map<std::string, std::vector<Snapshot>>;

struct PlanStage {
  std::string type;  // resource type id
  int order = 0;     // stop_stage of the type
  std::vector<Action> actions;
};

// A resource whose original the run records before acting on it.
struct PlanRecord {
  std::string type;
  std::string name;
  nlohmann::json original;
  SelectedBy selected_by;  // recorded with the original
};

// A resource the plan acts on and how the selection chose it.
struct PlanSelected {
  std::string type, name;
  SelectedBy selected_by;
};

struct Plan {
  std::string command;            // "stop" | "start"
  std::vector<PlanStage> stages;  // in execution order
  std::vector<PlanNote> notes;
  std::vector<PlanRecord> records;
  std::vector<PlanSelected> selected;  // every resource an action names, plan order
  size_t ActionCount() const;
  size_t MutatingCount() const;
  bool HasErrors() const;
};

// What ResourceType::StartFacts returned, by type id (types that need none
// are absent).
using StartFactsByType = std::map<std::string, nlohmann::json>;

// Pure: snapshots + saved state -> plan, made at `now` (budgets that count
// calls over a window, e.g. Kinesis scaling). `types` in stop order. With
// `facts`, each type's start actions are fitted to them (FitStart).
Plan PlanStop(const std::vector<const ResourceType*>& types, const SnapshotSet& snapshots,
              const State* state, std::chrono::system_clock::time_point now);
Plan PlanStart(const std::vector<const ResourceType*>& types, const SnapshotSet& snapshots,
               const State& state, std::chrono::system_clock::time_point now,
               const StartFactsByType* facts = nullptr);

// Asks each stage's type to hold back what depends on a resource `why`
// names (ResourceType::HoldBack): the held resources' notes join the plan,
// and they leave its records and selection (nothing is recorded for them);
// stages left empty are dropped. `types` holds every type of the stages.
void HoldBackStages(const std::vector<const ResourceType*>& types,
                    const std::function<std::string(const std::string&)>& why, Plan& plan);

// The error note of a resource that could not be described: the plan skips
// it (PlanStop/PlanStart do, for the snapshots they are given).
PlanNote UnknownNote(const Snapshot& s);

// True when the saved entry holds an original that must not be overwritten.
bool HoldsOriginal(const ResourceState* entry);

nlohmann::json PlanToJson(const Plan& plan);
// `run_errors`: the run has errors outside the plan (a type not listed,
// owners not checked), so an empty plan is not "already parked".
std::string PlanToText(const Plan& plan, bool run_errors = false);

}  // namespace arm
