// CloudWatch alarms (metric and composite): stop disables the actions of the
// alarms that had them enabled, 100 names per call; start re-enables only
// those. An alarm that was already disabled stays disabled. Disabling actions
// saves no money (AWS bills alarms either way); it silences pages overnight.
// Stop disables them first (no alarm storm while parking) and, at the end,
// re-enables those whose resource was not parked after all; an alarm whose
// resource is already known not to be parked (its describe failed, its type
// could not be listed, planning refused it) is left enabled. Start re-enables
// them last, and holds back every alarm whose metric dimensions name a
// resource that did not come back. A composite alarm follows the alarms its
// rule names: held back when one of them is.
#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <set>

#include "core/parallel.h"
#include "resources/capabilities.h"
#include "resources/types.h"
#include "services/client_set.h"
#include "services/cloudwatch_client.h"

namespace arm {
namespace {

constexpr char kType[] = "cloudwatch-alarm";

const TypeInfo kInfo = {
    .id = kType,
    .selector = "cloudwatch",
    .names_key = {},
    .prefix_key = "CLOUDWATCH_ALARM_PREFIX",
    .flag_keys = {},
    .price_keys = {"cloudwatch-standard-alarm-month", "cloudwatch-high-resolution-alarm-month",
                   "cloudwatch-composite-alarm-month"},
    .arn = {"cloudwatch", "alarm:", ""},
    .tagging_type = "cloudwatch:alarm",
    .stop_stage = 0,
    .parked = "CloudWatch alarm actions off",
};

constexpr char kAlarmCostNote[] =
    "CloudWatch bills an alarm whether its actions are enabled or not: disabling actions saves "
    "nothing";
constexpr size_t kBatch = 100;  // DisableAlarmActions/EnableAlarmActions limit

class CloudWatchAlarmType final : public ResourceType, public Watcher {
 public:
  explicit CloudWatchAlarmType(CloudWatchClient& cw) : cw_(cw) {}
  const TypeInfo& info() const override { return kInfo; }
  std::vector<Permission> Permissions() const override {
    const std::vector<std::string> alarm = {
        "arn:{partition}:cloudwatch:{region}:{account}:alarm:{name}"};
    return {{"cloudwatch:DescribeAlarms", "discover"},
            {"cloudwatch:DisableAlarmActions", "stop", alarm},
            {"cloudwatch:EnableAlarmActions", "start", alarm}};
  }

  Result<std::vector<Snapshot>> Discover(const TypeSelection& selection) override {
    std::map<std::string, Alarm> found;
    // --resource narrows: the named alarms are described by name, not by
    // listing the whole prefix.
    if (selection.only_names.empty() && !selection.name_prefix.empty() && !selection.skip_listing) {
      DescribeAlarmsRequest req;
      req.name_prefix = selection.name_prefix;
      auto alarms = cw_.DescribeAlarms(req);
      if (!alarms.ok()) return alarms.status().WithContext("describe CloudWatch alarms");
      for (auto& a : *alarms) found[a.name] = a;
    }
    // Alarms that must show up as missing when AWS does not return them.
    std::set<std::string> named;
    for (const auto* set :
         {&selection.explicit_names, &selection.tagged_names, &selection.saved_names})
      for (const auto& n : *set)
        if (set == &selection.saved_names || selection.Selects(n)) named.insert(n);
    std::set<std::string> lookup = named;
    if (!selection.only_names.empty() && !selection.name_prefix.empty())
      for (const auto& n : selection.only_names)
        if (selection.Selects(n)) lookup.insert(n);
    std::vector<std::string> missing;
    for (const auto& n : lookup) {
      if (!found.count(n)) missing.push_back(n);
    }
    // By name, 100 names per call, the calls side by side (they do not depend
    // on each other as a prefix listing's pages do).
    const size_t chunks = (missing.size() + kBatch - 1) / kBatch;
    std::vector<std::optional<Result<std::vector<Alarm>>>> parts(chunks);
    ParallelFor(chunks, std::max(1, selection.parallelism), [&](size_t i) {
      DescribeAlarmsRequest req;
      req.names.assign(missing.begin() + static_cast<std::ptrdiff_t>(i * kBatch),
                       missing.begin() +
                           static_cast<std::ptrdiff_t>(std::min(missing.size(), (i + 1) * kBatch)));
      if (selection.slots != nullptr) selection.slots->Acquire();
      parts[i].emplace(cw_.DescribeAlarms(req));
      if (selection.slots != nullptr) selection.slots->Release();
    });
    for (auto& part : parts) {
      if (!(*part).ok()) return (*part).status().WithContext("describe CloudWatch alarms");
      for (auto& a : (*part).value()) found[a.name] = std::move(a);
    }
    std::vector<Snapshot> out;
    for (const auto& [name, a] : found) {
      if (!selection.Selects(name) && !selection.saved_names.count(name)) continue;
      Snapshot s;
      s.type = kType;
      s.name = name;
      s.config = {{"actions_enabled", a.actions_enabled}};
      s.details = {
          {"composite", a.composite},     {"state", a.state_value},  {"arn", a.arn},
          {"period", a.period},           {"metric", a.metric_name}, {"namespace", a.namespace_},
          {"watches", a.dimension_values}};
      if (a.composite) s.details["rule_names"] = a.rule_names;
      out.push_back(std::move(s));
    }
    for (const auto& n : named) {
      if (found.count(n)) continue;
      Snapshot s;
      s.type = kType;
      s.name = n;
      s.exists = false;
      out.push_back(std::move(s));
    }
    return out;
  }

  Condition Classify(const Snapshot& cur, const nlohmann::json* original) const override {
    if (!cur.exists) return Condition::kMissing;
    bool enabled = cur.config.value("actions_enabled", false);
    if (original != nullptr && !original->is_null()) {
      bool was = original->value("actions_enabled", false);
      if (enabled == was) return Condition::kRunning;
      return enabled ? Condition::kDrifted : Condition::kStopped;
    }
    return enabled ? Condition::kRunning : Condition::kStopped;
  }

  PlanOutput PlanStop(const std::vector<PlanTarget>& targets) const override {
    std::vector<std::string> names;
    Links links;
    PlanOutput out;
    for (const auto& t : targets) {
      if (!t.current->exists) {
        out.notes.push_back(
            {kType, t.current->name, Severity::kError, "alarm no longer exists; nothing to stop"});
        continue;
      }
      if (t.current->config.value("actions_enabled", false)) {
        names.push_back(t.current->name);
        links.Add(*t.current);
      }
    }
    Batch(names, false, "DisableAlarmActions", "batch", links, out);
    return out;
  }

  PlanOutput PlanStart(const std::vector<PlanTarget>& targets) const override {
    std::vector<std::string> names;
    Links links;
    PlanOutput out;
    for (const auto& t : targets) {
      if (!t.current->exists) {
        out.notes.push_back({kType, t.current->name, Severity::kError,
                             "alarm no longer exists; cannot re-enable its actions"});
        continue;
      }
      if (t.original.value("actions_enabled", false) &&
          !t.current->config.value("actions_enabled", false)) {
        names.push_back(t.current->name);
        links.Add(*t.current);
      }
    }
    Batch(names, true, "EnableAlarmActions", "batch", links, out);
    return out;
  }

  const Watcher* watcher() const override { return this; }
  std::vector<Action> HoldBack(std::vector<Action> planned,
                               const std::function<std::string(const std::string&)>& why,
                               std::vector<PlanNote>* held) const override {
    if (planned.empty()) return planned;
    const bool enable = planned.front().params.value("enable", false);
    Links links = Links::Of(planned);
    std::map<std::string, std::string> reason;  // alarm -> why it is held
    // Held because of what a stop leaves running on purpose (a table, an
    // exempt resource): a note, not a failure; a composite inherits it.
    std::set<std::string> by_policy;
    auto policy = [](const std::string& y) {
      return y.find(std::string(kLeftRunning)) != std::string::npos;
    };
    for (const auto& name : links.names) {
      for (const auto& v : links.watches.value(name, nlohmann::json::array())) {
        if (!v.is_string()) continue;
        std::string y = why(v.get<std::string>());
        if (y.empty()) continue;
        reason[name] = "the alarm watches " + v.get<std::string>() + ", which " + y;
        if (policy(y)) by_policy.insert(name);
        break;
      }
    }
    // A composite moves with the alarms its rule names, at any depth: never
    // re-armed while one of them stays disabled, never muted while one of
    // them is left on.
    for (bool changed = true; changed;) {
      changed = false;
      for (const auto& name : links.names) {
        if (reason.count(name)) continue;
        for (const auto& c : links.rules.value(name, nlohmann::json::array())) {
          if (!c.is_string()) continue;
          const std::string child = c.get<std::string>();
          std::string because;
          bool on_purpose = false;
          if (reason.count(child)) {
            because = "its rule names " + child + ", whose actions are left " +
                      (enable ? "disabled" : "enabled");
            on_purpose = by_policy.count(child) > 0;
          } else if (std::string y = why(child); !y.empty()) {
            because = "its rule names " + child + ", which " + y;
            on_purpose = policy(y);
          }
          if (because.empty()) continue;
          reason[name] = because;
          if (on_purpose) by_policy.insert(name);
          changed = true;
          break;
        }
      }
    }
    if (reason.empty()) return planned;
    std::vector<std::string> keep;
    for (const auto& name : links.names) {
      auto it = reason.find(name);
      if (it == reason.end()) {
        keep.push_back(name);
        continue;
      }
      // What a stop leaves running on purpose (a table, an on-demand
      // stream) keeps its alarms: a note, not a failure.
      held->push_back({kType, name, by_policy.count(name) ? Severity::kInfo : Severity::kHeld,
                       enable ? "actions left disabled: " + it->second +
                                    "; run `aws-resource-manager start` again once it is back"
                              : "actions left enabled: " + it->second});
    }
    PlanOutput out;
    Batch(keep, enable, enable ? "EnableAlarmActions" : "DisableAlarmActions", "batch", links, out);
    return out.actions;
  }

  std::vector<Action> Revert(const std::vector<Action>& done,
                             const std::set<std::string>& names) const override {
    Links links = Links::Of(done);
    std::vector<std::string> undo;
    for (const auto& n : links.names)
      if (names.count(n)) undo.push_back(n);
    PlanOutput out;
    Batch(undo, true, "EnableAlarmActions again", "revert", links, out);
    return out.actions;
  }

  Status Apply(const Action& a, const ApplyOptions&) override {
    if (a.params.at("enable").get<bool>()) return cw_.EnableAlarmActions(a.names);
    return cw_.DisableAlarmActions(a.names);
  }

  Status CheckOriginal(const nlohmann::json& original) const override {
    auto it = original.find("actions_enabled");
    if (it == original.end() || !it->is_boolean())
      return Status::InvalidArgument("actions_enabled: expected true or false, got " +
                                     (it == original.end() ? std::string("nothing") : it->dump()));
    return Status::Ok();
  }

  std::string Verify(const Snapshot& cur, const nlohmann::json& original) const override {
    if (!cur.exists) return "alarm is missing";
    bool want = original.value("actions_enabled", false),
         have = cur.config.value("actions_enabled", false);
    if (want != have)
      return std::string("actions are ") + (have ? "enabled" : "disabled") + ", expected " +
             (want ? "enabled" : "disabled");
    return "";
  }

  Cost CostOf(const Snapshot& s, const PriceTable& prices,
              const std::string& region) const override {
    if (!s.exists) return Cost::Zero("alarm does not exist");
    // The same whether actions are enabled or not. Alarms with a period
    // under 60 s are high-resolution.
    int period = s.details.value("period", 60);
    const char* kind = s.details.value("composite", false) ? "composite"
                       : period > 0 && period < 60         ? "high-resolution"
                                                           : "standard";
    return PricedCost(prices, region, std::string("cloudwatch-") + kind + "-alarm-month",
                      std::string(kind) + " alarm", 1,
                      std::string("CloudWatch ") + kind + " alarm-month");
  }

  std::string StatusText(const Snapshot& s, const nlohmann::json&) const override {
    if (!s.exists) return "";
    return std::string(s.details.value("composite", false) ? "composite, " : "") + "actions " +
           (s.config.value("actions_enabled", false) ? "enabled" : "disabled");
  }
  Tip StatusTip(const Snapshot&, Condition state) const override {
    if (state != Condition::kStopped) return {};
    return {kAlarmCostNote, false};
  }
  Snapshot Parked(const Snapshot& running) const override {
    Snapshot p = running;
    p.config["actions_enabled"] = false;
    return p;
  }

 private:
  // What the alarms of a batch depend on, kept on its actions for HoldBack
  // and Revert: alarm -> the dimension values it watches, composite alarm
  // -> the alarms its rule names.
  struct Links {
    std::vector<std::string> names;  // in action order
    nlohmann::json watches = nlohmann::json::object();
    nlohmann::json rules = nlohmann::json::object();
    void Add(const Snapshot& s) {
      watches[s.name] = s.details.value("watches", nlohmann::json::array());
      if (auto r = s.details.value("rule_names", nlohmann::json::array()); !r.empty())
        rules[s.name] = r;
    }
    static Links Of(const std::vector<Action>& actions) {
      Links l;
      for (const auto& a : actions) {
        const auto& w = a.params.value("watches", nlohmann::json::object());
        const auto& r = a.params.value("rule_names", nlohmann::json::object());
        for (const auto& n : a.names) {
          l.names.push_back(n);
          l.watches[n] = w.value(n, nlohmann::json::array());
          if (r.contains(n)) l.rules[n] = r[n];
        }
      }
      return l;
    }
  };

  // Actions of at most kBatch alarms each; chains "cloudwatch-alarm/<chain>-N".
  static void Batch(std::vector<std::string> names, bool enable, const std::string& verb,
                    const std::string& chain, const Links& links, PlanOutput& out) {
    std::sort(names.begin(), names.end());
    for (size_t i = 0; i < names.size(); i += kBatch) {
      Action a;
      a.type = kType;
      a.names.assign(names.begin() + static_cast<long>(i),
                     names.begin() + static_cast<long>(std::min(names.size(), i + kBatch)));
      a.chain = std::string(kType) + "/" + chain + "-" + std::to_string(i / kBatch);
      a.api = enable ? "cloudwatch:EnableAlarmActions" : "cloudwatch:DisableAlarmActions";
      a.summary = verb + " for " + std::to_string(a.names.size()) + " alarm" +
                  (a.names.size() == 1 ? "" : "s");
      if (a.names.size() <= 3) {
        a.summary += ":";
        for (const auto& n : a.names) a.summary += " " + n;
      }
      a.params = {{"enable", enable}, {"watches", nlohmann::json::object()}};
      for (const auto& n : a.names) {
        a.params["watches"][n] = links.watches.value(n, nlohmann::json::array());
        if (links.rules.contains(n)) a.params["rule_names"][n] = links.rules[n];
      }
      out.actions.push_back(std::move(a));
    }
  }

  CloudWatchClient& cw_;
};

}  // namespace

std::unique_ptr<ResourceType> MakeCloudWatchAlarmType(CloudWatchClient& cw) {
  return std::make_unique<CloudWatchAlarmType>(cw);
}

TypeEntry CloudWatchAlarmEntry() {
  return {&kInfo, [](const TypeContext& c) {
            return MakeCloudWatchAlarmType(c.clients.Get<CloudWatchClient>());
          }};
}

}  // namespace arm
