#pragma once
// Hooks only some resource types need, kept out of ResourceType's core. A
// type that has one returns it from the matching ResourceType accessor
// (start_limits(), watcher(), stage_reservations()); the engine asks, and
// does nothing where the answer is null.
#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/status.h"
#include "resources/resource.h"

namespace arm {

// Account-wide limits a start must respect (Lambda's unreserved
// concurrency).
class StartLimits {
 public:
  virtual ~StartLimits() = default;
  // Start only (the real run and --dry-run alike), once per run after
  // planning: the facts that `planned` (this type's start actions) must
  // respect. Null when the actions need none: then no call is made. status
  // and stop never ask.
  virtual Result<nlohmann::json> StartFacts(const std::vector<Action>& planned) const = 0;
  // Pure: removes from `out` (PlanStart of `targets`) the actions that the
  // account cannot grant according to `facts` (what StartFacts returned, not
  // null), each replaced by an error note saying why and what to do. The
  // resource stays parked and its state entry kept, so a later start retries.
  virtual void FitStart(const std::vector<PlanTarget>& targets, const nlohmann::json& facts,
                        PlanOutput& out) const = 0;
};

// A type whose actions follow what other resources do (alarms: disabled
// first at stop and re-enabled last at start, for what came back only).
class Watcher {
 public:
  virtual ~Watcher() = default;
  // Removes from `planned` (this type's actions of one stage) what depends
  // on a resource `why` holds back, each replaced by a note of severity
  // "held" in *held saying what is left as it was and why. `why(name)` is ""
  // for a name that does not hold anything back, otherwise the rest of a
  // sentence "..., which <why>" ("did not come back", "was not parked (its
  // DeleteEndpoint failed)"). Held resources are not recorded (stop) or keep
  // their entry (start), so a later run picks them up.
  virtual std::vector<Action> HoldBack(std::vector<Action> planned,
                                       const std::function<std::string(const std::string&)>& why,
                                       std::vector<PlanNote>* held) const = 0;
  // The actions that undo `done` (this type's actions that succeeded) for
  // the resources in `names` (re-enable what a stop disabled when the
  // resource it watches was not parked after all). Empty: none.
  virtual std::vector<Action> Revert(const std::vector<Action>& done,
                                     const std::set<std::string>& names) const = 0;
};

// Bookkeeping that must be on disk before a stage's calls (Kinesis: a
// reservation of its UpdateShardCount calls against AWS's daily limit).
class StageReservations {
 public:
  virtual ~StageReservations() = default;
  // Before a stage: what the stage's calls on one resource (`actions`, in
  // order, placed in the stage by `queue`) need recorded, written into the
  // entry's `extra`. Returns whether `extra` changed; the manager then saves
  // the state once for the whole stage and runs none of it if that save
  // fails.
  virtual bool ReserveBeforeStage(const std::vector<const Action*>& actions, nlohmann::json& extra,
                                  std::chrono::system_clock::time_point now,
                                  const ApplyOptions& options, const StageQueue& queue) const = 0;
  // After the stage (finished, failed or interrupted): drops what
  // ReserveBeforeStage added (the journal holds what was done). Returns
  // whether `extra` changed.
  virtual bool ReleaseAfterStage(nlohmann::json& extra) const = 0;
};

// A type whose parks AWS ends by itself (RDS starts a database that has been
// stopped for 7 days). reconcile asks, from the state file and with no AWS
// call, when a recorded park ends, and parks the type again once that time
// has passed in a parked period (docs/design.md, "Schedules").
class ParkExpiry {
 public:
  virtual ~ParkExpiry() = default;
  // When AWS undoes the park of an entry of this type, recorded with
  // `original`, `status` (kStatus*) and last changed at `recorded_at`; nullopt
  // when the entry is not a park AWS ends. Pure.
  virtual std::optional<std::chrono::system_clock::time_point> EndsAt(
      const nlohmann::json& original, std::string_view status,
      std::chrono::system_clock::time_point recorded_at) const = 0;
  // For the decision line: "AWS starts a database stopped for 7 days".
  virtual std::string Why() const = 0;
};

}  // namespace arm
