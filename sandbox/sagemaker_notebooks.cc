#include "sandbox/sagemaker_notebooks.h"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <regex>

#include "sandbox/iam_policy.h"
#include "sandbox/json_args.h"
#include "sandbox/json_op_table.h"
#include "sandbox/paging.h"
#include "sandbox/wire.h"

namespace sandbox {

using nlohmann::json;

namespace {

constexpr char kNotebookVersion[] = "1.1";
constexpr char kNotebookNamePattern[] = "[a-zA-Z0-9](-*[a-zA-Z0-9])*";
constexpr char kContainsPattern[] = "[a-zA-Z0-9-]+";
constexpr char kStatuses[] = "[Pending, InService, Stopping, Stopped, Failed, Deleting, Updating]";

// ListNotebookInstances: MaxResults 1..100, default 10.
constexpr PageSizeRule kNotebooksPage{10, 1, 100,
                                      "Member must have value greater than or equal to 1",
                                      "Member must have value less than or equal to 100"};
const PageTokens& NotebookTokens() {
  static const PageTokens kTokens("sagemaker-notebooks");
  return kTokens;
}

Response NotebookValidation(const std::string& message) {
  return JsonError(400, "ValidationException", message, kNotebookVersion);
}

bool Matches(const std::string& value, const char* pattern) {
  return std::regex_match(value, std::regex(pattern));
}

std::chrono::system_clock::time_point NotebookAfter(const SageMakerStore& s) {
  return s.ctx.clock->Now() + std::chrono::duration_cast<std::chrono::system_clock::duration>(
                                  std::chrono::duration<double>(s.notebook_seconds));
}

bool KnownStatus(const std::string& status) {
  for (const char* known :
       {"Pending", "InService", "Stopping", "Stopped", "Failed", "Deleting", "Updating"})
    if (status == known) return true;
  return false;
}

bool Transient(const std::string& status) {
  return status == "Pending" || status == "Stopping" || status == "Updating" ||
         status == "Deleting";
}

std::string SpecString(const SmNotebook& n, const char* key) {
  auto it = n.spec.find(key);
  return it != n.spec.end() && it->is_string() ? it->get<std::string>() : "";
}

class NotebookOps {
 public:
  NotebookOps(SageMakerStore& s, JsonArgs& a) : s_(s), args_(a) {}

  Response ListNotebookInstances() {
    std::string sort_by = args_.String("SortBy").value_or("Name");
    std::string sort_order = args_.String("SortOrder").value_or("Ascending");
    auto max_results = args_.Int("MaxResults");
    auto token = args_.String("NextToken");
    auto name_contains = args_.String("NameContains");
    auto status_equals = args_.String("StatusEquals");
    auto created_before = args_.Number("CreationTimeBefore");
    auto created_after = args_.Number("CreationTimeAfter");
    auto modified_before = args_.Number("LastModifiedTimeBefore");
    auto modified_after = args_.Number("LastModifiedTimeAfter");
    auto lifecycle = args_.String("NotebookInstanceLifecycleConfigNameContains");
    auto repo = args_.String("DefaultCodeRepositoryContains");
    auto additional = args_.String("AdditionalCodeRepositoryEquals");
    if (!args_.ok()) return TypeError();
    if (sort_by != "Name" && sort_by != "CreationTime" && sort_by != "Status") {
      return NotebookValidation(ConstraintMessage(
          "SortBy", sort_by, "Member must satisfy enum value set: [Name, CreationTime, Status]"));
    }
    if (sort_order != "Ascending" && sort_order != "Descending") {
      return NotebookValidation(ConstraintMessage(
          "SortOrder", sort_order, "Member must satisfy enum value set: [Ascending, Descending]"));
    }
    if (name_contains && (name_contains->size() > 63 || !Matches(*name_contains, kContainsPattern)))
      return NotebookValidation(ConstraintMessage(
          "NameContains", *name_contains,
          std::string("Member must satisfy regular expression pattern: ") + kContainsPattern));
    if (status_equals && !KnownStatus(*status_equals))
      return NotebookValidation(
          ConstraintMessage("StatusEquals", *status_equals,
                            std::string("Member must satisfy enum value set: ") + kStatuses));
    arm::Result<size_t> size = PageSize(max_results, kNotebooksPage);
    if (!size.ok()) {
      return NotebookValidation(
          ConstraintMessage("MaxResults", std::to_string(*max_results), size.status().message()));
    }
    arm::Result<size_t> offset = NotebookTokens().Offset(token);
    if (!offset.ok()) return NotebookValidation("Invalid pagination token.");

    auto contains = [](const std::string& text, const std::optional<std::string>& part) {
      return !part || ToLower(text).find(ToLower(*part)) != std::string::npos;
    };
    std::vector<const SmNotebook*> found;
    for (const auto& [key, n] : s_.notebooks) {
      if (!contains(n.name, name_contains)) continue;
      if (status_equals && n.status != *status_equals) continue;
      if (created_before && !(n.creation_time < *created_before)) continue;
      if (created_after && !(n.creation_time > *created_after)) continue;
      if (modified_before && !(n.last_modified_time < *modified_before)) continue;
      if (modified_after && !(n.last_modified_time > *modified_after)) continue;
      if (lifecycle && (SpecString(n, "NotebookInstanceLifecycleConfigName").empty() ||
                        !contains(SpecString(n, "NotebookInstanceLifecycleConfigName"), lifecycle)))
        continue;
      if (repo && (SpecString(n, "DefaultCodeRepository").empty() ||
                   !contains(SpecString(n, "DefaultCodeRepository"), repo)))
        continue;
      if (additional) {
        const json list = n.spec.value("AdditionalCodeRepositories", json::array());
        if (std::find(list.begin(), list.end(), json(*additional)) == list.end()) continue;
      }
      found.push_back(&n);
    }
    auto key_less = [&](const SmNotebook* a, const SmNotebook* b) {
      if (sort_by == "Status" && a->status != b->status) return a->status < b->status;
      if (sort_by == "CreationTime" && a->creation_time != b->creation_time)
        return a->creation_time < b->creation_time;
      return ToLower(a->name) < ToLower(b->name);
    };
    std::stable_sort(found.begin(), found.end(), [&](const SmNotebook* a, const SmNotebook* b) {
      return sort_order == "Ascending" ? key_less(a, b) : key_less(b, a);
    });

    json out = {{"NotebookInstances", json::array()}};
    Page<const SmNotebook*> page = PageOf(found, *offset, *size, NotebookTokens());
    for (const SmNotebook* n : page.items) {
      json summary = {{"NotebookInstanceName", n->name},
                      {"NotebookInstanceArn", s_.Arn("notebook-instance", n->name)},
                      {"NotebookInstanceStatus", n->status},
                      {"Url", Url(*n)},
                      {"InstanceType", n->instance_type},
                      {"CreationTime", n->creation_time},
                      {"LastModifiedTime", n->last_modified_time}};
      for (const char* key : {"NotebookInstanceLifecycleConfigName", "DefaultCodeRepository",
                              "AdditionalCodeRepositories"}) {
        if (n->spec.contains(key)) summary[key] = n->spec[key];
      }
      out["NotebookInstances"].push_back(std::move(summary));
    }
    if (page.more()) out["NextToken"] = page.next_token;
    return JsonOk(out, kNotebookVersion);
  }

  Response DescribeNotebookInstance() {
    SmNotebook* n = nullptr;
    if (std::optional<Response> error = Find(&n)) return *error;
    json out = n->spec;
    out["NotebookInstanceArn"] = s_.Arn("notebook-instance", n->name);
    out["NotebookInstanceName"] = n->name;
    out["NotebookInstanceStatus"] = n->status;
    if (!n->failure_reason.empty()) out["FailureReason"] = n->failure_reason;
    out["Url"] = Url(*n);
    out["InstanceType"] = n->instance_type;
    out["VolumeSizeInGB"] = n->volume_gb;
    out["CreationTime"] = n->creation_time;
    out["LastModifiedTime"] = n->last_modified_time;
    return JsonOk(out, kNotebookVersion);
  }

  Response StopNotebookInstance() {
    SmNotebook* n = nullptr;
    if (std::optional<Response> error = Find(&n)) return *error;
    if (n->status != "InService") return Refused(*n, "[InService]", "Stopping");
    Transition(*n, "Stopping");
    return JsonOk(json::object(), kNotebookVersion);
  }

  Response StartNotebookInstance() {
    SmNotebook* n = nullptr;
    if (std::optional<Response> error = Find(&n)) return *error;
    if (n->status != "Stopped" && n->status != "Failed")
      return Refused(*n, "[Stopped, Failed]", "Pending");
    n->failure_reason.clear();
    Transition(*n, "Pending");
    return JsonOk(json::object(), kNotebookVersion);
  }

 private:
  Response TypeError() {
    return JsonError(400, "SerializationException", args_.type_error(), kNotebookVersion);
  }

  // The named notebook into *out, or AWS's error.
  std::optional<Response> Find(SmNotebook** out) {
    auto name = args_.String("NotebookInstanceName");
    if (!args_.ok()) return TypeError();
    if (!name) return NotebookValidation(NullMemberMessage("NotebookInstanceName"));
    if (name->size() > 63 || !Matches(*name, kNotebookNamePattern)) {
      return NotebookValidation(ConstraintMessage(
          "NotebookInstanceName", *name,
          std::string("Member must satisfy regular expression pattern: ") + kNotebookNamePattern));
    }
    auto it = s_.notebooks.find(ToLower(*name));
    if (it == s_.notebooks.end()) return NotebookValidation("RecordNotFound");
    *out = &it->second;
    return std::nullopt;
  }

  // AWS's words for a transition the status does not allow.
  Response Refused(const SmNotebook& n, const char* allowed, const char* to) {
    return NotebookValidation("Status (" + n.status + ") not in (" + allowed +
                              "). Unable to transition to (" + to + ") for Notebook Instance (" +
                              s_.Arn("notebook-instance", n.name) + ").");
  }

  void Transition(SmNotebook& n, const char* status) {
    n.status = status;
    n.last_modified_time = s_.Now();
    n.transition_at = NotebookAfter(s_);
  }

  std::string Url(const SmNotebook& n) const {
    return ToLower(n.name) + ".notebook." + s_.ctx.region + ".sagemaker.aws";
  }

  SageMakerStore& s_;
  JsonArgs& args_;
};

constexpr JsonOp<NotebookOps> kNotebookOps[] = {
    {"ListNotebookInstances", &NotebookOps::ListNotebookInstances},
    {"DescribeNotebookInstance", &NotebookOps::DescribeNotebookInstance},
    {"StopNotebookInstance", &NotebookOps::StopNotebookInstance},
    {"StartNotebookInstance", &NotebookOps::StartNotebookInstance},
};

const JsonOp<NotebookOps>* FindNotebookOp(const Request& request) {
  return FindJsonOp(kNotebookOps, request, "SageMaker");
}

}  // namespace

std::string NotebookOperation(const Request& request) {
  const JsonOp<NotebookOps>* op = FindNotebookOp(request);
  return op == nullptr ? "" : op->name;
}

Response HandleNotebookOperation(const Request& request, SageMakerStore& store) {
  return DispatchJsonOp(FindNotebookOp(request), request, kNotebookVersion, store);
}

std::vector<std::string> NotebookIamResources(const Request& request, const std::string& account) {
  std::string name = JsonBodyString(request, "NotebookInstanceName");
  if (NotebookOperation(request) == "ListNotebookInstances" || name.empty()) return {"*"};
  // SageMaker lower-cases names in its ARNs.
  return {IamArn("sagemaker", request.region, account, "notebook-instance/" + ToLower(name))};
}

void AdvanceNotebooks(SageMakerStore& s) {
  auto now = s.ctx.clock->Now();
  for (auto it = s.notebooks.begin(); it != s.notebooks.end();) {
    SmNotebook& n = it->second;
    if (!Transient(n.status) || now < n.transition_at) {
      ++it;
      continue;
    }
    if (n.status == "Deleting") {
      s.tags.erase(ToLower(s.Arn("notebook-instance", n.name)));
      it = s.notebooks.erase(it);
      continue;
    }
    if (n.status == "Pending" && !n.start_failure.empty()) {
      n.status = "Failed";
      n.failure_reason = n.start_failure;
    } else {
      n.status = n.status == "Pending" ? "InService" : "Stopped";
    }
    n.last_modified_time = s.Now();
    ++it;
  }
}

void LoadNotebooks(SageMakerStore& s, const json& section) {
  s.notebooks.clear();
  s.notebook_seconds = 2;
  if (!section.is_object()) return;
  if (section.value("notebook_state_seconds", json()).is_number())
    s.notebook_seconds = section["notebook_state_seconds"].get<double>();
  auto list = section.find("notebook_instances");
  if (list == section.end() || !list->is_array()) return;
  double now = s.Now();
  for (const json& j : *list) {
    if (!j.is_object()) continue;
    SmNotebook n;
    n.name = j.value("NotebookInstanceName", "");
    n.status = j.value("NotebookInstanceStatus", "InService");
    n.instance_type = j.value("InstanceType", "ml.t3.medium");
    n.volume_gb = j.value("VolumeSizeInGB", 5);
    n.failure_reason = j.value("FailureReason", "");
    n.start_failure = j.value("SandboxStartFailure", "");
    n.creation_time = n.last_modified_time = now;
    if (Transient(n.status)) n.transition_at = NotebookAfter(s);
    n.spec = {
        {"RoleArn", "arn:aws:iam::" + s.ctx.account_id + ":role/sagemaker-notebook"},
        {"DirectInternetAccess", "Enabled"},
        {"RootAccess", "Enabled"},
        {"PlatformIdentifier", "notebook-al2-v2"},
        {"InstanceMetadataServiceConfiguration", {{"MinimumInstanceMetadataServiceVersion", "2"}}}};
    for (const auto& [key, value] : j.items()) {
      if (key == "Tags" || key == "SandboxStartFailure" || key == "NotebookInstanceName" ||
          key == "NotebookInstanceStatus" || key == "InstanceType" || key == "VolumeSizeInGB" ||
          key == "FailureReason")
        continue;
      n.spec[key] = value;
    }
    TagList tags;
    for (const json& t : j.value("Tags", json::array()))
      if (t.is_object()) tags.emplace_back(t.value("Key", ""), t.value("Value", ""));
    if (!tags.empty()) s.tags[ToLower(s.Arn("notebook-instance", n.name))] = tags;
    s.notebooks[ToLower(n.name)] = std::move(n);
  }
}

json DumpNotebooks(const SageMakerStore& s) {
  json out = json::array();
  for (const auto& [key, n] : s.notebooks) {
    json tags = json::object();
    auto it = s.tags.find(ToLower(s.Arn("notebook-instance", n.name)));
    if (it != s.tags.end())
      for (const auto& [k, v] : it->second) tags[k] = v;
    out.push_back({{"name", n.name},
                   {"status", n.status},
                   {"instance_type", n.instance_type},
                   {"volume_gb", n.volume_gb},
                   {"tags", tags}});
  }
  return out;
}

void CollectTaggedNotebooks(const SageMakerStore& s, std::vector<TaggedResource>& out) {
  for (const auto& [key, n] : s.notebooks) {
    auto it = s.tags.find(ToLower(s.Arn("notebook-instance", n.name)));
    if (it == s.tags.end() || it->second.empty() || n.status == "Deleting") continue;
    TaggedResource r;
    r.arn = s.Arn("notebook-instance", n.name);
    for (const auto& [k, v] : it->second) r.tags[k] = v;
    out.push_back(std::move(r));
  }
}

bool NotebookExists(const SageMakerStore& s, const std::string& name) {
  auto it = s.notebooks.find(ToLower(name));
  return it != s.notebooks.end() && it->second.status != "Deleting";
}

void GenerateNotebookEstate(int count, json& estate) {
  json& sm = estate["sagemaker"];
  // Transitions of a large estate measure the tool, not AWS's minutes.
  if (!sm.contains("notebook_state_seconds")) sm["notebook_state_seconds"] = 0;
  json& list = sm["notebook_instances"];
  if (!list.is_array()) list = json::array();
  for (int i = 0; i < count; ++i) {
    char name[48];
    std::snprintf(name, sizeof(name), "generated-%05d-notebook", i);
    list.push_back({{"NotebookInstanceName", name},
                    {"NotebookInstanceStatus", "InService"},
                    {"InstanceType", "ml.t3.medium"},
                    {"VolumeSizeInGB", 5},
                    {"Tags", json::array({{{"Key", "Project"}, {"Value", "generated"}}})}});
  }
}

}  // namespace sandbox
