#include "sandbox/asg_handler.h"

#include <algorithm>
#include <mutex>
#include <optional>

#include "sandbox/asg_store.h"
#include "sandbox/cloudwatch_wire.h"
#include "sandbox/compute_estate.h"
#include "sandbox/estate_util.h"
#include "sandbox/iam_policy.h"
#include "sandbox/paging.h"
#include "sandbox/protocol_handler.h"
#include "sandbox/wire.h"

namespace sandbox {
namespace {

constexpr char kXmlns[] = "http://autoscaling.amazonaws.com/doc/2011-01-01/";
constexpr char kVersion[] = "2011-01-01";
constexpr std::string_view kOps[] = {"DescribeAutoScalingGroups", "UpdateAutoScalingGroup",
                                     "SuspendProcesses", "ResumeProcesses",
                                     "DescribeScheduledActions"};
// MaxRecords: default 50, at most 100 (the API reference).
constexpr PageSizeRule kPage{50, 1, 100, "Member must have value greater than or equal to 1",
                             "Member must have value less than or equal to 100"};

const PageTokens& Tokens() {
  static const PageTokens kTokens("asg");
  return kTokens;
}

FormParams Form(const Request& r) {
  return ParseForm(r.method == "POST" ? std::string_view(r.body) : std::string_view(r.query));
}
std::string ActionOf(const FormParams& f) {
  const std::string* a = FormValue(f, "Action");
  return a == nullptr ? "" : *a;
}
bool Known(const std::string& op) {
  for (auto k : kOps)
    if (op == k) return true;
  return false;
}

Response Validation(const std::string& message) {
  return QueryError(400, "ValidationError", message, kXmlns);
}
Response NoGroup(const std::string& name) {
  return Validation("AutoScalingGroup name not found - AutoScalingGroup '" + name + "' not found");
}

// A whole-number parameter: nullopt when absent; *bad set when not a number.
std::optional<int64_t> IntParam(const FormParams& f, std::string_view name, bool* bad) {
  const std::string* v = FormValue(f, name);
  if (v == nullptr) return std::nullopt;
  try {
    size_t used = 0;
    int64_t n = std::stoll(*v, &used);
    if (used == v->size()) return n;
  } catch (const std::exception&) {
  }
  *bad = true;
  return std::nullopt;
}

class AsgHandler final : public QueryHandler {
 public:
  explicit AsgHandler(const Context& context)
      : QueryHandler("autoscaling", kXmlns, "AccessDenied"), context_(context) {
    state_.instance_seconds = context.asg_instance_seconds;
  }

  std::string IamAction(const Request& request) const override {
    std::string op = ActionOf(Form(request));
    return Known(op) ? "autoscaling:" + op : "";
  }

  // The group's ARN for the calls that change one; "*" otherwise (AWS has
  // no resource-level permission for the Describe calls).
  std::vector<std::string> IamResources(const Request& request) const override {
    FormParams f = Form(request);
    std::string op = ActionOf(f);
    const std::string* name = FormValue(f, "AutoScalingGroupName");
    if (op.rfind("Describe", 0) == 0 || name == nullptr) return {"*"};
    std::lock_guard<std::mutex> lock(mu_);
    auto it = state_.groups.find(*name);
    std::string uuid = it == state_.groups.end() ? "*" : it->second.uuid;
    return {Arn(request.region, uuid, *name)};
  }

  Response Handle(const Request& request) override {
    FormParams f = Form(request);
    std::string op = ActionOf(f);
    const std::string* version = FormValue(f, "Version");
    std::string v = version != nullptr ? *version : kVersion;
    if (!Known(op) || v != kVersion)
      return QueryError(400, "InvalidAction",
                        "Could not find operation " + op + " for version " + v, kXmlns);
    std::lock_guard<std::mutex> lock(mu_);
    state_.Advance(*context_.clock);
    if (op == "DescribeAutoScalingGroups") return Describe(request, f);
    if (op == "DescribeScheduledActions") return Scheduled(f);
    const std::string* name = FormValue(f, "AutoScalingGroupName");
    if (name == nullptr || name->empty())
      return Validation(
          "1 validation error detected: Value null at 'autoScalingGroupName' "
          "failed to satisfy constraint: Member must not be null");
    AsgGroup* g = state_.Find(*name);
    if (g == nullptr) return NoGroup(*name);
    if (op == "UpdateAutoScalingGroup") return Update(*g, f);
    return Processes(*g, f, op == "SuspendProcesses");
  }

  void Load(const nlohmann::json& estate) override {
    std::lock_guard<std::mutex> lock(mu_);
    region_ = EstateString(estate, "region", context_.region);
    account_ = EstateString(estate, "account_id", context_.account_id);
    state_.instance_seconds = context_.asg_instance_seconds;
    state_.Load(estate.is_object() && estate.contains("autoscaling") ? estate["autoscaling"]
                                                                     : nlohmann::json::object(),
                *context_.clock);
  }

  nlohmann::json Dump() const override {
    std::lock_guard<std::mutex> lock(mu_);
    state_.Advance(*context_.clock);
    return state_.Dump();
  }

  void Generate(const std::map<std::string, int>& counts, nlohmann::json& estate) const override {
    GenerateAsgEstate(GeneratedCount(counts, "asgs"), GeneratedPrefix(estate), estate);
  }

  void CollectTagged(std::vector<TaggedResource>& out) const override {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [name, g] : state_.groups) {
      if (g.tags.empty()) continue;
      TaggedResource r{Arn(region_, g.uuid, name), {}};
      for (const auto& [k, v] : g.tags) r.tags[k] = v;
      out.push_back(std::move(r));
    }
  }

 private:
  std::string Arn(const std::string& region, const std::string& uuid,
                  const std::string& name) const {
    return "arn:aws:autoscaling:" + region + ":" + account_ + ":autoScalingGroup:" + uuid +
           ":autoScalingGroupName/" + name;
  }

  Response Describe(const Request& request, const FormParams& f) {
    bool bad = false;
    auto max = IntParam(f, "MaxRecords", &bad);
    if (bad) return Validation("MaxRecords: expected a whole number");
    auto size = PageSize(max, kPage);
    if (!size.ok())
      return Validation(
          "1 validation error detected: Value '" + std::to_string(*max) +
          "' at 'maxRecords' failed to satisfy constraint: " + size.status().message());
    const std::string* token = FormValue(f, "NextToken");
    auto offset = Tokens().Offset(token ? std::optional<std::string>(*token) : std::nullopt);
    if (!offset.ok())
      return QueryError(400, "InvalidNextToken", "The token '" + *token + "' is invalid.", kXmlns);
    std::vector<std::string> names = FormList(f, "AutoScalingGroupNames");
    std::vector<const AsgGroup*> all;
    for (const auto& [n, g] : state_.groups)
      if (names.empty() || std::find(names.begin(), names.end(), n) != names.end())
        all.push_back(&g);
    Page<const AsgGroup*> page = PageOf(all, *offset, *size, Tokens());
    const std::string region = request.region.empty() ? region_ : request.region;
    return QueryOk("DescribeAutoScalingGroups", kXmlns, [&](pugi::xml_node result) {
      pugi::xml_node list = result.append_child("AutoScalingGroups");
      for (const AsgGroup* g : page.items) GroupXml(list.append_child("member"), *g, region);
      if (page.more()) AddText(result, "NextToken", page.next_token);
    });
  }

  void GroupXml(pugi::xml_node m, const AsgGroup& g, const std::string& region) const {
    AddText(m, "AutoScalingGroupName", g.name);
    AddText(m, "AutoScalingGroupARN", Arn(region, g.uuid, g.name));
    pugi::xml_node lt = m.append_child("LaunchTemplate");
    AddText(lt, "LaunchTemplateName", g.launch_template);
    AddText(lt, "Version", "$Default");
    AddText(m, "MinSize", std::to_string(g.min));
    AddText(m, "MaxSize", std::to_string(g.max));
    AddText(m, "DesiredCapacity", std::to_string(g.desired));
    AddText(m, "DefaultCooldown", "300");
    AddText(m.append_child("AvailabilityZones"), "member", region + "a");
    AddText(m, "HealthCheckType", "EC2");
    AddText(m, "HealthCheckGracePeriod", "300");
    pugi::xml_node instances = m.append_child("Instances");
    for (const auto& i : g.instances) {
      pugi::xml_node x = instances.append_child("member");
      AddText(x, "InstanceId", i.id);
      AddText(x, "InstanceType", g.instance_type);
      AddText(x, "AvailabilityZone", region + "a");
      AddText(x, "LifecycleState", i.lifecycle);
      AddText(x, "HealthStatus", "Healthy");
      AddText(x, "ProtectedFromScaleIn", i.protected_from_scale_in ? "true" : "false");
    }
    AddText(m, "CreatedTime", IsoTime(*context_.clock));
    pugi::xml_node suspended = m.append_child("SuspendedProcesses");
    for (const auto& p : g.suspended) {
      pugi::xml_node x = suspended.append_child("member");
      AddText(x, "ProcessName", p);
      AddText(x, "SuspensionReason", "User suspended at " + IsoTime(*context_.clock));
    }
    pugi::xml_node tags = m.append_child("Tags");
    for (const auto& [k, v] : g.tags) {
      pugi::xml_node x = tags.append_child("member");
      AddText(x, "ResourceId", g.name);
      AddText(x, "ResourceType", "auto-scaling-group");
      AddText(x, "Key", k);
      AddText(x, "Value", v);
      AddText(x, "PropagateAtLaunch", "true");
    }
    AddText(m, "NewInstancesProtectedFromScaleIn", g.new_instances_protected ? "true" : "false");
    if (g.warm_pool_min >= 0) {
      pugi::xml_node w = m.append_child("WarmPoolConfiguration");
      AddText(w, "MinSize", std::to_string(g.warm_pool_min));
      AddText(w, "PoolState", "Stopped");
      AddText(m, "WarmPoolSize", std::to_string(g.warm_pool_min));
    }
  }

  Response Update(AsgGroup& g, const FormParams& f) {
    bool bad = false;
    auto min = IntParam(f, "MinSize", &bad);
    auto max = IntParam(f, "MaxSize", &bad);
    auto desired = IntParam(f, "DesiredCapacity", &bad);
    if (bad) return Validation("MinSize, MaxSize and DesiredCapacity must be whole numbers");
    int new_min = min.value_or(g.min), new_max = max.value_or(g.max);
    if (new_min < 0 || new_max < 0 || (desired && *desired < 0))
      return Validation("Sizes must be greater than or equal to 0");
    if (new_max < new_min)
      return Validation("Max bound, " + std::to_string(new_max) +
                        ", must be greater than or equal to min bound, " + std::to_string(new_min));
    // Without a desired capacity AWS moves the current one inside the bounds.
    int new_desired =
        desired ? static_cast<int>(*desired) : std::clamp(g.desired, new_min, new_max);
    if (new_desired < new_min || new_desired > new_max)
      return Validation("Desired capacity:" + std::to_string(new_desired) +
                        " must be between the specified min size:" + std::to_string(new_min) +
                        " and max size:" + std::to_string(new_max));
    if (g.busy_updates > 0) {
      --g.busy_updates;
      return QueryError(400, "ScalingActivityInProgress",
                        "Scaling activities in progress for group " + g.name + ".", kXmlns);
    }
    g.min = new_min;
    g.max = new_max;
    g.desired = new_desired;
    state_.Advance(*context_.clock);
    return QueryOkWithoutResult("UpdateAutoScalingGroup", kXmlns);
  }

  Response Processes(AsgGroup& g, const FormParams& f, bool suspend) {
    std::vector<std::string> names = FormList(f, "ScalingProcesses");
    for (const auto& n : names)
      if (!AsgState::ProcessNames().count(n))
        return Validation("Process '" + n + "' is not a valid process name");
    // No list: every process, as AWS reads it.
    if (names.empty())
      names.assign(AsgState::ProcessNames().begin(), AsgState::ProcessNames().end());
    for (const auto& n : names) {
      if (suspend)
        g.suspended.insert(n);
      else
        g.suspended.erase(n);
    }
    state_.Advance(*context_.clock);
    return QueryOkWithoutResult(suspend ? "SuspendProcesses" : "ResumeProcesses", kXmlns);
  }

  Response Scheduled(const FormParams& f) {
    const std::string* name = FormValue(f, "AutoScalingGroupName");
    if (name != nullptr && state_.Find(*name) == nullptr) return NoGroup(*name);
    return QueryOk("DescribeScheduledActions", kXmlns, [&](pugi::xml_node result) {
      pugi::xml_node list = result.append_child("ScheduledUpdateGroupActions");
      for (const auto& [n, g] : state_.groups) {
        if (name != nullptr && n != *name) continue;
        for (const auto& a : g.scheduled) {
          pugi::xml_node m = list.append_child("member");
          AddText(m, "AutoScalingGroupName", n);
          AddText(m, "ScheduledActionName", a.name);
          if (!a.recurrence.empty()) AddText(m, "Recurrence", a.recurrence);
          if (a.min >= 0) AddText(m, "MinSize", std::to_string(a.min));
          if (a.max >= 0) AddText(m, "MaxSize", std::to_string(a.max));
          if (a.desired >= 0) AddText(m, "DesiredCapacity", std::to_string(a.desired));
        }
      }
    });
  }

  Context context_;
  mutable std::mutex mu_;
  mutable AsgState state_;
  std::string region_ = "us-east-1", account_ = "000000000000";
};

}  // namespace

std::unique_ptr<ServiceHandler> MakeAsgHandler(const Context& context) {
  return std::make_unique<AsgHandler>(context);
}

}  // namespace sandbox
