#include "sandbox/ec2_handler.h"

#include <algorithm>
#include <set>

#include "sandbox/ec2_wire.h"
#include "sandbox/estate_util.h"
#include "sandbox/iam_policy.h"
#include "sandbox/paging.h"

namespace sandbox {
namespace {

using nlohmann::json;

constexpr char kVersion[] = "2016-11-15";
constexpr std::string_view kOperations[] = {"DescribeInstances", "DescribeVolumes", "StopInstances",
                                            "StartInstances"};
// The service model's bounds, with EC2's own words for a value outside them.
constexpr PageSizeRule kInstancesPage{1000, 5, 1000,
                                      "Value for parameter maxResults is invalid. Expecting a "
                                      "value greater than 5.",
                                      "Value for parameter maxResults is invalid. Expecting a "
                                      "value less than 1000."};
constexpr PageSizeRule kVolumesPage{500, 5, 500,
                                    "Value for parameter maxResults is invalid. Expecting a value "
                                    "greater than 5.",
                                    "Value for parameter maxResults is invalid. Expecting a value "
                                    "less than 500."};

const PageTokens& Tokens() {
  static const PageTokens kTokens("ec2");
  return kTokens;
}

FormParams Form(const Request& request) {
  return ParseForm(request.body.empty() ? std::string_view(request.query)
                                        : std::string_view(request.body));
}

std::string Value(const FormParams& form, const std::string& name) {
  const std::string* v = FormValue(form, name);
  return v != nullptr ? *v : "";
}

arm::Status CheckIds(const std::vector<std::string>& ids,
                     const std::map<std::string, Ec2SandboxInstance>& all) {
  std::vector<std::string> missing;
  for (const auto& id : ids) {
    if (id.rfind("i-", 0) != 0)
      return AwsError("InvalidInstanceID.Malformed",
                      "Invalid id: \"" + id + "\" (expecting \"i-...\")");
    if (!all.count(id)) missing.push_back(id);
  }
  if (missing.empty()) return arm::Status::Ok();
  std::string list;
  for (const auto& id : missing) list += (list.empty() ? "" : ", ") + id;
  return AwsError("InvalidInstanceID.NotFound",
                  missing.size() == 1 ? "The instance ID '" + list + "' does not exist"
                                      : "The instance IDs '" + list + "' do not exist");
}

}  // namespace

std::chrono::system_clock::time_point Ec2Handler::Now() const {
  return context_.clock != nullptr ? context_.clock->Now() : std::chrono::system_clock::now();
}

std::string Ec2Handler::IamAction(const Request& request) const {
  std::string op = Value(Form(request), "Action");
  for (auto known : kOperations)
    if (op == known) return "ec2:" + op;
  return "";
}

std::vector<std::string> Ec2Handler::IamResources(const Request& request) const {
  FormParams form = Form(request);
  std::string op = Value(form, "Action");
  if (op != "StopInstances" && op != "StartInstances") return {"*"};
  std::vector<std::string> out;
  for (const auto& id : Ec2List(form, "InstanceId"))
    out.push_back(IamArn("ec2", request.region, context_.account_id, "instance/" + id));
  if (out.empty()) out.push_back("*");
  return out;
}

Response Ec2Handler::AccessDenied(const Request&, const std::string& message) const {
  return Ec2Error(403, "UnauthorizedOperation", message);
}

Response Ec2Handler::Throttled(const Request&) const {
  return Ec2Error(503, "RequestLimitExceeded", "Request limit exceeded.");
}

Response Ec2Handler::Error(const Request&, int status, std::string_view code,
                           std::string_view message) const {
  return Ec2Error(status, code, message);
}

void Ec2Handler::Advance() {
  auto now = Now();
  for (auto& [id, i] : instances_) {
    if (now < i.settles_at) continue;
    if (i.state == "pending") i.state = "running";
    if (i.state == "stopping") i.state = "stopped";
  }
}

Response Ec2Handler::Handle(const Request& request) {
  FormParams form = Form(request);
  std::string op = Value(form, "Action");
  std::string version = Value(form, "Version");
  if (IamAction(request).empty())
    return Ec2Error(400, "InvalidAction",
                    "The action " + op + " is not valid for this web service.");
  if (version != kVersion)
    return Ec2Error(400, "InvalidParameterValue",
                    "Invalid value '" + version + "' for Version. Expected " + kVersion + ".");
  std::lock_guard<std::mutex> lock(mu_);
  Advance();
  if (op == "DescribeInstances") return DescribeInstances(form);
  if (op == "DescribeVolumes") return DescribeVolumes(form);
  return ChangeState(op, form);
}

Response Ec2Handler::DescribeInstances(const FormParams& form) {
  auto ids = Ec2List(form, "InstanceId");
  const std::string* max = FormValue(form, "MaxResults");
  if (!ids.empty() && max != nullptr)
    return Ec2Error(400, "InvalidParameterCombination",
                    "The parameter instancesSet cannot be used with the parameter maxResults");
  if (arm::Status s = CheckIds(ids, instances_); !s.ok()) return Ec2Error(s);
  std::optional<int64_t> requested;
  if (max != nullptr) requested = std::atoll(max->c_str());
  auto size = PageSize(requested, kInstancesPage);
  if (!size.ok()) return Ec2Error(400, "InvalidParameterValue", size.status().message());
  const std::string* token = FormValue(form, "NextToken");
  auto offset = Tokens().Offset(token ? std::optional<std::string>(*token) : std::nullopt);
  if (!offset.ok()) return Ec2Error(400, "InvalidParameterValue", "Invalid value for nextToken");
  std::vector<const Ec2SandboxInstance*> match;
  for (const auto& [id, i] : instances_) {
    if (!ids.empty() && std::find(ids.begin(), ids.end(), id) == ids.end()) continue;
    bool keep = true;
    for (const Ec2Filter& f : Ec2Filters(form)) {
      if (f.name == "instance-id") {
        keep = keep && f.values.count(id);
      } else if (f.name == "instance-state-name") {
        keep = keep && f.values.count(i.state);
      } else if (f.name == "tag-key") {
        bool any = false;
        for (const auto& v : f.values) any = any || i.tags.count(v);
        keep = keep && any;
      } else if (f.name.rfind("tag:", 0) == 0) {
        auto t = i.tags.find(f.name.substr(4));
        keep = keep && t != i.tags.end() && f.values.count(t->second);
      } else {
        return Ec2Error(400, "InvalidParameterValue", "The filter '" + f.name + "' is invalid");
      }
    }
    if (keep) match.push_back(&i);
  }
  // Without MaxResults AWS answers everything at once.
  size_t page_size = max != nullptr ? *size : match.size() + 1;
  Page<const Ec2SandboxInstance*> page = PageOf(match, *offset, page_size, Tokens());
  const std::string account = context_.account_id, region = context_.region;
  return Ec2Ok("DescribeInstances", [&](pugi::xml_node root) {
    pugi::xml_node reservations = root.append_child("reservationSet");
    for (const Ec2SandboxInstance* i : page.items) {
      AddInstanceItem(reservations, *i, account, region);
    }
    if (page.more()) AddText(root, "nextToken", page.next_token);
  });
}

Response Ec2Handler::DescribeVolumes(const FormParams& form) {
  auto ids = Ec2List(form, "VolumeId");
  const std::string* max = FormValue(form, "MaxResults");
  if (!ids.empty() && max != nullptr)
    return Ec2Error(400, "InvalidParameterCombination",
                    "The parameter volumeSet cannot be used with the parameter maxResults");
  for (const auto& id : ids)
    if (!volumes_.count(id))
      return Ec2Error(400, "InvalidVolume.NotFound", "The volume '" + id + "' does not exist.");
  std::optional<int64_t> requested;
  if (max != nullptr) requested = std::atoll(max->c_str());
  auto size = PageSize(requested, kVolumesPage);
  if (!size.ok()) return Ec2Error(400, "InvalidParameterValue", size.status().message());
  const std::string* token = FormValue(form, "NextToken");
  auto offset = Tokens().Offset(token ? std::optional<std::string>(*token) : std::nullopt);
  if (!offset.ok()) return Ec2Error(400, "InvalidParameterValue", "Invalid value for nextToken");
  std::vector<const Ec2SandboxVolume*> match;
  for (const auto& [id, v] : volumes_) {
    if (!ids.empty() && std::find(ids.begin(), ids.end(), id) == ids.end()) continue;
    bool keep = true;
    for (const Ec2Filter& f : Ec2Filters(form)) {
      if (f.name == "volume-id") {
        keep = keep && f.values.count(id);
      } else if (f.name == "attachment.instance-id") {
        keep = keep && f.values.count(v.instance_id);
      } else {
        return Ec2Error(400, "InvalidParameterValue", "The filter '" + f.name + "' is invalid");
      }
    }
    if (keep) match.push_back(&v);
  }
  size_t page_size = max != nullptr ? *size : match.size() + 1;
  Page<const Ec2SandboxVolume*> page = PageOf(match, *offset, page_size, Tokens());
  const std::string region = context_.region;
  return Ec2Ok("DescribeVolumes", [&](pugi::xml_node root) {
    pugi::xml_node set = root.append_child("volumeSet");
    for (const Ec2SandboxVolume* v : page.items) {
      AddVolumeItem(set, *v, region);
    }
    if (page.more()) AddText(root, "nextToken", page.next_token);
  });
}

Response Ec2Handler::ChangeState(const std::string& op, const FormParams& form) {
  auto ids = Ec2List(form, "InstanceId");
  if (ids.empty())
    return Ec2Error(400, "MissingParameter", "The request must contain the parameter InstanceId");
  if (arm::Status s = CheckIds(ids, instances_); !s.ok()) return Ec2Error(s);
  const bool stop = op == "StopInstances";
  const bool hibernate = Value(form, "Hibernate") == "true";
  // Every instance is checked before any changes: AWS refuses the call whole.
  for (const auto& id : ids) {
    const Ec2SandboxInstance& i = instances_.at(id);
    if (stop && i.root_device_type != "ebs")
      return Ec2Error(400, "UnsupportedOperation",
                      "The instance '" + id +
                          "' does not have an 'ebs' root device type and cannot be stopped.");
    if (stop && i.lifecycle == "spot" && i.spot_request_type != "persistent")
      return Ec2Error(400, "UnsupportedOperation",
                      "You can't stop the Spot Instance '" + id +
                          "' because it is associated with a one-time Spot Instance request. You "
                          "can only stop Spot Instances associated with persistent Spot Instance "
                          "requests.");
    if (stop && hibernate && !i.hibernation_configured)
      return Ec2Error(400, "UnsupportedHibernationConfiguration",
                      "For hibernation, the instance '" + id +
                          "' must be launched with HibernationOptions.Configured set to true.");
    const bool refused = i.state == "terminated" || i.state == "shutting-down" ||
                         (stop ? i.state == "pending" : i.state == "stopping");
    if (refused)
      return Ec2Error(400, "IncorrectInstanceState",
                      "The instance '" + id + "' is not in a state from which it can be " +
                          (stop ? "stopped." : "started."));
  }
  const auto settles = Now() + std::chrono::duration_cast<std::chrono::system_clock::duration>(
                                   std::chrono::duration<double>(state_seconds_));
  std::vector<std::pair<std::string, std::string>> changes;  // id, previous
  for (const auto& id : ids) {
    Ec2SandboxInstance& i = instances_.at(id);
    changes.emplace_back(id, i.state);
    if (stop && i.state == "running") {
      i.state = "stopping";
      i.hibernated = hibernate;
      i.settles_at = settles;
    } else if (!stop && i.state == "stopped") {
      i.state = "pending";
      i.hibernated = false;
      i.settles_at = settles;
    }
  }
  return Ec2Ok(op, [&](pugi::xml_node root) {
    pugi::xml_node set = root.append_child("instancesSet");
    for (const auto& [id, previous] : changes) {
      pugi::xml_node n = set.append_child("item");
      AddText(n, "instanceId", id);
      AddEc2State(n, "currentState", instances_.at(id).state);
      AddEc2State(n, "previousState", previous);
    }
  });
}

void Ec2Handler::Load(const nlohmann::json& estate) {
  std::lock_guard<std::mutex> lock(mu_);
  instances_.clear();
  volumes_.clear();
  state_seconds_ = 2;
  auto section = estate.find("ec2");
  if (section == estate.end() || !section->is_object()) return;
  if (section->value("state_seconds", json()).is_number())
    state_seconds_ = (*section)["state_seconds"].get<double>();
  for (const json& j : EstateList(estate, "ec2", "instances")) {
    Ec2SandboxInstance i;
    i.id = j.value("id", "");
    if (i.id.empty()) continue;
    i.instance_type = j.value("instance_type", i.instance_type);
    i.state = j.value("state", i.state);
    i.root_device_type = j.value("root_device_type", i.root_device_type);
    i.lifecycle = j.value("lifecycle", "");
    i.spot_request_type = j.value("spot_request_type", "");
    i.hibernation_configured = j.value("hibernation_configured", false);
    i.hibernated = j.value("hibernated", false);
    i.tags = TagsFromJson(j.value("tags", json::object()));
    i.public_ip = j.value("public_ip", "");
    i.elastic_ip = j.value("elastic_ip", false);
    for (const json& v : j.value("volumes", json::array())) {
      if (!v.is_object() || v.value("id", "").empty()) continue;
      Ec2SandboxVolume vol;
      vol.id = v.value("id", "");
      vol.size_gb = v.value("size_gb", vol.size_gb);
      vol.volume_type = v.value("volume_type", vol.volume_type);
      vol.instance_id = i.id;
      i.volume_ids.push_back(vol.id);
      volumes_[vol.id] = vol;
    }
    instances_[i.id] = std::move(i);
  }
}

nlohmann::json Ec2Handler::Dump() const {
  std::lock_guard<std::mutex> lock(mu_);
  json out = {{"state_seconds", state_seconds_}, {"instances", json::array()}};
  for (const auto& [id, i] : instances_) {
    json volumes = json::array();
    for (const auto& v : i.volume_ids) {
      const Ec2SandboxVolume& vol = volumes_.at(v);
      volumes.push_back({{"id", v}, {"size_gb", vol.size_gb}, {"volume_type", vol.volume_type}});
    }
    out["instances"].push_back({{"id", id},
                                {"instance_type", i.instance_type},
                                {"state", i.state},
                                {"root_device_type", i.root_device_type},
                                {"lifecycle", i.lifecycle},
                                {"spot_request_type", i.spot_request_type},
                                {"hibernation_configured", i.hibernation_configured},
                                {"hibernated", i.hibernated},
                                {"tags", i.tags},
                                {"public_ip", i.public_ip},
                                {"elastic_ip", i.elastic_ip},
                                {"volumes", volumes}});
  }
  return out;
}

void Ec2Handler::CollectTagged(std::vector<TaggedResource>& out) const {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& [id, i] : instances_)
    if (!i.tags.empty())
      out.push_back(
          {IamArn("ec2", context_.region, context_.account_id, "instance/" + id), i.tags});
}

std::unique_ptr<ServiceHandler> MakeEc2Handler(const Context& context) {
  return std::make_unique<Ec2Handler>(context);
}

}  // namespace sandbox
