#include "sandbox/sagemaker_handler.h"

#include <algorithm>
#include <cstdio>
#include <regex>

#include "sandbox/auth.h"
#include "sandbox/autoscaling_handler.h"
#include "sandbox/json_args.h"
#include "sandbox/json_op_table.h"
#include "sandbox/paging.h"
#include "sandbox/sagemaker_notebooks.h"
#include "sandbox/wire.h"

namespace sandbox {

using nlohmann::json;

namespace {

constexpr char kVersion[] = "1.1";
constexpr char kNamePattern[] = "^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}";

// ListEndpoints: MaxResults 1..100, default 10. ListTags: at least 50.
constexpr PageSizeRule kEndpointsPage{10, 1, 100,
                                      "Member must have value less than or equal to 100",
                                      "Member must have value less than or equal to 100"};
constexpr PageSizeRule kTagsPage{50, 50, INT64_MAX,
                                 "Member must have value greater than or equal to 50", ""};
const PageTokens& Tokens() {
  static const PageTokens kTokens("sagemaker");
  return kTokens;
}

Response Validation(const std::string& message) {
  return JsonError(400, "ValidationException", message, kVersion);
}
Response Ok(const json& body) { return JsonOk(body, kVersion); }

std::string Quoted(const std::string& what, const std::string& id) {
  return "Could not find " + what + " \"" + id + "\".";
}

bool ValidName(const std::string& name) {
  static const std::regex kPattern(kNamePattern);
  return std::regex_match(name, kPattern);
}

// ECR-style digest so DeployedImages looks like AWS's.
std::string ResolvedImage(const std::string& image) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : image) h = (h ^ c) * 1099511628211ULL;
  char digest[80];
  std::snprintf(digest, sizeof(digest), "%016llx%016llx%016llx%016llx",
                static_cast<unsigned long long>(h), static_cast<unsigned long long>(h * 31),
                static_cast<unsigned long long>(h * 131),
                static_cast<unsigned long long>(h * 1031));
  std::string repo =
      image.substr(0, image.rfind(':') == std::string::npos || image.rfind(':') < image.rfind('/')
                          ? image.size()
                          : image.rfind(':'));
  return repo + "@sha256:" + digest;
}

// Reads Tags ([{Key, Value}]; none when absent).
arm::Result<TagList> ReadTags(const json* list) {
  TagList out;
  if (list == nullptr) return out;
  for (const json& t : *list) {
    if (!t.is_object() || !t.contains("Key") || !t["Key"].is_string() ||
        (t.contains("Value") && !t["Value"].is_string())) {
      return AwsError("SerializationException", "Unexpected value type for member 'Tags'.");
    }
    out.emplace_back(t["Key"].get<std::string>(), t.value("Value", ""));
  }
  return out;
}

Response Error(const arm::Status& error) { return JsonError(error, kVersion); }

void MergeTags(TagList& into, const TagList& add) {
  for (const auto& [k, v] : add) {
    auto it = std::find_if(into.begin(), into.end(), [&](const auto& p) { return p.first == k; });
    if (it != into.end()) {
      it->second = v;
    } else {
      into.emplace_back(k, v);
    }
  }
}

class Ops {
 public:
  Ops(SageMakerStore& s, JsonArgs& a, const Request& r) : s_(s), args_(a), caller_(r.caller) {}

  Response ListEndpoints() {
    std::string sort_by = args_.String("SortBy").value_or("CreationTime");
    std::string sort_order = args_.String("SortOrder").value_or("Descending");
    auto max_results = args_.Int("MaxResults");
    auto token = args_.String("NextToken");
    auto name_contains = args_.String("NameContains");
    auto status_equals = args_.String("StatusEquals");
    auto created_before = args_.Number("CreationTimeBefore");
    auto created_after = args_.Number("CreationTimeAfter");
    if (!args_.ok()) return TypeError();
    if (sort_by != "Name" && sort_by != "CreationTime" && sort_by != "Status") {
      return Validation(ConstraintMessage(
          "SortBy", sort_by, "Member must satisfy enum value set: [Name, CreationTime, Status]"));
    }
    if (sort_order != "Ascending" && sort_order != "Descending") {
      return Validation(ConstraintMessage(
          "SortOrder", sort_order, "Member must satisfy enum value set: [Ascending, Descending]"));
    }
    arm::Result<size_t> size = PageSize(max_results, kEndpointsPage);
    if (!size.ok()) {
      return Validation(
          ConstraintMessage("MaxResults", std::to_string(*max_results), size.status().message()));
    }
    arm::Result<size_t> offset = Tokens().Offset(token);
    if (!offset.ok()) return Validation("Invalid pagination token.");

    std::vector<const SmEndpoint*> found;
    for (const auto& [key, e] : s_.endpoints) {
      if (name_contains && key.find(ToLower(*name_contains)) == std::string::npos) continue;
      if (status_equals && e.status != *status_equals) continue;
      if (created_before && !(e.creation_time < *created_before)) continue;
      if (created_after && !(e.creation_time > *created_after)) continue;
      found.push_back(&e);
    }
    auto key_less = [&](const SmEndpoint* a, const SmEndpoint* b) {
      if (sort_by == "Name") return ToLower(a->name) < ToLower(b->name);
      if (sort_by == "Status" && a->status != b->status) return a->status < b->status;
      if (sort_by == "CreationTime" && a->creation_time != b->creation_time)
        return a->creation_time < b->creation_time;
      return ToLower(a->name) < ToLower(b->name);
    };
    std::stable_sort(found.begin(), found.end(), [&](const SmEndpoint* a, const SmEndpoint* b) {
      return sort_order == "Ascending" ? key_less(a, b) : key_less(b, a);
    });

    json out = {{"Endpoints", json::array()}};
    Page<const SmEndpoint*> page = PageOf(found, *offset, *size, Tokens());
    for (const SmEndpoint* endpoint : page.items) {
      const SmEndpoint& e = *endpoint;
      out["Endpoints"].push_back({{"EndpointName", e.name},
                                  {"EndpointArn", s_.Arn("endpoint", e.name)},
                                  {"CreationTime", e.creation_time},
                                  {"LastModifiedTime", e.last_modified_time},
                                  {"EndpointStatus", e.status}});
    }
    if (page.more()) out["NextToken"] = page.next_token;
    return Ok(out);
  }

  Response DescribeEndpoint() {
    auto name = args_.String("EndpointName");
    if (!args_.ok()) return TypeError();
    if (!name) return Validation(NullMemberMessage("EndpointName"));
    const SmEndpoint* e = s_.FindEndpoint(*name);
    if (e == nullptr) return Validation(Quoted("endpoint", *name));
    json out = {{"EndpointName", e->name},
                {"EndpointArn", s_.Arn("endpoint", e->name)},
                {"EndpointConfigName", e->config_name},
                {"EndpointStatus", e->status},
                {"CreationTime", e->creation_time},
                {"LastModifiedTime", e->last_modified_time}};
    if (!e->failure_reason.empty()) out["FailureReason"] = e->failure_reason;
    // AWS reports variants once they are deployed.
    if (e->status != "Creating") {
      json variants = json::array();
      for (const SmVariant& v : e->variants) {
        json variant = {{"VariantName", v.name},
                        {"CurrentWeight", v.weight},
                        {"DesiredWeight", v.weight},
                        {"CurrentInstanceCount", v.instance_count},
                        {"DesiredInstanceCount", v.instance_count}};
        if (!v.image.empty()) {
          variant["DeployedImages"] = json::array({{{"SpecifiedImage", v.image},
                                                    {"ResolvedImage", ResolvedImage(v.image)},
                                                    {"ResolutionTime", e->creation_time}}});
        }
        variants.push_back(std::move(variant));
      }
      out["ProductionVariants"] = std::move(variants);
    }
    return Ok(out);
  }

  Response CreateEndpoint() {
    auto name = args_.String("EndpointName");
    auto config_name = args_.String("EndpointConfigName");
    const json* tag_list = args_.Array("Tags");
    if (!args_.ok()) return TypeError();
    if (!name) return Validation(NullMemberMessage("EndpointName"));
    if (!config_name) return Validation(NullMemberMessage("EndpointConfigName"));
    if (!ValidName(*name)) {
      return Validation(ConstraintMessage(
          "EndpointName", *name,
          std::string("Member must satisfy regular expression pattern: ") + kNamePattern));
    }
    arm::Result<TagList> read_tags = ReadTags(tag_list);
    if (!read_tags.ok()) return Error(read_tags.status());
    TagList tags = std::move(*read_tags);
    std::string arn = s_.Arn("endpoint", *name);
    if (s_.FindEndpoint(*name) != nullptr)
      return Validation("Cannot create already existing endpoint \"" + arn + "\".");
    auto config = s_.configs.find(ToLower(*config_name));
    if (config == s_.configs.end()) {
      return Validation(Quoted("endpoint configuration", s_.Arn("endpoint-config", *config_name)));
    }
    for (const json& pv : config->second.production_variants) {
      std::string model = pv.is_object() ? pv.value("ModelName", "") : "";
      if (s_.models.count(ToLower(model)) == 0)
        return Validation(Quoted("model", s_.Arn("model", model)));
    }
    SmEndpoint e;
    e.name = *name;
    e.config_name = config->second.name;
    e.status = "Creating";
    e.creation_time = e.last_modified_time = s_.Now();
    e.transition_at =
        s_.ctx.clock->Now() + std::chrono::duration_cast<std::chrono::system_clock::duration>(
                                  std::chrono::duration<double>(s_.ctx.endpoint_create_seconds));
    e.variants = s_.VariantsFor(config->second);
    s_.endpoints[ToLower(*name)] = std::move(e);
    if (tags.empty()) {
      s_.tags.erase(ToLower(arn));
    } else {
      s_.tags[ToLower(arn)] = tags;
    }
    return Ok({{"EndpointArn", arn}});
  }

  Response DeleteEndpoint() {
    auto name = args_.String("EndpointName");
    if (!args_.ok()) return TypeError();
    if (!name) return Validation(NullMemberMessage("EndpointName"));
    SmEndpoint* e = s_.FindEndpoint(*name);
    if (e == nullptr) return Validation(Quoted("endpoint", *name));
    // As AWS documents: deleting an endpoint that still has auto scaling
    // deregisters it on the caller's behalf, so the caller needs those
    // permissions too, and the delete fails without them.
    if (s_.EndpointHasTargets(e->name)) {
      for (const char* needed : {"application-autoscaling:DeregisterScalableTarget",
                                 "application-autoscaling:DeleteScalingPolicy"}) {
        if (auto denial =
                caller_.Denial(needed, "*",
                               {{"application-autoscaling:service-namespace", "sagemaker"},
                                {"application-autoscaling:scalable-dimension",
                                 "sagemaker:variant:DesiredInstanceCount"}})) {
          return JsonError(400, "AccessDeniedException", *denial, kVersion);
        }
      }
    }
    if (e->status != "Deleting") {
      e->status = "Deleting";
      e->last_modified_time = s_.Now();
      e->transition_at =
          s_.ctx.clock->Now() + std::chrono::duration_cast<std::chrono::system_clock::duration>(
                                    std::chrono::duration<double>(s_.ctx.endpoint_delete_seconds));
    }
    // As on AWS: the endpoint's tags go with it, and Application Auto
    // Scaling silently drops its targets, policies and scheduled actions.
    s_.tags.erase(ToLower(s_.Arn("endpoint", e->name)));
    s_.DeregisterEndpointTargets(e->name);
    return Ok(json::object());
  }

  Response DescribeEndpointConfig() {
    auto name = args_.String("EndpointConfigName");
    if (!args_.ok()) return TypeError();
    if (!name) return Validation(NullMemberMessage("EndpointConfigName"));
    auto it = s_.configs.find(ToLower(*name));
    if (it == s_.configs.end())
      return Validation(Quoted("endpoint configuration", s_.Arn("endpoint-config", *name)));
    const SmEndpointConfig& c = it->second;
    json out = c.spec;
    out["EndpointConfigName"] = c.name;
    out["EndpointConfigArn"] = s_.Arn("endpoint-config", c.name);
    out["ProductionVariants"] = c.production_variants;
    out["CreationTime"] = c.creation_time;
    return Ok(out);
  }

  Response CreateEndpointConfig() {
    auto name = args_.String("EndpointConfigName");
    const json* variants = args_.Array("ProductionVariants");
    const json* tag_list = args_.Array("Tags");
    if (!args_.ok()) return TypeError();
    if (!name) return Validation(NullMemberMessage("EndpointConfigName"));
    if (variants == nullptr) return Validation(NullMemberMessage("ProductionVariants"));
    if (!ValidName(*name)) {
      return Validation(ConstraintMessage(
          "EndpointConfigName", *name,
          std::string("Member must satisfy regular expression pattern: ") + kNamePattern));
    }
    if (variants->empty() || variants->size() > 10) {
      return Validation(ConstraintMessage("ProductionVariants", variants->dump(),
                                          "Member must have length between 1 and 10"));
    }
    arm::Result<TagList> read_tags = ReadTags(tag_list);
    if (!read_tags.ok()) return Error(read_tags.status());
    TagList tags = std::move(*read_tags);
    std::string arn = s_.Arn("endpoint-config", *name);
    if (s_.configs.count(ToLower(*name)) != 0) {
      return Validation("Cannot create already existing endpoint configuration \"" + arn + "\".");
    }
    for (const json& pv : *variants) {
      if (!pv.is_object() || !pv.contains("VariantName") || !pv["VariantName"].is_string()) {
        return Validation(NullMemberMessage("VariantName"));
      }
      std::string model = pv.value("ModelName", "");
      if (s_.models.count(ToLower(model)) == 0)
        return Validation(Quoted("model", s_.Arn("model", model)));
    }
    SmEndpointConfig c;
    c.name = *name;
    c.production_variants = *variants;
    c.spec = args_.body();
    for (const char* own : {"EndpointConfigName", "ProductionVariants", "Tags"}) c.spec.erase(own);
    c.creation_time = s_.Now();
    s_.configs[ToLower(*name)] = std::move(c);
    if (!tags.empty()) s_.tags[ToLower(arn)] = tags;
    return Ok({{"EndpointConfigArn", arn}});
  }

  // As on AWS, an endpoint using the config keeps running; it just cannot be
  // recreated from it.
  Response DeleteEndpointConfig() {
    auto name = args_.String("EndpointConfigName");
    if (!args_.ok()) return TypeError();
    if (!name) return Validation(NullMemberMessage("EndpointConfigName"));
    auto it = s_.configs.find(ToLower(*name));
    if (it == s_.configs.end())
      return Validation(Quoted("endpoint configuration", s_.Arn("endpoint-config", *name)));
    s_.tags.erase(ToLower(s_.Arn("endpoint-config", it->second.name)));
    s_.configs.erase(it);
    return Ok(json::object());
  }

  Response DescribeModel() {
    auto name = args_.String("ModelName");
    if (!args_.ok()) return TypeError();
    if (!name) return Validation(NullMemberMessage("ModelName"));
    auto it = s_.models.find(ToLower(*name));
    if (it == s_.models.end()) return Validation(Quoted("model", s_.Arn("model", *name)));
    const SmModel& m = it->second;
    json out = m.spec.is_object() ? m.spec : json::object();
    out["ModelName"] = m.name;
    out["ModelArn"] = s_.Arn("model", m.name);
    out["CreationTime"] = m.creation_time;
    return Ok(out);
  }

  Response ListTags() {
    auto arn = args_.String("ResourceArn");
    auto token = args_.String("NextToken");
    auto max_results = args_.Int("MaxResults");
    if (!args_.ok()) return TypeError();
    if (!arn) return Validation(NullMemberMessage("ResourceArn"));
    if (arm::Status exists = ResourceExists(*arn); !exists.ok()) return Error(exists);
    arm::Result<size_t> offset = Tokens().Offset(token);
    if (!offset.ok()) return Validation("Invalid pagination token.");
    arm::Result<size_t> size = PageSize(max_results, kTagsPage);
    if (!size.ok()) {
      return Validation(
          ConstraintMessage("MaxResults", std::to_string(*max_results), size.status().message()));
    }
    TagList tags;
    auto it = s_.tags.find(ToLower(*arn));
    if (it != s_.tags.end()) tags = it->second;
    Page<TagList::value_type> page = PageOf(tags, *offset, *size, Tokens());
    json out = {{"Tags", TagsToJson(TagList(page.items.begin(), page.items.end()))}};
    if (page.more()) out["NextToken"] = page.next_token;
    return Ok(out);
  }

  Response AddTags() {
    auto arn = args_.String("ResourceArn");
    const json* tag_list = args_.Array("Tags");
    if (!args_.ok()) return TypeError();
    if (!arn) return Validation(NullMemberMessage("ResourceArn"));
    if (tag_list == nullptr) return Validation(NullMemberMessage("Tags"));
    arm::Result<TagList> tags = ReadTags(tag_list);
    if (!tags.ok()) return Error(tags.status());
    if (arm::Status exists = ResourceExists(*arn); !exists.ok()) return Error(exists);
    MergeTags(s_.tags[ToLower(*arn)], *tags);
    return Ok({{"Tags", TagsToJson(*tags)}});
  }

 private:
  Response TypeError() {
    return JsonError(400, "SerializationException", args_.type_error(), kVersion);
  }

  // Tags live on endpoints (not being deleted), endpoint configs, models and
  // notebook instances.
  arm::Status ResourceExists(const std::string& arn) {
    std::string prefix = "arn:aws:sagemaker:" + s_.ctx.region + ":" + s_.ctx.account_id + ":";
    std::string lower = ToLower(arn);
    if (lower.rfind(prefix, 0) == 0) {
      std::string rest = lower.substr(prefix.size());
      size_t slash = rest.find('/');
      std::string type = rest.substr(0, slash);
      std::string name = slash == std::string::npos ? "" : rest.substr(slash + 1);
      if (type == "endpoint") {
        const SmEndpoint* e = s_.FindEndpoint(name);
        if (e != nullptr && e->status != "Deleting") return arm::Status::Ok();
        return AwsError("ValidationException", Quoted("endpoint", name));
      }
      if (type == "endpoint-config") {
        if (s_.configs.count(name) != 0) return arm::Status::Ok();
        return AwsError("ValidationException", Quoted("endpoint configuration", arn));
      }
      if (type == "notebook-instance") {
        if (NotebookExists(s_, name)) return arm::Status::Ok();
        return AwsError("ValidationException", "RecordNotFound");
      }
      if (type == "model") {
        if (s_.models.count(name) != 0) return arm::Status::Ok();
        return AwsError("ValidationException", Quoted("model", arn));
      }
    }
    return AwsError("ValidationException", "Resource " + arn + " is not valid or not supported.");
  }

  SageMakerStore& s_;
  JsonArgs& args_;
  const Caller& caller_;
};

constexpr JsonOp<Ops> kOps[] = {
    {"ListEndpoints", &Ops::ListEndpoints},
    {"DescribeEndpoint", &Ops::DescribeEndpoint},
    {"CreateEndpoint", &Ops::CreateEndpoint},
    {"DeleteEndpoint", &Ops::DeleteEndpoint},
    {"DescribeEndpointConfig", &Ops::DescribeEndpointConfig},
    {"CreateEndpointConfig", &Ops::CreateEndpointConfig},
    {"DeleteEndpointConfig", &Ops::DeleteEndpointConfig},
    {"DescribeModel", &Ops::DescribeModel},
    {"ListTags", &Ops::ListTags},
    {"AddTags", &Ops::AddTags},
};

const JsonOp<Ops>* FindOp(const Request& request) { return FindJsonOp(kOps, request, "SageMaker"); }

}  // namespace

std::string SageMakerHandler::IamAction(const Request& request) const {
  const JsonOp<Ops>* op = FindOp(request);
  if (op != nullptr) return std::string("sagemaker:") + op->name;
  std::string notebook = NotebookOperation(request);
  return notebook.empty() ? "" : "sagemaker:" + notebook;
}

std::vector<std::string> SageMakerHandler::IamResources(const Request& request) const {
  const JsonOp<Ops>* op = FindOp(request);
  const std::string& account = store_->ctx.account_id;
  if (op == nullptr && !NotebookOperation(request).empty())
    return NotebookIamResources(request, account);
  if (op == nullptr) return {"*"};
  const std::string_view name = op->name;
  auto arn = [&](const char* type, const char* member) -> std::string {
    std::string value = JsonBodyString(request, member);
    if (value.empty()) return "*";
    // SageMaker lower-cases names in its ARNs.
    return IamArn("sagemaker", request.region, account, std::string(type) + "/" + ToLower(value));
  };
  if (name == "DescribeEndpoint" || name == "DeleteEndpoint")
    return {arn("endpoint", "EndpointName")};
  if (name == "CreateEndpoint") {
    return {arn("endpoint", "EndpointName"), arn("endpoint-config", "EndpointConfigName")};
  }
  if (name.find("EndpointConfig") != std::string_view::npos)
    return {arn("endpoint-config", "EndpointConfigName")};
  if (name == "DescribeModel") return {arn("model", "ModelName")};
  if (name == "ListTags" || name == "AddTags") {
    std::string resource = JsonBodyString(request, "ResourceArn");
    return {resource.empty() ? "*" : resource};
  }
  return {"*"};  // ListEndpoints
}

Response SageMakerHandler::Handle(const Request& request) {
  const JsonOp<Ops>* op = FindOp(request);
  if (op == nullptr && !NotebookOperation(request).empty())
    return HandleNotebookOperation(request, *store_);
  return DispatchJsonOp(op, request, kVersion, *store_);
}

}  // namespace sandbox
