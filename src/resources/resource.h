#pragma once
// The one interface every managed resource type implements (aws-nuke style:
// one file per type). Discovery talks to AWS; planning is pure (snapshots and
// saved originals in, actions out) so `plan`, `--dry-run` and the real run
// share everything up to Apply.
#include <atomic>
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
#include "resources/type_info.h"

namespace arm {

class Slots;
class ParkExpiry;
class StartLimits;
class StageReservations;
class Watcher;

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

struct Snapshot;

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
  // TypeInfo::prefix_on_own_name: name_prefix applies to OwnName(name).
  bool prefix_on_own_name = false;
  int parallelism = 1;     // per-resource describe calls in flight
  Slots* slots = nullptr;  // when set, also a budget shared with other types
  // Describe exactly saved_names, without listing the type (verification
  // after start: the describes say whether each one exists).
  bool skip_listing = false;
  // Why `name` is selected; kNone when it is not (outside the rules, or
  // left out by only_names).
  SelectedBy Why(const std::string& name) const;
  bool Selects(const std::string& name) const { return Why(name).ok(); }
  // Sets snap.selected_by; true when the selection holds the snapshot. A tag
  // recorded at stop stands in for one that parking removed (a deleted
  // endpoint); a resource that exists shows its tags to the tag query, so
  // one the query did not return is outside, whatever its entry claims.
  bool Keep(Snapshot& snap) const;
};

// "cluster/service" -> "service"; a name without '/' is its own.
std::string_view OwnName(std::string_view name);

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
// What a resource is, compared with its recorded original (Classify).
enum class Condition {
  kRunning,
  kStopped,        // parked
  kTransitioning,  // AWS is changing it (Creating, Updating, Deleting...)
  kMissing,        // does not exist (and no stop recorded parking it so)
  kDrifted,        // neither as recorded nor parked
};
// "running" | "stopped" | "transitioning" | "missing" | "drifted".
std::string_view ConditionName(Condition c);

// How much a plan note weighs.
enum class Severity {
  kError,    // counts as a failure
  kHeld,     // left as it was because something it depends on was not
             // changed: not an error of its own
  kWarning,  // said, not counted
  kInfo,
};
// "error" | "held" | "warning" | "info", as plans and reports write it.
std::string_view SeverityName(Severity s);

struct PlanNote {
  std::string type;
  std::string name;
  Severity severity = Severity::kInfo;
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
  // Set by SIGINT/SIGTERM: a wait stops at once (the calls made stay made;
  // the next run sees them through). Null: never.
  const std::atomic<bool>* interrupted = nullptr;
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
  // Its registry row: id, selector, configuration keys, ARN form, stage.
  virtual const TypeInfo& info() const = 0;
  std::string_view type() const { return info().id; }            // "kinesis-stream"
  std::string_view selector() const { return info().selector; }  // "kinesis"
  std::string_view selection_key() const { return info().selection_key(); }
  int stop_stage() const { return info().stop_stage; }
  virtual std::vector<Permission> Permissions() const = 0;

  virtual Result<std::vector<Snapshot>> Discover(const TypeSelection& selection) = 0;
  virtual Condition Classify(const Snapshot& current, const nlohmann::json* original) const = 0;
  // Pure.
  virtual PlanOutput PlanStop(const std::vector<PlanTarget>& targets) const = 0;
  virtual PlanOutput PlanStart(const std::vector<PlanTarget>& targets) const = 0;
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

  // What the resource costs idle in the configuration `s` describes (a
  // resource that does not exist costs nothing).
  virtual Cost CostOf(const Snapshot& s, const PriceTable& prices,
                      const std::string& region) const = 0;
  // `running` as it will be once parked by stop.
  virtual Snapshot Parked(const Snapshot& running) const = 0;

  // status's CONFIGURATION column: `current` in words, with what it was
  // when `original` (the recorded configuration; null: none) differs.
  virtual std::string StatusText(const Snapshot& current, const nlohmann::json& original) const {
    (void)original;
    return current.config.dump();
  }
  // status's closing tip for one of its resources in `state` (Classify), or
  // none. An urgent tip comes before the general "stop --dry-run" one; the
  // others only when no other tip applies.
  struct Tip {
    std::string text;
    bool urgent = false;
  };
  virtual Tip StatusTip(const Snapshot& current, Condition state) const {
    (void)current;
    (void)state;
    return {};
  }
  // Hooks only some types need (resources/capabilities.h): null when the
  // type has none.
  virtual const StartLimits* start_limits() const { return nullptr; }
  virtual const Watcher* watcher() const { return nullptr; }
  virtual const StageReservations* stage_reservations() const { return nullptr; }
  virtual const ParkExpiry* park_expiry() const { return nullptr; }

  // What to do about AWS error `aws_code` from `api`, one of this type's
  // calls, when it is particular to the type; "" otherwise.
  virtual std::string FixHint(std::string_view aws_code, std::string_view api) const {
    (void)aws_code;
    (void)api;
    return "";
  }
};

}  // namespace arm
