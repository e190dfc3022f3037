#pragma once
// A ResourceType over an in-memory world, for engine tests. Each resource is
// one integer "value"; 0 is parked. Stop plans one "fake:Set 0" per running
// resource, start one "fake:Set <original>" per resource not as recorded.
// The world outlives the types, so a test can build a new Manager (a new run)
// over the same world.
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "resources/capabilities.h"
#include "resources/resource.h"

namespace arm::testing {

class FakeWorld {
 public:
  using Key = std::pair<std::string, std::string>;  // type, name

  void Set(const std::string& type, const std::string& name, int value) {
    std::lock_guard<std::mutex> l(mu_);
    values_[{type, name}] = value;
  }
  // -1 when absent.
  int Get(const std::string& type, const std::string& name) const {
    std::lock_guard<std::mutex> l(mu_);
    auto it = values_.find({type, name});
    return it == values_.end() ? -1 : it->second;
  }
  std::map<Key, int> values() const {
    std::lock_guard<std::mutex> l(mu_);
    return values_;
  }
  // Every Apply call, in call order.
  std::vector<Action> applied() const {
    std::lock_guard<std::mutex> l(mu_);
    return applied_;
  }
  void ClearApplied() {
    std::lock_guard<std::mutex> l(mu_);
    applied_.clear();
  }
  // Called (without the lock) by every Apply before it changes anything; a
  // non-OK Status fails the action and leaves the world as it is.
  void set_before_apply(std::function<Status(const Action&)> hook) {
    before_apply_ = std::move(hook);
  }
  // An account-wide cap on one type's start (as Lambda's unreserved
  // concurrency): when set, that type's StartFacts reports it and its
  // FitStart refuses restores above it.
  void set_start_cap(const std::string& type, std::optional<int> cap) {
    std::lock_guard<std::mutex> l(mu_);
    start_caps_[type] = cap;
  }
  std::optional<int> start_cap(const std::string& type) const {
    std::lock_guard<std::mutex> l(mu_);
    auto it = start_caps_.find(type);
    return it == start_caps_.end() ? std::nullopt : it->second;
  }
  // When not OK, StartFacts of every type fails with it.
  void set_start_facts_error(Status error) {
    std::lock_guard<std::mutex> l(mu_);
    start_facts_error_ = std::move(error);
  }
  Status start_facts_error() const {
    std::lock_guard<std::mutex> l(mu_);
    return start_facts_error_;
  }
  // When not OK, describing this resource fails with it (Discover goes
  // through DescribeEach, as the real types do).
  void set_describe_error(const std::string& type, const std::string& name, Status error) {
    std::lock_guard<std::mutex> l(mu_);
    describe_errors_[{type, name}] = std::move(error);
  }
  Status describe_error(const std::string& type, const std::string& name) const {
    std::lock_guard<std::mutex> l(mu_);
    auto it = describe_errors_.find({type, name});
    return it == describe_errors_.end() ? Status::Ok() : it->second;
  }
  // How many times StartFacts was asked (any type).
  int start_facts_calls() const {
    std::lock_guard<std::mutex> l(mu_);
    return start_facts_calls_;
  }
  void CountStartFacts() {
    std::lock_guard<std::mutex> l(mu_);
    ++start_facts_calls_;
  }

  Status Apply(const Action& a) {
    {
      std::lock_guard<std::mutex> l(mu_);
      applied_.push_back(a);
    }
    if (before_apply_) ARM_RETURN_IF_ERROR(before_apply_(a));
    std::lock_guard<std::mutex> l(mu_);
    for (const auto& n : a.names) values_[{a.type, n}] = a.params.at("value").get<int>();
    return Status::Ok();
  }

 private:
  mutable std::mutex mu_;
  std::map<Key, int> values_;
  std::vector<Action> applied_;
  std::function<Status(const Action&)> before_apply_;
  std::map<std::string, std::optional<int>> start_caps_;
  int start_facts_calls_ = 0;
  std::map<Key, Status> describe_errors_;
  Status start_facts_error_ = Status::Ok();
};

class FakeResourceType final : public ResourceType, public StartLimits, public StageReservations {
 public:
  FakeResourceType(FakeWorld& world, std::string type, std::string selector, int stage)
      : world_(world), type_(std::move(type)), selector_(std::move(selector)), stage_(stage) {
    info_.id = type_;
    info_.selector = selector_;
    info_.names_key = "FAKE_NAMES";
    info_.stop_stage = stage_;
  }
  FakeResourceType(const FakeResourceType&) = delete;
  FakeResourceType& operator=(const FakeResourceType&) = delete;

  // A faulty type that also describes every --resource name, selected or
  // not (the manager must keep the boundary anyway).
  void set_describes_named(bool on) { describes_named_ = on; }

  const TypeInfo& info() const override { return info_; }
  std::vector<Permission> Permissions() const override { return {{"fake:Set", "stop"}}; }

  Result<std::vector<Snapshot>> Discover(const TypeSelection& selection) override {
    std::set<std::string> wanted;
    if (describes_named_) wanted = selection.only_names;
    for (const auto& [key, value] : world_.values()) {
      if (key.first == type_ && selection.Selects(key.second)) wanted.insert(key.second);
    }
    wanted.insert(selection.saved_names.begin(), selection.saved_names.end());
    return DescribeEach(wanted, selection, [&](const std::string& name) -> Result<Snapshot> {
      Status error = world_.describe_error(type_, name);
      if (!error.ok()) return error;
      Snapshot s;
      s.type = type_;
      s.name = name;
      int v = world_.Get(type_, name);
      s.exists = v >= 0;
      if (s.exists) s.config = {{"value", v}};
      return s;
    });
  }

  Condition Classify(const Snapshot& cur, const nlohmann::json* original) const override {
    if (!cur.exists) return Condition::kMissing;
    int v = cur.config.at("value").get<int>();
    if (v == 0) return Condition::kStopped;
    if (original == nullptr || original->is_null() || original->at("value") == v)
      return Condition::kRunning;
    return Condition::kDrifted;
  }

  PlanOutput PlanStop(const std::vector<PlanTarget>& targets) const override {
    PlanOutput out;
    for (const auto& t : targets) {
      if (!t.current->exists) {
        out.notes.push_back({type_, t.current->name, Severity::kError, "missing"});
        continue;
      }
      int v = t.current->config.at("value").get<int>();
      if (v != 0) out.actions.push_back(MakeAction(t.current->name, v, 0));
    }
    return out;
  }

  PlanOutput PlanStart(const std::vector<PlanTarget>& targets) const override {
    PlanOutput out;
    for (const auto& t : targets) {
      if (!t.current->exists) {
        out.notes.push_back({type_, t.current->name, Severity::kError, "missing"});
        continue;
      }
      int have = t.current->config.at("value").get<int>(), want = t.original.at("value").get<int>();
      if (have != want) out.actions.push_back(MakeAction(t.current->name, have, want));
    }
    return out;
  }

  const StartLimits* start_limits() const override { return this; }
  const StageReservations* stage_reservations() const override { return this; }
  Result<nlohmann::json> StartFacts(const std::vector<Action>& planned) const override {
    (void)planned;
    world_.CountStartFacts();
    Status error = world_.start_facts_error();
    if (!error.ok()) return error;
    auto cap = world_.start_cap(type_);
    return cap ? nlohmann::json{{"cap", *cap}} : nlohmann::json();
  }

  void FitStart(const std::vector<PlanTarget>&, const nlohmann::json& facts,
                PlanOutput& out) const override {
    int cap = facts.at("cap").get<int>();
    std::vector<Action> kept;
    for (auto& a : out.actions) {
      if (a.params.at("value").get<int>() <= cap) {
        kept.push_back(std::move(a));
        continue;
      }
      out.notes.push_back(
          {type_, a.names.at(0), Severity::kError, "over the cap of " + std::to_string(cap)});
    }
    out.actions = std::move(kept);
  }

  Status Apply(const Action& action, const ApplyOptions& options) override {
    // Like Kinesis: records the call in the state entry's extra first and
    // takes it off the stage's reservation.
    if (journal_ && options.journal) {
      ARM_RETURN_IF_ERROR(options.journal(action.names.at(0), [&](nlohmann::json& extra) {
        extra["calls"].push_back(action.params.at("value"));
        int left = extra.value("reserved", 0) - 1;
        if (left > 0)
          extra["reserved"] = left;
        else
          extra.erase("reserved");
      }));
    }
    return world_.Apply(action);
  }
  // Like Kinesis: {"reserved": n} for the stage's n calls on the resource.
  bool ReserveBeforeStage(const std::vector<const Action*>& actions, nlohmann::json& extra,
                          std::chrono::system_clock::time_point, const ApplyOptions&,
                          const StageQueue& queue) const override {
    if (!journal_) return false;
    extra["reserved"] = extra.value("reserved", 0) + static_cast<int>(actions.size());
    extra["ahead"] = queue.actions_ahead;  // for the tests: where the manager placed it
    return true;
  }
  bool ReleaseAfterStage(nlohmann::json& extra) const override {
    return journal_ && extra.erase("ahead") + extra.erase("reserved") > 0;
  }
  // Apply journals {"calls": [value, ...]} before changing the world, with
  // a reservation {"reserved": n} saved before the stage.
  void set_journal(bool on) { journal_ = on; }

  std::string Verify(const Snapshot& cur, const nlohmann::json& original) const override {
    if (!cur.exists) return "missing";
    if (cur.config.at("value") != original.at("value"))
      return "value is " + cur.config.at("value").dump();
    return "";
  }

  Cost CostOf(const Snapshot&, const PriceTable&, const std::string&) const override {
    return Cost::Zero("fake");
  }
  Snapshot Parked(const Snapshot& running) const override {
    Snapshot p = running;
    if (p.exists) p.config["value"] = 0;
    return p;
  }

  // "fake:Set <name> <from> -> <to>" on chain <type>/<name>.
  Action MakeAction(const std::string& name, int from, int to) const {
    Action a;
    a.type = type_;
    a.names = {name};
    a.chain = type_ + "/" + name;
    a.api = "fake:Set";
    a.summary = "Set " + name + " " + std::to_string(from) + " -> " + std::to_string(to);
    a.params = {{"value", to}};
    return a;
  }

 private:
  FakeWorld& world_;
  std::string type_, selector_;
  TypeInfo info_;
  int stage_;
  bool describes_named_ = false;
  bool journal_ = false;
};

}  // namespace arm::testing
