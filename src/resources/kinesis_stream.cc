// Kinesis streams: stop scales a provisioned stream down to one shard, halving
// step by step (AWS allows at most halving or doubling per call); start scales
// back up, doubling step by step, to the recorded shard count. Each call
// counts against AWS's 10 per stream per rolling 24 h
// (resources/kinesis_budget.h): a stop that would run out of calls half way is
// refused, a start doubles as far as the calls left allow. With
// KINESIS_ON_DEMAND_TO_PROVISIONED, an on-demand stream is switched to
// provisioned and scaled down to one shard at stop, and switched back to
// on-demand at start; AWS allows two such switches per stream per rolling 24 h,
// so each plan checks that budget first.
#include <algorithm>

#include "resources/capabilities.h"
#include "resources/kinesis_budget.h"
#include "resources/types.h"
#include "resources/wait.h"
#include "services/client_set.h"
#include "services/kinesis_client.h"
#include "state/state_file.h"

namespace arm {
namespace {

constexpr char kType[] = "kinesis-stream";
constexpr char kOnDemandKey[] = "KINESIS_ON_DEMAND_TO_PROVISIONED";

const TypeInfo kInfo = {
    .id = kType,
    .selector = "kinesis",
    .names_key = "KINESIS_STREAMS",
    .prefix_key = {},
    .flag_keys = {kOnDemandKey},
    .price_keys = {"kinesis-shard-hour", "kinesis-on-demand-stream-hour"},
    .arn = {"kinesis", "stream/", ""},
    .tagging_type = "kinesis:stream",
    .stop_stage = 2,
    .parked = "Kinesis streams at 1 shard",
};
constexpr int kInUseRetries = 5;  // UpdateShardCount answered ResourceInUseException

// The shard counts visited from `from` to `to`, each one legal for one call.
std::vector<int> ScalingSteps(int from, int to) {
  std::vector<int> steps;
  int c = from;
  while (c > to) {
    c = std::max(to, (c + 1) / 2);
    steps.push_back(c);
  }
  while (c < to) {
    c = std::min(to, c * 2);
    steps.push_back(c);
  }
  return steps;
}

std::string Shards(int n) { return std::to_string(n) + (n == 1 ? " shard" : " shards"); }

std::string Needs(int from, int to, size_t needed, int left) {
  return "scaling " + std::to_string(from) + " -> " + std::to_string(to) + " needs " +
         std::to_string(needed) + " UpdateShardCount call" + (needed == 1 ? "" : "s") + ", " +
         std::to_string(left) + " left in AWS's rolling 24 h (" +
         std::to_string(kKinesisScalingCallsPerDay) + " per stream)";
}

std::string After(const std::optional<TimePoint>& when) {
  return when ? "after " + FormatRetryTime(*when)
              : "once a day (more calls than AWS allows in 24 h)";
}

bool OnDemand(const nlohmann::json& config) {
  return config.value("mode", "PROVISIONED") == "ON_DEMAND";
}

std::string Switches(int n) { return std::to_string(n) + " mode switch" + (n == 1 ? "" : "es"); }

class KinesisStreamType final : public ResourceType, public StageReservations {
 public:
  KinesisStreamType(KinesisClient& kinesis, Clock& clock, bool on_demand_to_provisioned)
      : kinesis_(kinesis), clock_(clock), on_demand_to_provisioned_(on_demand_to_provisioned) {}
  const TypeInfo& info() const override { return kInfo; }
  std::vector<Permission> Permissions() const override {
    const std::vector<std::string> stream = {
        "arn:{partition}:kinesis:{region}:{account}:stream/{name}"};
    std::vector<Permission> out = {{"kinesis:ListStreams", "discover"},
                                   {"kinesis:DescribeStreamSummary", "discover"},
                                   {"kinesis:UpdateShardCount", "stop", stream},
                                   {"kinesis:UpdateShardCount", "start", stream}};
    if (on_demand_to_provisioned_) {
      out.emplace_back("kinesis:UpdateStreamMode", "stop", stream);
      out.emplace_back("kinesis:UpdateStreamMode", "start", stream);
    }
    return out;
  }

  Result<std::vector<Snapshot>> Discover(const TypeSelection& selection) override {
    Result<std::vector<std::string>> names = std::vector<std::string>();
    if (!selection.skip_listing) names = kinesis_.ListStreams();
    if (!names.ok()) return names.status().WithContext("list Kinesis streams");
    std::set<std::string> wanted;
    for (const auto& n : *names) {
      if (selection.Selects(n)) wanted.insert(n);
    }
    for (const auto& n : selection.saved_names) wanted.insert(n);
    return DescribeEach(wanted, selection, [&](const std::string& name) -> Result<Snapshot> {
      auto s = kinesis_.DescribeStreamSummary(name);
      Snapshot snap;
      snap.type = kType;
      snap.name = name;
      if (!s.ok()) {
        if (!s.status().IsNotFound())
          return s.status().WithContext("describe Kinesis stream " + name);
        snap.exists = false;
        return snap;
      }
      snap.transitioning = s->status != "ACTIVE";
      snap.config = {{"shard_count", s->open_shard_count}, {"mode", s->mode}};
      snap.details = {
          {"status", s->status}, {"arn", s->arn}, {"retention_hours", s->retention_hours}};
      return snap;
    });
  }

  Condition Classify(const Snapshot& cur, const nlohmann::json* original) const override {
    if (!cur.exists) return Condition::kMissing;
    if (cur.transitioning) return Condition::kTransitioning;
    int shards = cur.config.value("shard_count", 0);
    if (original == nullptr || original->is_null()) return Condition::kRunning;
    if (OnDemand(*original)) {
      if (OnDemand(cur.config)) return Condition::kRunning;
      return shards == 1 ? Condition::kStopped : Condition::kDrifted;
    }
    if (shards == original->value("shard_count", 0)) return Condition::kRunning;
    if (shards == 1) return Condition::kStopped;
    return Condition::kDrifted;
  }

  PlanOutput PlanStop(const std::vector<PlanTarget>& targets) const override {
    PlanOutput out;
    for (const auto& t : targets) {
      const Snapshot& cur = *t.current;
      if (!cur.exists) {
        out.notes.push_back(
            {kType, cur.name, Severity::kError, "stream no longer exists; nothing to stop"});
        continue;
      }
      if (OnDemand(cur.config)) {
        if (!on_demand_to_provisioned_) {
          out.notes.push_back({kType, cur.name, Severity::kInfo,
                               "on-demand stream: left as it is "
                               "(KINESIS_ON_DEMAND_TO_PROVISIONED=true parks it at "
                               "one provisioned shard)"});
          continue;
        }
        PlanStopOnDemand(t, out);
        continue;
      }
      PlanStopWithinBudget(t, out, !OnDemand(t.original));
    }
    return out;
  }

  PlanOutput PlanStart(const std::vector<PlanTarget>& targets) const override {
    PlanOutput out;
    for (const auto& t : targets) {
      const Snapshot& cur = *t.current;
      int want = t.original.value("shard_count", 0);
      if (!cur.exists) {
        out.notes.push_back({kType, cur.name, Severity::kError,
                             "stream no longer exists; it had " + std::to_string(want) +
                                 " shards (recreate it, then run start again)"});
        continue;
      }
      if (cur.config.value("mode", "PROVISIONED") == "ON_DEMAND") {
        if (t.original.value("mode", "PROVISIONED") != "ON_DEMAND") {
          out.notes.push_back({kType, cur.name, Severity::kError,
                               "stream was switched to ON_DEMAND since the stop (drift)"});
        }
        continue;
      }
      int have = cur.config.value("shard_count", 1);
      if (OnDemand(t.original)) {
        PlanStartOnDemand(t, out);
        continue;
      }
      if (t.saved_status == kStatusStopped && have != 1 && have != want) {
        out.notes.push_back({kType, cur.name, Severity::kWarning,
                             "drift: the stream has " + std::to_string(have) +
                                 " shards, not the 1 it was parked at (changed "
                                 "since the stop); restoring the "
                                 "recorded " +
                                 std::to_string(want)});
      }
      if (want > 0) PlanStartWithinBudget(t, have, want, out);
    }
    return out;
  }

  Status Apply(const Action& a, const ApplyOptions& options) override {
    const std::string name = a.names.at(0);
    if (a.api == "kinesis:UpdateStreamMode") return SwitchMode(name, a.params, options);
    int target = a.params.at("target").get<int>();
    int current = 0;
    ARM_RETURN_IF_ERROR(WaitActive(name, options, &current));
    if (current == target) return Status::Ok();  // already there (a rerun after a crash)
    // Recorded before the call (in memory; the stage's reservation is what
    // is on disk): a call that then fails is over-counted, which is the safe
    // side of the budget. Retries after ResourceInUseException are not
    // recorded: AWS refused those.
    if (options.journal) {
      TimePoint at = clock_.Now();
      ARM_RETURN_IF_ERROR(options
                              .journal(name,
                                       [&](nlohmann::json& extra) {
                                         RecordScalingCall(extra, at);
                                         ConsumeScalingReservation(extra);
                                       })
                              .WithContext("record the UpdateShardCount call"));
    }
    Status s = kinesis_.UpdateShardCount(name, target);
    // The stream can turn busy between the describe and the call (another
    // scaling, a tag or retention update): wait for ACTIVE and ask again.
    for (int retry = 0; s.IsAws("ResourceInUseException") && retry < kInUseRetries; ++retry) {
      ARM_RETURN_IF_ERROR(WaitActive(name, options, &current));
      if (current == target) return Status::Ok();
      s = kinesis_.UpdateShardCount(name, target);
    }
    if (!s.ok()) return s;
    return WaitActive(name, options, nullptr);
  }

  Status CheckOriginal(const nlohmann::json& original) const override {
    auto it = original.find("shard_count");
    if (it == original.end() || !it->is_number_integer() || it->get<int64_t>() < 1 ||
        it->get<int64_t>() > 100000)
      return Status::InvalidArgument("shard_count: expected a whole number from 1, got " +
                                     (it == original.end() ? std::string("nothing") : it->dump()));
    auto mode = original.find("mode");
    if (mode != original.end() && !mode->is_string())
      return Status::InvalidArgument("mode: expected PROVISIONED or ON_DEMAND, got " +
                                     mode->dump());
    return Status::Ok();
  }

  Status CheckExtra(const nlohmann::json& extra) const override { return CheckScalingCalls(extra); }

  // Each call waits (up to the wait timeout) for the stream to be ACTIVE
  // first: the last of n calls is made by n x (timeout + 60 s) from the time
  // the stream's chain starts, which is at most ceil(actions ahead / workers)
  // such steps after now (every action in the stage is an UpdateShardCount).
  const StageReservations* stage_reservations() const override { return this; }
  bool ReserveBeforeStage(const std::vector<const Action*>& actions, nlohmann::json& extra,
                          TimePoint now, const ApplyOptions& options,
                          const StageQueue& queue) const override {
    int calls = 0, switches = 0;
    for (const Action* a : actions) {
      calls += a->api == "kinesis:UpdateShardCount" ? 1 : 0;
      switches += a->api == "kinesis:UpdateStreamMode" ? 1 : 0;
    }
    if (calls + switches == 0) return false;
    const int workers = std::max(queue.workers, 1);
    const int ahead = (std::max(queue.actions_ahead, 0) + workers - 1) / workers;
    auto per_call = std::chrono::seconds(options.wait_timeout_seconds) + std::chrono::seconds(60);
    TimePoint until = now + (ahead + calls + switches) * per_call;
    // A switch counts from the latest time it can be made, recorded before
    // it is: one that then fails is over-counted, the safe side.
    for (int i = 0; i < switches; ++i) RecordModeSwitch(extra, until, now);
    if (calls == 0) return true;
    SettleScalingReservations(extra, now);  // left by a run that died mid-stage
    ReserveScalingCalls(extra, calls, now, until);
    return true;
  }
  bool ReleaseAfterStage(nlohmann::json& extra) const override {
    return DropScalingReservations(extra);
  }

  std::string Verify(const Snapshot& cur, const nlohmann::json& original) const override {
    if (!cur.exists) return "stream is missing";
    if (OnDemand(original)) return OnDemand(cur.config) ? "" : "is provisioned, expected on-demand";
    int want = original.value("shard_count", 0), have = cur.config.value("shard_count", 0);
    if (want != have)
      return "has " + std::to_string(have) + " shards, expected " + std::to_string(want);
    return "";
  }

  Cost CostOf(const Snapshot& s, const PriceTable& prices,
              const std::string& region) const override {
    if (!s.exists) return Cost::Zero("stream does not exist");
    // On-demand: the stream-hour (data is billed per use and not counted).
    if (OnDemand(s.config)) {
      Cost c = PricedCost(prices, region, "kinesis-on-demand-stream-hour", "on-demand stream", 1,
                          "Kinesis on-demand stream-hour");
      if (c.known) c.notes.push_back("data in and out is billed per GB and not counted");
      return c;
    }
    int shards = s.config.value("shard_count", 0);
    if (shards <= 0) return Cost::Zero("no open shards");
    return PricedCost(prices, region, "kinesis-shard-hour", "provisioned shard", shards,
                      "Kinesis shard-hour");
  }

  std::string StatusText(const Snapshot& s, const nlohmann::json& original) const override {
    if (!s.exists) return "";
    const nlohmann::json& c = s.config;
    std::string out = OnDemand(c) ? "on-demand" : Shards(c.value("shard_count", 0));
    if (!original.is_null() && OnDemand(original) && !OnDemand(c))
      out += " (was on-demand)";
    else if (!original.is_null() && original.value("shard_count", 0) != c.value("shard_count", 0))
      out += " (was " + std::to_string(original.value("shard_count", 0)) + ")";
    return out;
  }
  std::string FixHint(std::string_view aws_code, std::string_view) const override {
    if (aws_code == "LimitExceededException")
      return "Kinesis allows at most 10 scaling operations per stream in 24 hours; try again "
             "later";
    return "";
  }
  Snapshot Parked(const Snapshot& running) const override {
    Snapshot p = running;
    if (OnDemand(p.config) && !on_demand_to_provisioned_) return p;
    p.config["mode"] = "PROVISIONED";
    p.config["shard_count"] = 1;
    return p;
  }

 private:
  // Stop: all the way down to one shard, or not at all (a stop cut off half
  // way would leave the stream at neither count). Warns when the start that
  // restores it would run short of calls.
  // `restore_by_scaling`: start doubles back to the recorded count (false for
  // an on-demand stream, which start switches back to on-demand instead).
  void PlanStopWithinBudget(const PlanTarget& t, PlanOutput& out, bool restore_by_scaling) const {
    const Snapshot& cur = *t.current;
    int from = cur.config.value("shard_count", 1);
    size_t needed = ScalingSteps(from, 1).size();
    std::vector<TimePoint> recent = RecentScalingCalls(t.extra, t.now);
    int left = ScalingCallsLeft(recent);
    if (needed > static_cast<size_t>(kKinesisScalingCallsPerDay)) {
      out.notes.push_back({kType, cur.name, Severity::kError,
                           Needs(from, 1, needed, left) +
                               ": more than AWS allows in 24 h; left at " + Shards(from) +
                               "; scale it down part of the way by hand first"});
      return;
    }
    if (needed > static_cast<size_t>(left)) {
      out.notes.push_back(
          {kType, cur.name, Severity::kError,
           Needs(from, 1, needed, left) + "; left at " + Shards(from) + "; try again " +
               After(WhenScalingCallsFit(recent, 0, static_cast<int>(needed), t.now))});
      return;
    }
    if (needed == 0) return;
    AddSteps(cur, from, 1, out);
    if (!restore_by_scaling) return;
    int want = t.original.value("shard_count", from);
    std::vector<int> back = ScalingSteps(1, want);
    auto when =
        WhenScalingCallsFit(recent, static_cast<int>(needed), static_cast<int>(back.size()), t.now);
    if (when && *when <= t.now) return;
    int after_stop = left - static_cast<int>(needed);
    out.notes.push_back(
        {kType, cur.name, Severity::kWarning,
         "the start that restores " + Shards(want) + " needs " + std::to_string(back.size()) +
             " UpdateShardCount calls and this stop uses " + std::to_string(needed) + " of AWS's " +
             std::to_string(kKinesisScalingCallsPerDay) +
             " per stream in a rolling 24 h: a start before " +
             (when ? FormatRetryTime(*when) : "a day has passed") +
             " cannot restore it in one go (it doubles to " +
             Shards(after_stop > 0 ? back[static_cast<size_t>(after_stop) - 1] : 1) +
             " and the next start finishes)"});
  }

  // Start: as far as the calls left allow. A stream at 2^k shards serves
  // more than one at 1 while the rest waits for the window; the entry stays
  // `starting` (verification reports the difference) and the next start
  // continues from where this one stopped.
  void PlanStartWithinBudget(const PlanTarget& t, int have, int want, PlanOutput& out) const {
    const Snapshot& cur = *t.current;
    std::vector<int> steps = ScalingSteps(have, want);
    std::vector<TimePoint> recent = RecentScalingCalls(t.extra, t.now);
    int left = ScalingCallsLeft(recent);
    if (steps.size() <= static_cast<size_t>(left)) {
      AddSteps(cur, have, want, out);
      return;
    }
    if (left == 0) {
      out.notes.push_back({kType, cur.name, Severity::kError,
                           Needs(have, want, steps.size(), left) + "; left at " + Shards(have) +
                               "; try again " + After(WhenScalingCallsFit(recent, 0, 1, t.now))});
      return;
    }
    int reach = steps[static_cast<size_t>(left) - 1];
    int rest = static_cast<int>(steps.size()) - left;
    AddSteps(cur, have, reach, out);
    out.notes.push_back({kType, cur.name, Severity::kWarning,
                         Needs(have, want, steps.size(), left) + "; scaling to " + Shards(reach) +
                             " now; run start again " +
                             After(WhenScalingCallsFit(
                                 recent, left, std::min(rest, kKinesisScalingCallsPerDay), t.now)) +
                             " to reach " + std::to_string(want)});
  }

  // Stop of an on-demand stream: switch to provisioned (it keeps its open
  // shards), then halve down to one shard. Refused whole when either budget
  // cannot carry it; warns when the start would find no switch left.
  void PlanStopOnDemand(const PlanTarget& t, PlanOutput& out) const {
    const Snapshot& cur = *t.current;
    std::vector<TimePoint> recent = RecentModeSwitches(t.extra, t.now);
    int left = ModeSwitchesLeft(recent);
    if (left == 0) {
      out.notes.push_back({kType, cur.name, Severity::kError,
                           "on-demand stream: AWS allows " + Switches(kKinesisModeSwitchesPerDay) +
                               " per stream in a rolling 24 h and both were used; left "
                               "on-demand; try again " +
                               After(WhenModeSwitchesFit(recent, 0, 1, t.now))});
      return;
    }
    PlanOutput steps;
    PlanStopWithinBudget(t, steps, false);
    for (const auto& n : steps.notes) {
      if (n.severity == Severity::kError) {
        out.notes.push_back(
            {n.type, n.name, n.severity, "on-demand stream left on-demand: " + n.message});
        return;
      }
    }
    out.actions.push_back(ModeAction(cur, "ON_DEMAND", "PROVISIONED"));
    for (auto& a : steps.actions) out.actions.push_back(std::move(a));
    for (auto& n : steps.notes) out.notes.push_back(std::move(n));
    auto back = WhenModeSwitchesFit(recent, 1, 1, t.now);
    if (back && *back > t.now) {
      out.notes.push_back({kType, cur.name, Severity::kWarning,
                           "this stop uses the last of AWS's " +
                               Switches(kKinesisModeSwitchesPerDay) +
                               " per stream in a rolling 24 h: a start before " +
                               FormatRetryTime(*back) + " cannot make it on-demand again"});
    }
  }

  // Start of a stream parked from on-demand: one switch back to on-demand
  // (AWS then scales it), or an error note until a switch is free again.
  void PlanStartOnDemand(const PlanTarget& t, PlanOutput& out) const {
    const Snapshot& cur = *t.current;
    std::vector<TimePoint> recent = RecentModeSwitches(t.extra, t.now);
    if (ModeSwitchesLeft(recent) == 0) {
      out.notes.push_back(
          {kType, cur.name, Severity::kError,
           "parked from on-demand, but AWS's " + Switches(kKinesisModeSwitchesPerDay) +
               " per stream in a rolling 24 h are used; left at " +
               Shards(cur.config.value("shard_count", 1)) + " provisioned; run start again " +
               After(WhenModeSwitchesFit(recent, 0, 1, t.now))});
      return;
    }
    out.actions.push_back(ModeAction(cur, "PROVISIONED", "ON_DEMAND"));
  }

  static Action ModeAction(const Snapshot& cur, const std::string& from, const std::string& to) {
    return ResourceAction(kType, cur.name, "kinesis:UpdateStreamMode",
                          "UpdateStreamMode " + cur.name + " " + from + " -> " + to,
                          {{"mode", to}, {"arn", cur.details.value("arn", "")}});
  }

  // Waits for ACTIVE, switches unless already there, waits for ACTIVE again.
  Status SwitchMode(const std::string& name, const nlohmann::json& params,
                    const ApplyOptions& options) {
    const std::string mode = params.at("mode").get<std::string>();
    ARM_RETURN_IF_ERROR(WaitActive(name, options, nullptr));
    auto s = kinesis_.DescribeStreamSummary(name);
    if (!s.ok()) return s.status();
    if (s->mode == mode) return Status::Ok();  // already there (a rerun after a crash)
    ARM_RETURN_IF_ERROR(kinesis_.UpdateStreamMode(s->arn, mode));
    return WaitActive(name, options, nullptr);
  }

  void AddSteps(const Snapshot& cur, int from, int to, PlanOutput& out) const {
    int prev = from;
    for (int step : ScalingSteps(from, to)) {
      out.actions.push_back(ResourceAction(kType, cur.name, "kinesis:UpdateShardCount",
                                           "UpdateShardCount " + cur.name + " " +
                                               std::to_string(prev) + " -> " +
                                               std::to_string(step) + " shards (UNIFORM_SCALING)",
                                           {{"from", prev}, {"target", step}}));
      prev = step;
    }
  }

  // Waits until the stream is ACTIVE; *shards receives its open shard count.
  Status WaitActive(const std::string& name, const ApplyOptions& options, int* shards) {
    const WaitSpec spec = WaitFor(options, "stream " + name + " to be ACTIVE",
                                  std::chrono::milliseconds(100), std::chrono::milliseconds(2000));
    return WaitUntil(
        clock_, spec,
        [&](std::string* text) -> Result<bool> {
          auto s = kinesis_.DescribeStreamSummary(name);
          if (!s.ok()) return s.status();
          if (shards != nullptr) *shards = s->open_shard_count;
          if (s->status != "ACTIVE") *text = "stream " + name + ": " + s->status;
          return s->status == "ACTIVE";
        },
        options.progress);
  }

  KinesisClient& kinesis_;
  Clock& clock_;
  const bool on_demand_to_provisioned_;
};

}  // namespace

std::unique_ptr<ResourceType> MakeKinesisStreamType(KinesisClient& kinesis, Clock& clock,
                                                    bool on_demand_to_provisioned) {
  return std::make_unique<KinesisStreamType>(kinesis, clock, on_demand_to_provisioned);
}

TypeEntry KinesisStreamEntry() {
  return {&kInfo, [](const TypeContext& c) {
            return MakeKinesisStreamType(c.clients.Get<KinesisClient>(), c.clock,
                                         c.config.TypeValue(kOnDemandKey).flag);
          }};
}

}  // namespace arm
