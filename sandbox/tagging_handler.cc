#include "sandbox/tagging_handler.h"

#include <algorithm>
#include <set>

#include "sandbox/estate_util.h"
#include "sandbox/paging.h"
#include "sandbox/protocol_handler.h"
#include "sandbox/wire.h"

namespace sandbox {
namespace {

constexpr char kJson[] = "1.1";
constexpr char kTarget[] = "ResourceGroupsTaggingAPI_20170126";
constexpr PageSizeRule kPerPage{50, 1, 100, "ResourcesPerPage must be between 1 and 100",
                                "ResourcesPerPage must be between 1 and 100"};

Response InvalidParameter(const std::string& message) {
  return JsonError(400, "InvalidParameterException", message, kJson);
}

struct TagFilter {
  std::string key;
  std::set<std::string> values;  // empty: any value
};

// "arn:aws:SERVICE:region:account:TYPE/name" or "...:TYPE:name".
// Both empty when the ARN has fewer than six parts.
struct ArnKind {
  std::string service;
  std::string type;
};
ArnKind ArnServiceAndType(const std::string& arn) {
  size_t pos = 0;
  std::vector<std::string> parts;
  for (int i = 0; i < 5; ++i) {
    size_t colon = arn.find(':', pos);
    if (colon == std::string::npos) return {};
    parts.push_back(arn.substr(pos, colon - pos));
    pos = colon + 1;
  }
  std::string resource = arn.substr(pos);
  return {parts[2], resource.substr(0, resource.find_first_of("/:"))};
}

bool TypeMatches(const std::vector<std::string>& filters, const std::string& arn) {
  if (filters.empty()) return true;
  const auto [service, type] = ArnServiceAndType(arn);
  for (const auto& f : filters) {
    size_t colon = f.find(':');
    std::string want_service = f.substr(0, colon);
    if (want_service != service) continue;
    if (colon == std::string::npos || f.substr(colon + 1) == type) return true;
  }
  return false;
}

class TaggingHandler final : public AwsJsonHandler {
 public:
  TaggingHandler(const Context& context, std::function<std::vector<TaggedResource>()> collect)
      : AwsJsonHandler("tagging", kJson, {"ThrottledException", "Rate exceeded"}),
        context_(context),
        collect_(std::move(collect)) {}

  std::string IamAction(const Request& request) const override {
    return JsonTargetOperation(request, kTarget) == "GetResources" ? "tag:GetResources" : "";
  }

  Response Handle(const Request& request) override {
    std::string op = JsonTargetOperation(request, kTarget);
    if (op != "GetResources") {
      const std::string* target = request.Header("X-Amz-Target");
      return JsonError(400, "UnknownOperationException",
                       target == nullptr ? "Missing X-Amz-Target" : "Unknown operation " + *target,
                       kJson);
    }
    arm::Result<nlohmann::json> body = ParseJsonBody(request);
    if (!body.ok()) return JsonError(body.status(), kJson);
    return GetResources(*body);
  }

  void Load(const nlohmann::json&) override {}
  nlohmann::json Dump() const override { return nlohmann::json::object(); }

 private:
  static Response Serialization() {
    return JsonError(400, "SerializationException", "Unexpected value type in payload", kJson);
  }

  Response GetResources(const nlohmann::json& body) {
    std::vector<TagFilter> filters;
    if (body.contains("TagFilters")) {
      if (!body["TagFilters"].is_array()) return Serialization();
      if (body["TagFilters"].size() > 50) {
        return InvalidParameter("TagFilters can contain at most 50 filters");
      }
      for (const auto& f : body["TagFilters"]) {
        if (!f.is_object() || (f.contains("Key") && !f["Key"].is_string())) return Serialization();
        TagFilter filter;
        filter.key = f.value("Key", "");
        if (f.contains("Values")) {
          if (!f["Values"].is_array()) return Serialization();
          for (const auto& v : f["Values"]) {
            if (!v.is_string()) return Serialization();
            filter.values.insert(v.get<std::string>());
          }
        }
        filters.push_back(std::move(filter));
      }
    }
    std::vector<std::string> types;
    if (body.contains("ResourceTypeFilters")) {
      if (!body["ResourceTypeFilters"].is_array()) return Serialization();
      for (const auto& t : body["ResourceTypeFilters"]) {
        if (!t.is_string()) return Serialization();
        types.push_back(t.get<std::string>());
      }
    }
    std::optional<int64_t> requested_size;
    if (body.contains("ResourcesPerPage")) {
      if (!body["ResourcesPerPage"].is_number_integer()) return Serialization();
      requested_size = body["ResourcesPerPage"].get<int>();
    }
    arm::Result<size_t> per_page = PageSize(requested_size, kPerPage);
    if (!per_page.ok()) return InvalidParameter(per_page.status().message());
    // An empty PaginationToken asks for the first page, as on AWS.
    std::optional<std::string> token;
    if (body.contains("PaginationToken")) {
      if (!body["PaginationToken"].is_string()) return Serialization();
      token = body["PaginationToken"].get<std::string>();
      if (token->empty()) token.reset();
    }
    static const PageTokens kTokens("sandbox");
    arm::Result<size_t> offset = kTokens.Offset(token);
    if (!offset.ok()) return InvalidParameter("PaginationToken is invalid");

    std::vector<TaggedResource> all = collect_ ? collect_() : std::vector<TaggedResource>{};
    std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.arn < b.arn; });
    std::vector<const TaggedResource*> matches;
    for (const auto& r : all) {
      if (r.tags.empty() || !TypeMatches(types, r.arn)) continue;
      bool ok = std::all_of(filters.begin(), filters.end(), [&](const TagFilter& f) {
        auto it = r.tags.find(f.key);
        return it != r.tags.end() && (f.values.empty() || f.values.contains(it->second));
      });
      if (ok) matches.push_back(&r);
    }
    nlohmann::json list = nlohmann::json::array();
    Page<const TaggedResource*> page = PageOf(matches, *offset, *per_page, kTokens);
    for (const TaggedResource* r : page.items) {
      list.push_back({{"ResourceARN", r->arn}, {"Tags", TagsToJsonList(r->tags)}});
    }
    // Always present; "" on the last page.
    return JsonOk({{"PaginationToken", page.next_token}, {"ResourceTagMappingList", list}}, kJson);
  }

  Context context_;
  std::function<std::vector<TaggedResource>()> collect_;
};

}  // namespace

std::unique_ptr<ServiceHandler> MakeTaggingHandler(
    const Context& context, std::function<std::vector<TaggedResource>()> collect) {
  return std::make_unique<TaggingHandler>(context, std::move(collect));
}

}  // namespace sandbox
