// SageMaker notebook instances, by name (SAGEMAKER_NOTEBOOKS, the name
// prefix, or the tag rule): stop records the status and instance type and
// stops those InService, waiting until they are Stopped; start starts only
// those recorded InService and waits until they are InService again. A
// notebook AWS is changing (Pending, Updating, Stopping, Deleting) or that
// Failed is reported, with AWS's reason, unless it is one of ours half-way.
// A stopped notebook still pays for its ML storage volume.
#include <regex>

#include "resources/types.h"
#include "resources/wait.h"
#include "services/client_set.h"
#include "services/sagemaker_client.h"

namespace arm {
namespace {

constexpr char kType[] = "sagemaker-notebook";
constexpr char kNotebookHour[] = "sagemaker-notebook-hour/*";
constexpr char kStorageGbMonth[] = "sagemaker-ml-storage-gb-month";
constexpr char kInService[] = "InService";
constexpr char kStopped[] = "Stopped";

const TypeInfo kInfo = {
    .id = kType,
    .selector = "notebook",
    .names_key = "SAGEMAKER_NOTEBOOKS",
    .prefix_key = {},
    .flag_keys = {},
    .price_keys = {kNotebookHour, kStorageGbMonth},
    .arn = {"sagemaker", "notebook-instance/", ""},
    .tagging_type = "sagemaker:notebook-instance",
    // With the compute, after the alarms that watch it.
    .stop_stage = 1,
    .parked = "SageMaker notebook instances stopped (their ML storage volume still bills)",
};

// What each step does, in Action::params["op"].
enum class NotebookOp { kUnknown, kStop, kStart, kWait };
NLOHMANN_JSON_SERIALIZE_ENUM(NotebookOp, {
                                             {NotebookOp::kUnknown, nullptr},
                                             {NotebookOp::kStop, "stop"},
                                             {NotebookOp::kStart, "start"},
                                             {NotebookOp::kWait, "wait"},
                                         })

// AWS's NotebookInstanceNameContains pattern: a prefix outside it is
// matched here, over the whole listing.
bool ServerSideFilter(const std::string& prefix) {
  static const std::regex kContains("[a-zA-Z0-9-]{1,63}");
  return std::regex_match(prefix, kContains);
}

class SageMakerNotebookType final : public ResourceType {
 public:
  SageMakerNotebookType(SageMakerClient& sm, Clock& clock) : sm_(sm), clock_(clock) {}
  const TypeInfo& info() const override { return kInfo; }

  std::vector<Permission> Permissions() const override {
    const std::string notebook =
        "arn:{partition}:sagemaker:{region}:{account}:notebook-instance/{lname}";
    return {{"sagemaker:ListNotebookInstances", "discover"},
            {"sagemaker:DescribeNotebookInstance", "discover"},
            {"sagemaker:StopNotebookInstance", "stop", {notebook}},
            {"sagemaker:DescribeNotebookInstance", "stop"},
            {"sagemaker:StartNotebookInstance", "start", {notebook}},
            {"sagemaker:DescribeNotebookInstance", "start"}};
  }

  Result<std::vector<Snapshot>> Discover(const TypeSelection& sel) override {
    bool by_prefix_only = sel.explicit_names.empty() && sel.tagged_names.empty();
    std::string contains =
        by_prefix_only && ServerSideFilter(sel.name_prefix) ? sel.name_prefix : "";
    Result<std::vector<NotebookInstanceSummary>> list = std::vector<NotebookInstanceSummary>();
    if (!sel.skip_listing) list = sm_.ListNotebookInstances(contains);
    if (!list.ok()) return list.status().WithContext("list SageMaker notebook instances");
    std::set<std::string> wanted;
    for (const auto& n : *list)
      if (sel.Selects(n.name)) wanted.insert(n.name);
    wanted.insert(sel.saved_names.begin(), sel.saved_names.end());
    return DescribeEach(wanted, sel, [&](const std::string& name) -> Result<Snapshot> {
      auto d = sm_.DescribeNotebookInstance(name);
      Snapshot snap;
      snap.type = kType;
      snap.name = name;
      if (!d.ok()) {
        if (!d.status().IsNotFound())
          return d.status().WithContext("describe SageMaker notebook instance " + name);
        snap.exists = false;
        return snap;
      }
      snap.transitioning =
          d->status != kInService && d->status != kStopped && d->status != "Failed";
      snap.config = {{"status", d->status}, {"instance_type", d->instance_type}};
      snap.details = {
          {"arn", d->arn}, {"volume_gb", d->volume_size_gb}, {"failure_reason", d->failure_reason}};
      return snap;
    });
  }

  Condition Classify(const Snapshot& cur, const nlohmann::json* original) const override {
    if (!cur.exists) return Condition::kMissing;
    if (cur.transitioning) return Condition::kTransitioning;
    if (StatusOf(cur) == kStopped) return Condition::kStopped;
    if (StatusOf(cur) == "Failed") return Condition::kDrifted;
    if (original != nullptr && original->is_object() &&
        original->value("instance_type", "") != cur.config.value("instance_type", ""))
      return Condition::kDrifted;
    return Condition::kRunning;
  }

  PlanOutput PlanStop(const std::vector<PlanTarget>& targets) const override {
    PlanOutput out;
    for (const auto& t : targets) {
      const Snapshot& cur = *t.current;
      const std::string& name = cur.name;
      if (!cur.exists) {
        out.notes.push_back(
            {kType, name, Severity::kError,
             "notebook instance does not exist" +
                 std::string(t.saved_status.empty() ? " and no stop recorded it" : "")});
        continue;
      }
      std::string status = StatusOf(cur);
      bool ours = !t.saved_status.empty();
      if (status == kStopped) {
        out.notes.push_back(
            {kType, name, Severity::kInfo,
             ours ? "Stopped; nothing to park" : "already Stopped; start leaves it stopped"});
        continue;
      }
      if (status == "Stopping" && ours) {
        out.actions.push_back(MakeWait(name, kStopped));
        continue;
      }
      // Pending or Updating and recorded InService: a start of ours was cut
      // short (a killed run); once InService, it is parked like the others.
      bool was_in_service = ours && t.original.value("status", "") == kInService;
      if ((status == "Pending" || status == "Updating") && was_in_service) {
        out.actions.push_back(MakeWait(name, kInService));
        status = kInService;
      }
      if (status != kInService) {
        out.notes.push_back({kType, name, Severity::kError, NotParked(cur)});
        continue;
      }
      out.actions.push_back(MakeAction(name, "sagemaker:StopNotebookInstance",
                                       "StopNotebookInstance " + name + " (" + Type(cur) + ")",
                                       {{"op", NotebookOp::kStop}}));
      out.actions.push_back(MakeWait(name, kStopped));
      out.notes.push_back({kType, name, Severity::kInfo, StillBilled(cur)});
    }
    return out;
  }

  PlanOutput PlanStart(const std::vector<PlanTarget>& targets) const override {
    PlanOutput out;
    for (const auto& t : targets) {
      const Snapshot& cur = *t.current;
      const std::string& name = cur.name;
      if (!cur.exists) {
        out.notes.push_back({kType, name, Severity::kError,
                             "notebook instance no longer exists; it cannot be started"});
        continue;
      }
      std::string was = t.original.value("status", "");
      if (was != kInService) {
        out.notes.push_back({kType, name, Severity::kInfo,
                             "was " + (was.empty() ? std::string("not InService") : was) +
                                 " when recorded; left as it is"});
        continue;
      }
      std::string status = StatusOf(cur);
      if (status == kInService) continue;
      if (status == "Pending") {
        out.actions.push_back(MakeWait(name, kInService));
        continue;
      }
      if (status == "Stopping") out.actions.push_back(MakeWait(name, kStopped));
      // AWS starts a Failed notebook too; its reason is in the plan.
      if (status == kStopped || status == "Stopping" || status == "Failed") {
        std::string reason = cur.details.value("failure_reason", "");
        out.actions.push_back(
            MakeAction(name, "sagemaker:StartNotebookInstance",
                       "StartNotebookInstance " + name + " (" + Type(cur) + ")" +
                           (status == "Failed" ? ", Failed: " + reason : std::string()),
                       {{"op", NotebookOp::kStart}}));
        out.actions.push_back(MakeWait(name, kInService));
        continue;
      }
      out.notes.push_back(
          {kType, name, Severity::kError,
           "notebook instance is " + status + "; run start again once it is Stopped or InService"});
    }
    return out;
  }

  Status Apply(const Action& a, const ApplyOptions& options) override {
    const std::string& name = a.names.at(0);
    switch (a.params.value("op", NotebookOp::kUnknown)) {
      case NotebookOp::kStop:
        return sm_.StopNotebookInstance(name);
      case NotebookOp::kStart:
        return sm_.StartNotebookInstance(name);
      case NotebookOp::kWait:
        return Wait(name, a.params.at("status").get<std::string>(), options);
      case NotebookOp::kUnknown:
        break;
    }
    return Status::Internal("unknown notebook step " +
                            a.params.value("op", nlohmann::json()).dump());
  }

  Status CheckOriginal(const nlohmann::json& orig) const override {
    if (!orig.is_object())
      return Status::InvalidArgument("original: expected an object, got " + orig.dump());
    auto status = orig.find("status");
    if (status == orig.end() || !status->is_string() ||
        (*status != kInService && *status != kStopped))
      return Status::InvalidArgument(
          "status: expected \"InService\" or \"Stopped\", got " +
          (status == orig.end() ? std::string("nothing") : status->dump()));
    auto type = orig.find("instance_type");
    if (type == orig.end() || !type->is_string() || type->get<std::string>().empty())
      return Status::InvalidArgument("instance_type: expected an instance type, got " +
                                     (type == orig.end() ? std::string("nothing") : type->dump()));
    return Status::Ok();
  }

  std::string Verify(const Snapshot& cur, const nlohmann::json& orig) const override {
    if (!cur.exists) return "notebook instance does not exist";
    std::string want = orig.value("status", "");
    if (StatusOf(cur) != want)
      return "notebook instance is " + StatusOf(cur) + ", expected " + want;
    if (Type(cur) != orig.value("instance_type", ""))
      return "instance type is " + Type(cur) + ", recorded " + orig.value("instance_type", "");
    return "";
  }

  Cost CostOf(const Snapshot& s, const PriceTable& prices,
              const std::string& region) const override {
    if (!s.exists) return Cost::Zero("notebook instance does not exist");
    Cost total;
    // Pending, Updating and Stopping bill as InService; Stopped and Failed
    // run no instance.
    std::string status = StatusOf(s);
    if (status != kStopped && status != "Failed") {
      total += PricedCost(prices, region, "sagemaker-notebook-hour/" + Type(s), Type(s), 1,
                          "notebook instance " + Type(s));
    }
    int gb = s.details.value("volume_gb", 0);
    if (gb > 0)
      total += PricedCost(prices, region, kStorageGbMonth, "ML storage GB", gb, "ML storage");
    return total;
  }

  Snapshot Parked(const Snapshot& running) const override {
    Snapshot p = running;
    if (!p.exists || StatusOf(p) != kInService) return p;
    p.transitioning = false;
    p.config["status"] = kStopped;
    return p;
  }

  std::string StatusText(const Snapshot& s, const nlohmann::json& original) const override {
    if (!s.exists) return "does not exist";
    std::string out = Type(s) + " " + StatusOf(s);
    int gb = s.details.value("volume_gb", 0);
    if (gb > 0) out += ", " + std::to_string(gb) + " GB ML storage";
    std::string reason = s.details.value("failure_reason", "");
    if (StatusOf(s) == "Failed" && !reason.empty()) out += " (" + reason + ")";
    if (original.is_object() && !original.value("status", "").empty() &&
        original.value("status", "") != StatusOf(s))
      out += "; was " + original.value("status", "");
    return out;
  }

  std::string FixHint(std::string_view aws_code, std::string_view api) const override {
    if (aws_code == "ValidationException" &&
        (api == "sagemaker:StopNotebookInstance" || api == "sagemaker:StartNotebookInstance"))
      return "wait until the notebook instance is InService or Stopped, then run the command "
             "again";
    if (aws_code == "ResourceLimitExceeded")
      return "the account's SageMaker quota for this notebook instance type is reached; raise "
             "it or stop another notebook instance";
    return "";
  }

 private:
  static std::string StatusOf(const Snapshot& s) { return s.config.value("status", ""); }
  static std::string Type(const Snapshot& s) { return s.config.value("instance_type", ""); }

  static std::string NotParked(const Snapshot& s) {
    std::string status = StatusOf(s);
    if (status == "Failed") {
      std::string reason = s.details.value("failure_reason", "");
      return "notebook instance is Failed" + (reason.empty() ? "" : ": " + reason) +
             "; AWS stops only those InService; left as it is";
    }
    return "notebook instance is " + status + "; run stop again once it is InService";
  }
  // What a stopped notebook still pays for, as the plan says it.
  static std::string StillBilled(const Snapshot& s) {
    int gb = s.details.value("volume_gb", 0);
    return "stopped, it still bills " +
           (gb > 0 ? std::to_string(gb) + " GB of ML storage" : std::string("nothing"));
  }
  static Action MakeAction(const std::string& name, std::string api, std::string summary,
                           nlohmann::json params) {
    return ResourceAction(kType, name, std::move(api), std::move(summary), std::move(params));
  }
  static Action MakeWait(const std::string& name, const std::string& status) {
    Action a = MakeAction(name, "sagemaker:DescribeNotebookInstance",
                          "wait until notebook instance " + name + " is " + status,
                          {{"op", NotebookOp::kWait}, {"status", status}});
    a.mutating = false;
    a.changes_cost = false;
    return a;
  }

  Status Wait(const std::string& name, const std::string& status, const ApplyOptions& options) {
    const WaitSpec spec = WaitFor(options, "notebook instance " + name + " to be " + status,
                                  std::chrono::milliseconds(200), std::chrono::milliseconds(5000));
    return WaitUntil(
        clock_, spec,
        [&](std::string* text) -> Result<bool> {
          auto d = sm_.DescribeNotebookInstance(name);
          if (!d.ok()) {
            if (d.status().IsNotFound())
              return Status::NotFound("notebook instance " + name + " disappeared while waiting");
            return d.status();
          }
          *text = "notebook instance " + name + ": " + d->status;
          // AWS's waiters stop at Failed too: it will not get there alone.
          if (d->status == "Failed")
            return Status::Aws("NotebookInstanceFailed",
                               "notebook instance " + name + " is Failed: " + d->failure_reason, 0,
                               "", false);
          return d->status == status;
        },
        options.progress);
  }

  SageMakerClient& sm_;
  Clock& clock_;
};

}  // namespace

std::unique_ptr<ResourceType> MakeSageMakerNotebookType(SageMakerClient& sagemaker, Clock& clock) {
  return std::make_unique<SageMakerNotebookType>(sagemaker, clock);
}

TypeEntry SageMakerNotebookEntry() {
  return {&kInfo, [](const TypeContext& c) {
            return MakeSageMakerNotebookType(c.clients.Get<SageMakerClient>(), c.clock);
          }};
}

}  // namespace arm
