#pragma once
// The one interface every managed resource type implements (aws-nuke style:
// one file per type). Discovery talks to AWS; planning is pure (snapshots and
// saved originals in, actions out) so `plan`, `--dry-run` and the real run
// share everything up to Apply.
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "cost/cost_model.h"

namespace arm {

class Slots;

// How a resource came into the selection: shown by status and the plan,
// recorded in the state entry at stop (a parked resource may no longer show
// it: a deleted SageMaker endpoint carries no tag).
struct SelectedBy {
  enum class Source { kNone, kList, kTag, kPrefix };
  Source source = Source::kNone;
  std::string prefix;              // kPrefix
  std::string tag_key, tag_value;  // kTag
  bool recorded = false;           // known from the state entry, not seen today
  bool ok() const { return source != Source::kNone; }
  // "list", "tag Project=x", "prefix user-journey-analytics-", "tag Project=x
  // (recorded at stop)".
  std::string ToString() const;
};
// {"by": "tag", "tag_key": ..., "tag_value": ...}; null for kNone.
nlohmann::json SelectedByToJson(const SelectedBy& s);
// Unknown or malformed input reads as kNone (old state files hold nothing).
SelectedBy SelectedByFromJson(const nlohmann::json& j);

// Which resources of one type are managed. The selection is the config's
// rules (prefix, list, tag); --resource (only_names) narrows it and nothing
// widens it: a recorded entry is in it only when a rule still names it.
struct TypeSelection {
  std::string name_prefix;               // "" = no prefix rule
  std::set<std::string> explicit_names;  // from the config's lists
  std::set<std::string> tagged_names;    // from the tagging API
  std::string tag_key, tag_value;        // the tag rule behind tagged_names
  // Recorded at stop as selected by today's tag rule (the resource may have
  // lost the tag while parked).
  std::set<std::string> recorded_tagged;
  std::set<std::string> only_names;  // --resource: when non-empty, nothing else
  // Recorded in the state file and inside the selection: looked up even if
  // gone or no longer listed.
  std::set<std::string> saved_names;
  // The recorded originals of saved_names (name -> original), so a type can
  // check what a gone resource needs to come back (SageMaker: its config).
  std::map<std::string, nlohmann::json> saved_originals;
  int parallelism = 1;     // per-resource describe calls in flight
  Slots* slots = nullptr;  // when set, also a budget shared with other types
  // Describe exactly saved_names, without listing the type (verification
  // after start: the describes say whether each one exists).
  bool skip_listing = false;
  // Why `name` is selected; kNone when it is not (outside the rules, or
  // left out by only_names).
  SelectedBy Why(const std::string& name) const;
  bool Selects(const std::string& name) const { return Why(name).ok(); }
};

// What one resource looks like now, in the same shape as its saved original.
struct Snapshot {
  std::string type;
  std::string name;
  bool exists = true;
  bool transitioning = false;                         // Creating/Updating/Deleting...
  nlohmann::json config = nlohmann::json::object();   // the restorable configuration
  nlohmann::json details = nlohmann::json::object();  // extra facts for status/cost
  SelectedBy selected_by;                             // set by the manager after discovery
  // Not ok: the resource could not be described (its describe still failed
  // after the client's retries). Nothing else about it is known: the plan
  // skips it with an error note, its state entry is kept as it is, and no
  // type code (Classify, PlanStop, CostOf...) ever sees it.
  Status describe_error;
  bool known() const { return describe_error.ok(); }
};
void to_json(nlohmann::json& j, const Snapshot& s);
void from_json(const nlohmann::json& j, Snapshot& s);

// HoldBack's reason for a resource a stop leaves running on purpose (not
// parked by policy): the alarms that watch it stay on, as a note.
inline constexpr std::string_view kLeftRunning = "is left running by this stop";

// One API call (or wait) in a plan.
struct Action {
  std::string type;                // resource type id
  std::vector<std::string> names;  // resources it acts on (alarms: up to 100)
  std::string chain;               // same chain = run in order; chains run in parallel
  std::string api;      // "kinesis:UpdateShardCount"; waits: "sagemaker:DescribeEndpoint"
  std::string summary;  // "UpdateShardCount user-events 2 -> 1"
  nlohmann::json params = nlohmann::json::object();
  bool mutating = true;
  // Whether the step changes what the resource bills (scaling, deleting,
  // creating). False for bookkeeping the bill does not see (auto scaling
  // targets, an endpoint config) and for waits. The audit report counts a
  // resource's planned cost change in proportion to these steps done.
  bool changes_cost = true;
};
void to_json(nlohmann::json& j, const Action& a);
// An action on one resource, chained with that resource's other actions.
Action ResourceAction(std::string_view type, const std::string& name, std::string api,
                      std::string summary, nlohmann::json params);

// A resource the plan will not touch, with the reason (refusals, drift...).
struct PlanNote {
  std::string type;
  std::string name;
  // "error" (counts as a failure) | "held" (left as it was because
  // something it depends on was not changed: not an error of its own) |
  // "warning" | "info"
  std::string severity;
  std::string message;
};

// A resource to plan for: what it is now and what it was before the stop.
struct PlanTarget {
  const Snapshot* current = nullptr;
  nlohmann::json original;   // the configuration to restore (start) / to record (stop)
  std::string saved_status;  // "" when not in the state file
  // The state entry's bookkeeping (ResourceState::extra; empty when none)
  // and the time the plan is made for (budgets counted over a window).
  nlohmann::json extra = nlohmann::json::object();
  std::chrono::system_clock::time_point now{};
};

struct PlanOutput {
  std::vector<Action> actions;
  std::vector<PlanNote> notes;
};

// A permission an action needs, for `iam-policy` and docs/iam-policy.json.
struct Permission {
  Permission(std::string action_, std::string used_by_, std::vector<std::string> resources_ = {"*"},
             nlohmann::json condition_ = nullptr)
      : action(std::move(action_)),
        used_by(std::move(used_by_)),
        resources(std::move(resources_)),
        condition(std::move(condition_)) {}
  std::string action;   // "kinesis:UpdateShardCount"
  std::string used_by;  // "discover" | "stop" | "start" | "status"
  // The ARNs AWS checks the action on, as templates: {partition}, {region},
  // {account}, and {name} (once per selected name pattern of the type:
  // "prefix-*", a listed name) or {lname} (the same lower-cased, as
  // SageMaker writes names in ARNs). "*": AWS has no resource-level
  // permission for the action, or it reads outside the selection.
  std::vector<std::string> resources;
  nlohmann::json condition;  // the statement's Condition block; null: none
};

// Everything an action's Apply may need besides the AWS clients.
struct ApplyOptions {
  bool wait = true;
  int wait_timeout_seconds = 1800;
  // Called while waiting: "endpoint x: Creating (1m05s)".
  std::function<void(const std::string&)> progress;
  // Applies `edit` to the resource's bookkeeping (ResourceState::extra of
  // the action's type and `name`) in memory; the save after the stage writes
  // it. What must be on disk before the call is reserved before the stage
  // (ResourceType::ReserveBeforeStage). On an error the call must not be
  // made. Unset: nothing kept.
  std::function<Status(const std::string& name,
                       const std::function<void(nlohmann::json& extra)>& edit)>
      journal;
};

// Describes each name (in parallel, up to `parallelism`), keeping name order.
// A name whose describe fails becomes an unknown Snapshot (describe_error set)
// and the others go on: one failure loses one resource, not its type. Only a
// credentials error (no resource could be described) fails the whole call.
Result<std::vector<Snapshot>> DescribeEach(
    const std::set<std::string>& names, int parallelism,
    const std::function<Result<Snapshot>(const std::string&)>& describe);
// Describes names as `produce` finds them (it calls emit(name), e.g. once per
// list page, and returns the listing's Status): describing starts with the
// first page instead of after the last. Duplicates are described once;
// results (unknown ones included) as in DescribeEach. A failed `produce`
// fails the type: what it did not list is not known to exist.
Result<std::vector<Snapshot>> DescribeAsFound(
    const TypeSelection& selection,
    const std::function<Status(const std::function<void(const std::string&)>& emit)>& produce,
    const std::function<Result<Snapshot>(const std::string&)>& describe);
// The same with the selection's parallelism and its shared budget.
Result<std::vector<Snapshot>> DescribeEach(
    const std::set<std::string>& names, const TypeSelection& selection,
    const std::function<Result<Snapshot>(const std::string&)>& describe);

// Where one resource's actions stand in a stage: chains run `workers` at a
// time in plan order (engine/executor.h), each as soon as a worker is free,
// so the resource's first action starts once the `actions_ahead` actions of
// the earlier chains have at most run on `workers` workers.
struct StageQueue {
  int actions_ahead = 0;
  int workers = 1;
};

class ResourceType {
 public:
  virtual ~ResourceType() = default;
  virtual std::string_view type() const = 0;      // "kinesis-stream"
  virtual std::string_view selector() const = 0;  // "kinesis" for --only/--exclude
  // The config key that names resources of this type one by one
  // ("LAMBDA_FUNCTIONS"; alarms: "CLOUDWATCH_ALARM_PREFIX"), for the command
  // that brings a recorded resource back into the selection.
  virtual std::string_view selection_key() const = 0;
  // Stop runs stages in increasing order, start in decreasing order.
  virtual int stop_stage() const = 0;
  virtual std::vector<Permission> Permissions() const = 0;

  virtual Result<std::vector<Snapshot>> Discover(const TypeSelection& selection) = 0;
  // "running" | "stopped" | "transitioning" | "missing" | "drifted".
  virtual std::string Classify(const Snapshot& current, const nlohmann::json* original) const = 0;
  // Pure.
  virtual PlanOutput PlanStop(const std::vector<PlanTarget>& targets) const = 0;
  virtual PlanOutput PlanStart(const std::vector<PlanTarget>& targets) const = 0;
  // Start only (the real run and --dry-run alike), once per run after
  // planning: account-wide facts that `planned` (this type's start actions)
  // must respect, e.g. Lambda's unreserved concurrency. Null when the actions
  // need none: then no call is made. status and stop never ask.
  virtual Result<nlohmann::json> StartFacts(const std::vector<Action>& planned) {
    (void)planned;
    return nlohmann::json();
  }
  // Pure: removes from `out` (PlanStart of `targets`) the actions that the
  // account cannot grant according to `facts` (what StartFacts returned, not
  // null), each replaced by an error note saying why and what to do. The
  // resource stays parked and its state entry kept, so a later start retries.
  virtual void FitStart(const std::vector<PlanTarget>& targets, const nlohmann::json& facts,
                        PlanOutput& out) const {
    (void)targets;
    (void)facts;
    (void)out;
  }
  // For a type whose actions follow what other resources do (alarms: they
  // are disabled first at stop and re-enabled last at start): removes from
  // `planned` (this type's actions of one stage) what depends on a resource
  // `why` holds back, each replaced by a note of severity "held" in *held
  // saying what is left as it was and why. `why(name)` is "" for a name that
  // does not hold anything back, otherwise the rest of a sentence "..., which
  // <why>" ("did not come back", "was not parked (its DeleteEndpoint failed)").
  // Held resources are not recorded (stop) or keep their entry (start), so a
  // later run picks them up.
  virtual std::vector<Action> HoldBack(std::vector<Action> planned,
                                       const std::function<std::string(const std::string&)>& why,
                                       std::vector<PlanNote>* held) const {
    (void)why;
    (void)held;
    return planned;
  }
  // The actions that undo `done` (this type's actions that succeeded) for
  // the resources in `names` (alarms: re-enable what a stop disabled when
  // the resource it watches was not parked after all). Empty: none.
  virtual std::vector<Action> Revert(const std::vector<Action>& done,
                                     const std::set<std::string>& names) const {
    (void)done;
    (void)names;
    return {};
  }
  virtual Status Apply(const Action& action, const ApplyOptions& options) = 0;
  // After start: does the resource match its original? Empty string = yes,
  // otherwise what differs.
  virtual std::string Verify(const Snapshot& current, const nlohmann::json& original) const = 0;
  // Whether a recorded original (read from the state file, perhaps edited by
  // hand) has the shape the plan and apply steps read. The error message
  // starts with the field: "shard_count: expected a whole number >= 1, got
  // \"two\"".
  virtual Status CheckOriginal(const nlohmann::json& original) const {
    (void)original;
    return Status::Ok();
  }
  // The same for the entry's bookkeeping (ResourceState::extra).
  virtual Status CheckExtra(const nlohmann::json& extra) const {
    (void)extra;
    return Status::Ok();
  }

  // Before a stage: bookkeeping that must be on disk before the stage's
  // calls on one resource (`actions`, in order, placed in the stage by
  // `queue`; Kinesis: a reservation for its UpdateShardCount calls), written
  // into the entry's `extra`. Returns
  // whether `extra` changed; the manager then saves the state once for the
  // whole stage and runs none of it if that save fails.
  virtual bool ReserveBeforeStage(const std::vector<const Action*>& actions, nlohmann::json& extra,
                                  std::chrono::system_clock::time_point now,
                                  const ApplyOptions& options, const StageQueue& queue) const {
    (void)queue;
    (void)actions;
    (void)extra;
    (void)now;
    (void)options;
    return false;
  }
  // After the stage (finished, failed or interrupted): drops what
  // ReserveBeforeStage added (the journal holds what was done). Returns
  // whether `extra` changed.
  virtual bool ReleaseAfterStage(nlohmann::json& extra) const {
    (void)extra;
    return false;
  }

  // What the resource costs idle in the configuration `s` describes (a
  // resource that does not exist costs nothing).
  virtual Cost CostOf(const Snapshot& s, const PriceTable& prices,
                      const std::string& region) const = 0;
  // `running` as it will be once parked by stop.
  virtual Snapshot Parked(const Snapshot& running) const = 0;
};

}  // namespace arm
