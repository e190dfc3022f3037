#include "services/tagging_client.h"

#include <nlohmann/json.hpp>

#include "aws/protocols/aws_json.h"
#include "services/wire_util.h"

namespace arm {
namespace {

using nlohmann::json;

const aws_json::JsonService kService{services::kTagging, "ResourceGroupsTaggingAPI_20170126",
                                     "1.1"};

}  // namespace

Result<std::vector<TaggedResourceArn>> TaggingClient::GetResources(
    const std::vector<TagFilter>& filters, const std::vector<std::string>& resource_types) {
  json tag_filters = json::array();
  for (const TagFilter& f : filters) {
    json filter = {{"Key", f.key}};
    if (!f.values.empty()) filter["Values"] = f.values;
    tag_filters.push_back(std::move(filter));
  }
  std::vector<TaggedResourceArn> out;
  std::string token;
  do {
    json input = {{"ResourcesPerPage", 100}};
    if (!filters.empty()) input["TagFilters"] = tag_filters;
    if (!resource_types.empty()) input["ResourceTypeFilters"] = resource_types;
    if (!token.empty()) input["PaginationToken"] = token;
    Result<json> page = aws_json::Call(client_, kService, "GetResources", input);
    if (!page.ok()) return page.status();
    ARM_RETURN_IF_ERROR(wire::DecodeInto("GetResources", [&] {
      for (const json& m : wire::Array(*page, "ResourceTagMappingList")) {
        out.push_back({wire::Str(m, "ResourceARN"), wire::TagListToMap(wire::Array(m, "Tags"))});
      }
      token = wire::Str(*page, "PaginationToken");
    }));
  } while (!token.empty());
  return out;
}

}  // namespace arm
