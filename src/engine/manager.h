#pragma once
// The operations behind the commands: discover -> plan -> (confirm) ->
// write-ahead -> execute -> verify, all through seams. The CLI renders what
// these return; nothing here prints except through `progress`.
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/diagnostics.h"
#include "engine/executor.h"
#include "engine/plan.h"
#include "resources/resource.h"
#include "services/tagging_client.h"
#include "state/state_file.h"

namespace arm {

class TaggingClient;

// The stop stage of the types whose resources watch the others (alarms):
// first at stop, last at start, and held back with what they watch.
inline constexpr int kWatcherStage = 0;

// What is managed (from the config file and the flags).
struct ManagedSelection {
  std::string project;  // PROJECT_NAME
  std::string environment;
  std::string name_prefix;  // NAME_PREFIX, default "<project>-"
  // selector -> the type's own prefix (its TypeInfo::prefix_key), which
  // replaces name_prefix for it; "" selects none of it by prefix.
  std::map<std::string, std::string> type_prefixes;
  std::map<std::string, std::set<std::string>> explicit_names;  // selector -> names
  std::string tag_key, tag_value;                               // TAG_KEY/TAG_VALUE (tagging API)
  std::set<std::string> only_types;                             // --only (selectors); empty = all
  std::set<std::string> exclude_types;                          // --exclude
  std::set<std::string> resource_names;                         // --resource: narrows, never widens
  // The options to repeat in a suggested command ("--config my.conf").
  std::string command_options;
};

struct RunOptions {
  bool dry_run = false;
  int workers = 10;
  ApplyOptions apply;
  const std::atomic<bool>* interrupted = nullptr;
  // Asked after the plan is shown, before any change; false aborts.
  std::function<bool(const Plan&)> confirm;
  std::function<void(const std::string&)> progress;  // human progress lines
  // Each action's outcome as soon as it is known (the run's journal), from
  // worker threads, one at a time.
  std::function<void(const ActionOutcome&)> on_outcome;
  // Each action as it starts, before its first call (the run's journal).
  std::function<void(const Action&)> on_start;
  // Scheduled stops (reconcile): resources tagged key=value are left as they
  // are, each with a note (src/schedule/exemption.h).
  std::optional<std::pair<std::string, std::string>> exempt_tag;
  // Stop only, a run narrowed to some types (reconcile applying a transition
  // to the types it is due for): a watcher (alarms) parks only what watches
  // a resource this run parks or one recorded as parked; an alarm on
  // anything else (a resource whose type is not in the run, perhaps started
  // by hand) is left as it is, with a note.
  bool watch_only_this_run = false;
};

// One resource as status shows it.
struct ResourceView {
  std::string type, name;
  Condition state = Condition::kRunning;
  std::string saved_status;  // "" when not in the state file
  const Snapshot* snapshot = nullptr;
  nlohmann::json original;  // null when none recorded
};

// A resource the plan acts on: its configuration before the run and the one
// the plan leaves it in (audit trail).
struct ResourceChange {
  std::string type, name;
  nlohmann::json before, after;
  // Idle cost per hour before the run and once its plan is carried out
  // (0 without a price table): what the run saves when this resource's
  // steps are all done.
  double hourly_before_usd = 0, hourly_after_usd = 0;
};

struct VerifyResult {
  std::string type, name, problem;  // problem "" = matches its original
};

struct OperationReport {
  std::string command;
  bool dry_run = false;
  Plan plan;
  std::vector<ActionOutcome> outcomes;
  std::vector<VerifyResult> verified;
  // Resources the start was to restore but did not verify; problem says why
  // (a step failed or was not waited for, planning found an error, the
  // describe failed). Summaries count them: "Verified 8 of 10".
  std::vector<VerifyResult> not_verified;
  // Discovery and state errors (failures), and warnings (said, not
  // counted), one line each.
  Diagnostics diagnostics;
  bool interrupted = false;
  // Declined at the confirmation prompt, or interrupted (then `interrupted`
  // is set too) before any change: nothing was changed.
  bool aborted_by_user = false;
  bool permission_error = false;
  // The state file is unreadable, not this project's, or (start) missing, or
  // --resource names something outside the selection, or (stop) the
  // selection matches nothing: nothing was planned or changed (bad input,
  // exit 2).
  bool bad_state_file = false;
  int failed_resources = 0;
  int deferred_resources = 0;
  // Idle cost of the selected resources before the run and once the plan is
  // carried out (computed for dry runs too): totals, without notes or
  // components.
  Cost cost_before = Cost::Zero("");
  Cost cost_after = Cost::Zero("");
  std::vector<ResourceChange> changes;  // the acted-on resources, discovery order
  // Resources that could not be described (Snapshot::describe_error): each is
  // an error note of the plan, counted as failed, never acted on, and its
  // state entry kept as it is.
  std::vector<Snapshot> unknown;
};

class Manager {
 public:
  Manager(std::vector<std::unique_ptr<ResourceType>> types, StateStore& store, Clock& clock,
          ManagedSelection selection, TaggingClient* tagging, std::string account_id,
          std::string region);

  // The selected types, in stop order.
  std::vector<const ResourceType*> SelectedTypes() const;
  // The prefix that selects `type`'s resources ("" : none).
  const std::string& PrefixFor(const ResourceType& type) const;
  // The configuration's rules for `type` (prefix, listed names, tag rule),
  // without the state file or the tagging API: what `iam-policy` scopes.
  TypeSelection RulesFor(const ResourceType& type) const { return SelectionFor(type, nullptr, {}); }
  // Discovers every selected type in parallel. Types that fail are left out
  // and their error is added to diagnostics->errors (never silently
  // skipped). A resource whose describe failed is left out of the result
  // too, and the rest of its type kept: with `unknown` it goes there (the
  // caller reports it), without it one line naming it and the error is an
  // error. Warnings (a prefix neighbour left alone) go to
  // diagnostics->warnings. Resources whose owner cannot be checked are left
  // out, with an error when `parking` (stop), else a warning.
  SnapshotSet Discover(const State* state, int workers, Diagnostics* diagnostics,
                       bool* permission_error = nullptr, std::vector<Snapshot>* unknown = nullptr,
                       bool parking = false);
  std::vector<ResourceView> View(const SnapshotSet& snapshots, const State* state) const;
  // InvalidArgument "NAME is not managed by this configuration" for the
  // first --resource name that no rule of the config could select: before
  // any call (a tag rule needs the tagging API, so then everything passes).
  Status CheckResourceNamesByRules() const;
  // True when nothing selected exists and the state file records nothing
  // selected either; NothingMatches() is the error line that says so.
  bool MatchesNothing(const SnapshotSet& snapshots, const State& state) const;
  std::string NothingMatches() const;
  // The same for the first --resource name that discovery did not find in
  // the selection. Ok when discovery failed for a type (the name may be one
  // of its).
  Status CheckResourceNames(const SnapshotSet& snapshots, bool discovery_failed) const;
  // What the offline planner may use of a snapshot file: the entries of the
  // selected types that today's rules select (a tag as the snapshot recorded
  // it), each with how it was selected; as Discover returns them.
  // *missing gets "TYPE NAME" for each recorded entry inside the selection
  // that `found` lacks.
  SnapshotSet WithinSelection(const SnapshotSet& found, const State* state,
                              std::vector<std::string>* missing) const;
  // Warnings for the state entries holding an original that today's
  // selection leaves out (the config was narrowed after a stop): they are
  // not touched; each says the command that would restore it.
  // `unknown`: resources inside the selection whose describe failed.
  std::vector<PlanNote> RecordedOutside(const SnapshotSet& snapshots,
                                        const std::vector<Snapshot>& unknown,
                                        const State& state) const;

  // Loads the state file and checks it belongs to this project/account/region.
  Result<std::optional<State>> LoadState(std::vector<std::string>* warnings);
  // Every recorded original and extra of a known type is well formed
  // (ResourceType::CheckOriginal/CheckExtra); else Corruption naming `path`,
  // the entry and the field. LoadState runs it; so does the offline plan.
  Status CheckRecorded(const State& state, const std::string& path) const;

  // Pure: the plan of report.command ("stop" | "start") for these snapshots
  // and saved state, with the idle cost before and after it. stop, start,
  // their dry runs and the offline `plan` all plan through here; start with
  // the account facts its types asked for (StartFacts), the offline plan
  // without (nothing can be checked offline).
  void MakePlan(const SnapshotSet& snapshots, const State& state, OperationReport& report,
                const StartFactsByType* facts = nullptr) const;

  OperationReport Stop(const RunOptions& options);
  OperationReport Start(const RunOptions& options);

  ResourceType* TypeById(const std::string& id) const;
  void set_account_id(std::string id) { account_id_ = std::move(id); }
  void set_prices(const PriceTable* prices) { prices_ = prices; }
  void set_region(std::string region) { region_ = std::move(region); }
  const std::string& account_id() const { return account_id_; }
  const std::string& region() const { return region_; }
  const ManagedSelection& selection() const { return selection_; }
  // Narrows the selected types to these selectors (reconcile: the types a
  // transition is still due for). Before Discover.
  void set_only_types(std::set<std::string> selectors) {
    selection_.only_types = std::move(selectors);
  }

 private:
  // The opening stop and start share: load the state (start: it must
  // exist), discover, check --resource and that the selection matches
  // something. False when the run ends there (report says why).
  bool Open(const RunOptions& options, OperationReport& report, State* state, SnapshotSet* snaps);
  // {"kinesis-stream", "name"} for a managed type's ARN; {} otherwise.
  std::pair<std::string, std::string> TypeAndNameFromArn(const std::string& arn) const;
  // The tagging API's resource types of every managed type.
  std::vector<std::string> TaggingTypes() const;
  // Whether any type is selected by a name prefix.
  bool AnyPrefix() const;
  std::vector<ResourceType*> SelectedTypesToDiscover() const;
  // Drops from `snapshots` and `unknown` what a name prefix selected but
  // another project owns: a project named by a Project (or TAG_KEY) tag in
  // the account, whose name starts with the prefix and is not ours
  // (PROJECT_NAME, PROJECT_NAME-ENVIRONMENT, TAG_VALUE), owns the names that
  // start with its own ("user-journey-analytics-v2-scorer" under
  // "user-journey-analytics-"), recorded or not: such entries are then
  // listed as recorded outside the selection. Each is a warning; a kept
  // resource tagged for another project is one too. When `owners` failed
  // and the run parks (stop), prefix-only resources not recorded in the
  // state file are dropped with one error line (who owns them cannot be
  // told); otherwise they are dropped with one warning.
  void LeaveNeighboursAlone(const Result<std::vector<TaggedResourceArn>>& owners,
                            const State* state, bool parking, SnapshotSet& snapshots,
                            std::vector<Snapshot>& unknown, Diagnostics* diagnostics) const;
  TypeSelection SelectionFor(const ResourceType& type, const State* state,
                             const std::map<std::string, std::set<std::string>>& tagged) const;
  // False when the run must end before any change: the plan was declined
  // (options.confirm) or SIGINT/SIGTERM came before or at the prompt.
  bool Confirmed(const RunOptions& options, OperationReport& report) const;
  Status WriteAhead(State& state, const Plan& plan);
  // Runs a stage and updates *state statuses for the resources it covered.
  // Bookkeeping the stage's type needs on disk before its calls is saved
  // first, in one save; when that save fails nothing of the stage runs (its
  // actions are reported not attempted) and the error is returned: run no
  // later stage either.
  Status RunAndRecord(const PlanStage& stage, const RunOptions& options, State& state,
                      OperationReport& report, const char* done_status);
  // ResourceType::ReserveBeforeStage for each resource of `stage`, then one
  // local save if an entry changed.
  Status ReserveBeforeStage(const PlanStage& stage, const ResourceType& type,
                            const RunOptions& options, State& state);
  // ResourceType::ReleaseAfterStage for each resource of `stage` (in memory).
  void ReleaseAfterStage(const PlanStage& stage, const ResourceType& type, State& state);
  void VerifyAndRecord(const std::vector<const PlanStage*>& stages, const Plan& plan,
                       const RunOptions& options, State& state, OperationReport& report);
  // Stop, before any change: why a name is known not to be parked by this
  // run (the rest of "..., which <why>"; "" = it may be): its describe
  // failed, planning has an error for it, or its type could not be listed.
  std::function<std::string(const std::string&)> NotParkedBeforeStop(
      const SnapshotSet& snaps, const State& state, const OperationReport& report) const;
  // Stop, after the stages (`ran_stages` of the plan's stages ran): the
  // watchers (alarms) this run disabled for a resource it did not park after
  // all are enabled again (a stage appended to the plan; their entries become
  // `running`), each with a note; when the run was interrupted they are only
  // reported, with the command that re-enables them.
  // For RunOptions::watch_only_this_run: what is neither discovered by this
  // run nor recorded in the state file is left as it is.
  std::function<std::string(const std::string&)> OutsideThisRun(
      const SnapshotSet& snaps, const State& state, const OperationReport& report) const;
  void RevertWatchersOfUnparked(size_t ran_stages, const RunOptions& options, State& state,
                                OperationReport& report);
  State NewState() const;
  // Marks "stopping" entries whose resource is already parked as "stopped";
  // true when one changed.
  bool SettleParked(const SnapshotSet& snaps, State& state);
  void EstimateCosts(const SnapshotSet& snaps, const State& state, OperationReport& report) const;
  // Asks each type with start actions in report.plan for its account facts
  // (ResourceType::StartFacts). A type whose facts cannot be read is planned
  // without them, with a warning: AWS still refuses what does not fit.
  StartFactsByType GatherStartFacts(OperationReport& report);

  std::vector<std::unique_ptr<ResourceType>> types_;
  StateStore& store_;
  Clock& clock_;
  ManagedSelection selection_;
  TaggingClient* tagging_;
  std::string account_id_, region_;
  const PriceTable* prices_ = nullptr;
};

}  // namespace arm
