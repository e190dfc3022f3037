// Lambda functions: stop sets reserved concurrency to 0 (no invocation can
// run); start restores exactly what was recorded: the same reserved value, or
// no reservation at all when there was none.
#include <map>
#include <mutex>
#include <optional>
#include <set>

#include "resources/capabilities.h"
#include "resources/lambda_concurrency.h"
#include "resources/types.h"
#include "services/client_set.h"
#include "services/lambda_client.h"
#include "state/state_file.h"

namespace arm {
namespace {

constexpr char kType[] = "lambda-function";

const TypeInfo kInfo = {
    .id = kType,
    .selector = "lambda",
    .names_key = "LAMBDA_FUNCTIONS",
    .prefix_key = {},
    .flag_keys = {},
    .price_keys = {},
    .arn = {"lambda", "function:", ":"},
    .tagging_type = "lambda:function",
    .stop_stage = 1,
    .parked = "Lambda reserved concurrency 0",
};

nlohmann::json ConcurrencyJson(const std::optional<int>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

std::string Describe(const nlohmann::json& v) {
  return v.is_null() ? "no reservation" : std::to_string(v.get<int>());
}

class LambdaFunctionType final : public ResourceType, public StartLimits {
 public:
  explicit LambdaFunctionType(LambdaClient& lambda) : lambda_(lambda) {}
  const TypeInfo& info() const override { return kInfo; }
  std::vector<Permission> Permissions() const override {
    const std::vector<std::string> function = {
        "arn:{partition}:lambda:{region}:{account}:function:{name}"};
    return {{"lambda:ListFunctions", "discover"},
            {"lambda:GetFunctionConcurrency", "discover"},
            {"lambda:PutFunctionConcurrency", "stop", function},
            {"lambda:PutFunctionConcurrency", "start", function},
            {"lambda:DeleteFunctionConcurrency", "start", function},
            {"lambda:GetAccountSettings", "start"}};
  }

  Result<std::vector<Snapshot>> Discover(const TypeSelection& selection) override {
    // ListFunctions pages hold 50 functions: describe each page's functions
    // while the next page is fetched.
    std::mutex info_mu;
    std::map<std::string, FunctionInfo> info;
    auto produce = [&](const std::function<void(const std::string&)>& emit) -> Status {
      if (!selection.skip_listing) {
        Status listed = lambda_.ListFunctions([&](const std::vector<FunctionInfo>& page) {
          {
            std::lock_guard<std::mutex> lock(info_mu);
            for (const auto& f : page) info[f.name] = f;
          }
          for (const auto& f : page) {
            if (selection.Selects(f.name)) emit(f.name);
          }
        });
        if (!listed.ok()) return listed.WithContext("list Lambda functions");
      }
      for (const auto& n : selection.saved_names) emit(n);
      return Status::Ok();
    };
    return DescribeAsFound(selection, produce, [&](const std::string& name) -> Result<Snapshot> {
      Snapshot snap;
      snap.type = kType;
      snap.name = name;
      auto c = lambda_.GetFunctionConcurrency(name);
      if (!c.ok()) {
        if (!c.status().IsNotFound())
          return c.status().WithContext("get concurrency of Lambda function " + name);
        snap.exists = false;
        return snap;
      }
      snap.config = {{"reserved_concurrency", ConcurrencyJson(*c)}};
      std::lock_guard<std::mutex> lock(info_mu);
      auto it = info.find(name);
      if (it != info.end()) {
        snap.details = {{"arn", it->second.arn},
                        {"runtime", it->second.runtime},
                        {"memory_mb", it->second.memory_size}};
      }
      return snap;
    });
  }

  Condition Classify(const Snapshot& cur, const nlohmann::json* original) const override {
    if (!cur.exists) return Condition::kMissing;
    const auto& rc = cur.config.at("reserved_concurrency");
    if (original != nullptr && !original->is_null()) {
      if (rc == original->at("reserved_concurrency")) return Condition::kRunning;
      if (rc.is_number() && rc.get<int>() == 0) return Condition::kStopped;
      return Condition::kDrifted;
    }
    return rc.is_number() && rc.get<int>() == 0 ? Condition::kStopped : Condition::kRunning;
  }

  PlanOutput PlanStop(const std::vector<PlanTarget>& targets) const override {
    PlanOutput out;
    for (const auto& t : targets) {
      const Snapshot& cur = *t.current;
      if (!cur.exists) {
        out.notes.push_back(
            {kType, cur.name, Severity::kError, "function no longer exists; nothing to stop"});
        continue;
      }
      const auto& rc = cur.config.at("reserved_concurrency");
      if (rc.is_number() && rc.get<int>() == 0) continue;  // already parked
      out.actions.push_back(
          MakeAction(cur.name, "lambda:PutFunctionConcurrency",
                     "PutFunctionConcurrency " + cur.name + " " + Describe(rc) + " -> 0",
                     {{"reserved_concurrency", 0}}));
    }
    return out;
  }

  PlanOutput PlanStart(const std::vector<PlanTarget>& targets) const override {
    PlanOutput out;
    for (const auto& t : targets) {
      const Snapshot& cur = *t.current;
      if (!cur.exists) {
        out.notes.push_back({kType, cur.name, Severity::kError,
                             "function no longer exists; it had reserved concurrency " +
                                 Describe(t.original.at("reserved_concurrency"))});
        continue;
      }
      const auto& want = t.original.at("reserved_concurrency");
      const auto& have = cur.config.at("reserved_concurrency");
      if (want == have) continue;
      if (t.saved_status == kStatusStopped && have != 0) {
        out.notes.push_back(
            {kType, cur.name, Severity::kWarning,
             "drift: reserved concurrency is " + Describe(have) +
                 ", not the 0 it was parked at (changed since the stop); restoring the recorded " +
                 Describe(want)});
      }
      if (want.is_null()) {
        out.actions.push_back(MakeAction(
            cur.name, "lambda:DeleteFunctionConcurrency",
            "DeleteFunctionConcurrency " + cur.name + " " + Describe(have) + " -> no reservation",
            {{"reserved_concurrency", nullptr}}));
      } else {
        out.actions.push_back(MakeAction(
            cur.name, "lambda:PutFunctionConcurrency",
            "PutFunctionConcurrency " + cur.name + " " + Describe(have) + " -> " + Describe(want),
            {{"reserved_concurrency", want}}));
      }
    }
    return out;
  }

  // One GetAccountSettings, only when a restore reserves concurrency.
  const StartLimits* start_limits() const override { return this; }
  Result<nlohmann::json> StartFacts(const std::vector<Action>& planned) const override {
    bool reserves = false;
    for (const auto& a : planned) {
      const auto& v = a.params.at("reserved_concurrency");
      reserves = reserves || (v.is_number() && v.get<int>() > 0);
    }
    if (!reserves) return nlohmann::json();
    auto settings = lambda_.GetAccountSettings();
    if (!settings.ok()) return settings.status();
    return nlohmann::json{
        {"concurrent_executions", settings->concurrent_executions},
        {"unreserved_concurrent_executions", settings->unreserved_concurrent_executions},
        {"unreserved_minimum", kLambdaUnreservedMinimum}};
  }

  void FitStart(const std::vector<PlanTarget>& targets, const nlohmann::json& facts,
                PlanOutput& out) const override {
    std::map<std::string, int> current;
    for (const auto& t : targets) {
      const auto& rc = t.current->config.value("reserved_concurrency", nlohmann::json());
      current[t.current->name] = rc.is_number() ? rc.get<int>() : 0;
    }
    std::vector<ReservationChange> changes;
    for (const auto& a : out.actions) {
      const auto& v = a.params.at("reserved_concurrency");
      const std::string& name = a.names.at(0);
      changes.push_back(
          {name, current[name], v.is_null() ? std::nullopt : std::optional<int>(v.get<int>())});
    }
    const int minimum = facts.at("unreserved_minimum").get<int>();
    auto refused =
        FitReservations(facts.at("unreserved_concurrent_executions").get<int>(), minimum, changes);
    if (refused.empty()) return;
    std::set<std::string> refused_names;
    for (const auto& r : refused) {
      refused_names.insert(r.name);
      out.notes.push_back({kType, r.name, Severity::kError, RefusalMessage(r, minimum)});
    }
    std::erase_if(out.actions,
                  [&](const Action& a) { return refused_names.count(a.names.at(0)) > 0; });
  }

  Status Apply(const Action& a, const ApplyOptions&) override {
    const auto& v = a.params.at("reserved_concurrency");
    if (v.is_null()) return lambda_.DeleteFunctionConcurrency(a.names.at(0));
    return lambda_.PutFunctionConcurrency(a.names.at(0), v.get<int>());
  }

  Status CheckOriginal(const nlohmann::json& original) const override {
    auto it = original.find("reserved_concurrency");
    if (it == original.end() ||
        !(it->is_null() ||
          (it->is_number_integer() && it->get<int64_t>() >= 0 && it->get<int64_t>() <= 1000000)))
      return Status::InvalidArgument(
          "reserved_concurrency: expected a whole number from 0 or null, got " +
          (it == original.end() ? std::string("nothing") : it->dump()));
    return Status::Ok();
  }

  std::string Verify(const Snapshot& cur, const nlohmann::json& original) const override {
    if (!cur.exists) return "function is missing";
    const auto& want = original.at("reserved_concurrency");
    const auto& have = cur.config.at("reserved_concurrency");
    if (want != have)
      return "reserved concurrency is " + Describe(have) + ", expected " + Describe(want);
    return "";
  }

  Cost CostOf(const Snapshot&, const PriceTable&, const std::string&) const override {
    return Cost::Zero("Lambda bills per request and duration: nothing idle");
  }

  std::string StatusText(const Snapshot& s, const nlohmann::json& original) const override {
    if (!s.exists) return "";
    const auto& rc = s.config.value("reserved_concurrency", nlohmann::json());
    std::string out = rc.is_null() ? "no reserved concurrency"
                                   : "reserved concurrency " + std::to_string(rc.get<int>());
    if (!original.is_null() && original.value("reserved_concurrency", nlohmann::json()) != rc) {
      const auto& o = original.value("reserved_concurrency", nlohmann::json());
      out += " (was " + (o.is_null() ? std::string("none") : std::to_string(o.get<int>())) + ")";
    }
    return out;
  }
  std::string FixHint(std::string_view aws_code, std::string_view) const override {
    if (aws_code == "InvalidParameterValueException")
      return "the account's unreserved concurrency would drop below its minimum; lower other "
             "reservations first";
    return "";
  }
  Snapshot Parked(const Snapshot& running) const override {
    Snapshot p = running;
    p.config["reserved_concurrency"] = 0;
    return p;
  }

 private:
  static Action MakeAction(const std::string& name, std::string api, std::string summary,
                           nlohmann::json params) {
    return ResourceAction(kType, name, std::move(api), std::move(summary), std::move(params));
  }

  LambdaClient& lambda_;
};

}  // namespace

std::unique_ptr<ResourceType> MakeLambdaFunctionType(LambdaClient& lambda) {
  return std::make_unique<LambdaFunctionType>(lambda);
}

TypeEntry LambdaFunctionEntry() {
  return {&kInfo, [](const TypeContext& c) {
            return MakeLambdaFunctionType(c.clients.Get<LambdaClient>());
          }};
}

}  // namespace arm
