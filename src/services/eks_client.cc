#include "services/eks_client.h"

#include <nlohmann/json.hpp>

#include "aws/protocols/rest_json.h"
#include "http/http.h"
#include "services/wire_util.h"

namespace arm {
namespace {

using nlohmann::json;
using wire::Str;

// `operation` names the call in audit records (REST calls carry no name).
Result<json> Call(AwsClient& client, std::string_view operation, rest_json::RestRequest request,
                  CallStats* stats = nullptr) {
  CallStats local_stats;
  CallStats& st = stats != nullptr ? *stats : local_stats;
  st.operation = std::string(operation);
  Result<json> r = rest_json::Call(client, services::kEks, request, &st);
  if (!r.ok()) return wire::NotFoundIf(r.status(), {"ResourceNotFoundException"});
  return r;
}

std::string NodegroupPath(const std::string& cluster, const std::string& nodegroup) {
  return "/clusters/" + UriEncode(cluster) + "/node-groups/" + UriEncode(nodegroup);
}

std::vector<std::string> Strings(const json& object, const char* key) {
  std::vector<std::string> out;
  for (const json& s : wire::Array(object, key)) out.push_back(s.get<std::string>());
  return out;
}

// Every page of a list call whose names sit in `member`.
Result<std::vector<std::string>> ListAll(AwsClient& client, std::string_view operation,
                                         const std::string& path, const char* member) {
  std::vector<std::string> out;
  std::string token;
  do {
    rest_json::RestRequest request{"GET", path, {}, {}};
    request.query["maxResults"] = std::to_string(EksClient::kMaxResults);
    if (!token.empty()) request.query["nextToken"] = token;
    Result<json> page = Call(client, operation, request);
    if (!page.ok()) return page.status();
    ARM_RETURN_IF_ERROR(wire::DecodeInto(operation, [&] {
      for (auto& s : Strings(*page, member)) out.push_back(std::move(s));
      token = Str(*page, "nextToken");
    }));
  } while (!token.empty());
  return out;
}

EksNodegroup ParseNodegroup(const json& n) {
  EksNodegroup g;
  g.cluster = Str(n, "clusterName");
  g.name = Str(n, "nodegroupName");
  g.arn = Str(n, "nodegroupArn");
  g.status = Str(n, "status");
  g.capacity_type = Str(n, "capacityType");
  const json& sc = wire::Member(n, "scalingConfig");
  g.scaling.min_size = static_cast<int>(wire::Int(sc, "minSize"));
  g.scaling.max_size = static_cast<int>(wire::Int(sc, "maxSize"));
  g.scaling.desired_size = static_cast<int>(wire::Int(sc, "desiredSize"));
  g.instance_types = Strings(n, "instanceTypes");
  for (const json& a : wire::Array(wire::Member(n, "resources"), "autoScalingGroups"))
    g.autoscaling_groups.push_back(Str(a, "name"));
  for (const json& i : wire::Array(wire::Member(n, "health"), "issues"))
    g.health_issues.push_back(Str(i, "code") + ": " + Str(i, "message"));
  const json& tags = wire::Member(n, "tags");
  if (!tags.is_null()) g.tags = tags.get<std::map<std::string, std::string>>();
  return g;
}

}  // namespace

Result<std::vector<std::string>> EksClient::ListClusters() {
  return ListAll(client_, "ListClusters", "/clusters", "clusters");
}

Result<std::vector<std::string>> EksClient::ListNodegroups(const std::string& cluster) {
  return ListAll(client_, "ListNodegroups", "/clusters/" + UriEncode(cluster) + "/node-groups",
                 "nodegroups");
}

Result<EksNodegroup> EksClient::DescribeNodegroup(const std::string& cluster,
                                                  const std::string& nodegroup) {
  Result<json> r =
      Call(client_, "DescribeNodegroup", {"GET", NodegroupPath(cluster, nodegroup), {}, {}});
  if (!r.ok()) return r.status();
  return wire::Decode("DescribeNodegroup",
                      [&] { return ParseNodegroup(wire::Member(*r, "nodegroup")); });
}

Result<EksUpdate> EksClient::UpdateScaling(const std::string& cluster, const std::string& nodegroup,
                                           const EksScaling& scaling, CallStats* stats) {
  json body = {{"scalingConfig",
                {{"minSize", scaling.min_size},
                 {"maxSize", scaling.max_size},
                 {"desiredSize", scaling.desired_size}}}};
  Result<json> r =
      Call(client_, "UpdateNodegroupConfig",
           {"POST", NodegroupPath(cluster, nodegroup) + "/update-config", {}, body}, stats);
  if (!r.ok()) return r.status();
  return wire::Decode("UpdateNodegroupConfig", [&] {
    const json& u = wire::Member(*r, "update");
    return EksUpdate{Str(u, "id"), Str(u, "status"), Str(u, "type")};
  });
}

}  // namespace arm
