#include "sandbox/eks_handler.h"

#include <array>
#include <charconv>
#include <mutex>

#include "sandbox/compute_estate.h"
#include "sandbox/eks_store.h"
#include "sandbox/paging.h"
#include "sandbox/wire.h"

namespace sandbox {
namespace {

enum class Op {
  kUnknown,
  kListClusters,
  kListNodegroups,
  kDescribeNodegroup,
  kUpdateNodegroupConfig,
  kListTagsForResource,
};

constexpr std::array<const char*, 6> kEksIamActions = {
    "",
    "eks:ListClusters",
    "eks:ListNodegroups",
    "eks:DescribeNodegroup",
    "eks:UpdateNodegroupConfig",
    "eks:ListTagsForResource",
};

struct Route {
  Op op = Op::kUnknown;
  std::string cluster, nodegroup, arn;  // percent-decoded
};

Route ParseRoute(const Request& request) {
  std::vector<std::string> s;
  size_t pos = 0;
  const std::string& path = request.path;
  while (pos < path.size()) {
    size_t next = path.find('/', pos);
    if (next == std::string::npos) next = path.size();
    if (next > pos) s.push_back(arm::UriDecode(std::string_view(path).substr(pos, next - pos)));
    pos = next + 1;
  }
  const std::string& m = request.method;
  Route r;
  if (s.size() == 2 && s[0] == "tags" && m == "GET") {
    r.op = Op::kListTagsForResource;
    r.arn = s[1];
    return r;
  }
  if (s.empty() || s[0] != "clusters") return r;
  if (s.size() == 1 && m == "GET") r.op = Op::kListClusters;
  if (s.size() >= 3 && s[2] == "node-groups") {
    r.cluster = s[1];
    if (s.size() == 3 && m == "GET") r.op = Op::kListNodegroups;
    if (s.size() >= 4) r.nodegroup = s[3];
    if (s.size() == 4 && m == "GET") r.op = Op::kDescribeNodegroup;
    if (s.size() == 5 && s[4] == "update-config" && m == "POST") r.op = Op::kUpdateNodegroupConfig;
  }
  return r;
}

// EKS's error body: the message and the names the model's exception carries.
Response EksError(int status, std::string_view code, const std::string& message,
                  const std::string& cluster = "", const std::string& nodegroup = "") {
  Response r = RestJsonError(status, code, message);
  nlohmann::json body = {{"message", message}};
  if (!cluster.empty()) body["clusterName"] = cluster;
  if (!nodegroup.empty()) body["nodegroupName"] = nodegroup;
  r.body = body.dump();
  return r;
}

class EksHandler final : public ServiceHandler {
 public:
  explicit EksHandler(const Context& context) : ServiceHandler("eks"), context_(context) {
    state_.update_seconds = 2;
  }

  std::string IamAction(const Request& request) const override {
    return kEksIamActions[static_cast<size_t>(ParseRoute(request).op)];
  }

  // ListClusters: "*"; ListNodegroups: the cluster; the node group calls:
  // the node group's ARN (with its UUID, as AWS checks it).
  std::vector<std::string> IamResources(const Request& request) const override {
    Route r = ParseRoute(request);
    switch (r.op) {
      case Op::kListNodegroups:
        return {ClusterArn(r.cluster)};
      case Op::kDescribeNodegroup:
      case Op::kUpdateNodegroupConfig: {
        std::lock_guard<std::mutex> lock(mu_);
        auto c = state_.clusters.find(r.cluster);
        std::string uuid = "*";
        if (c != state_.clusters.end())
          if (auto g = c->second.nodegroups.find(r.nodegroup); g != c->second.nodegroups.end())
            uuid = g->second.uuid;
        return {NodegroupArn(r.cluster, r.nodegroup, uuid)};
      }
      case Op::kListTagsForResource:
        return {r.arn};
      default:
        return {"*"};
    }
  }

  Response AccessDenied(const Request&, const std::string& message) const override {
    return EksError(403, "AccessDeniedException", message);
  }
  Response Throttled(const Request&) const override {
    return EksError(429, "ThrottlingException", "Rate exceeded");
  }
  Response Error(const Request&, int status, std::string_view code,
                 std::string_view message) const override {
    return EksError(status, code, std::string(message));
  }

  Response Handle(const Request& request) override {
    Route r = ParseRoute(request);
    std::lock_guard<std::mutex> lock(mu_);
    state_.Advance(*context_.clock);
    switch (r.op) {
      case Op::kListClusters: {
        std::vector<std::string> names;
        for (const auto& [n, c] : state_.clusters) names.push_back(n);
        return List(request, names, "clusters");
      }
      case Op::kListNodegroups: {
        EksCluster* c = state_.Cluster(r.cluster);
        if (c == nullptr) return NoCluster(r.cluster);
        std::vector<std::string> names;
        for (const auto& [n, g] : c->nodegroups) names.push_back(n);
        return List(request, names, "nodegroups");
      }
      case Op::kDescribeNodegroup: {
        EksNodegroup* g = state_.Nodegroup(r.cluster, r.nodegroup);
        if (g == nullptr) return NoNodegroup(r);
        return RestJsonOk(200, {{"nodegroup", Describe(r.cluster, *g)}});
      }
      case Op::kUpdateNodegroupConfig:
        return Update(request, r);
      case Op::kListTagsForResource:
        return ListTags(r.arn);
      case Op::kUnknown:
        break;
    }
    return EksError(404, "UnknownOperationException",
                    "Unknown operation: " + request.method + " " + request.path);
  }

  void Load(const nlohmann::json& estate) override {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = estate.find("eks");
    state_.Load(it != estate.end() ? *it : nlohmann::json(), *context_.clock);
  }
  nlohmann::json Dump() const override {
    std::lock_guard<std::mutex> lock(mu_);
    return state_.Dump();
  }
  void Generate(const std::map<std::string, int>& counts, nlohmann::json& estate) const override {
    GenerateEksEstate(GeneratedCount(counts, "nodegroups"), GeneratedPrefix(estate), estate);
  }
  void CollectTagged(std::vector<TaggedResource>& out) const override {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [cn, c] : state_.clusters) {
      if (!c.tags.empty()) out.push_back({ClusterArn(cn), c.tags});
      for (const auto& [gn, g] : c.nodegroups)
        if (!g.tags.empty()) out.push_back({NodegroupArn(cn, gn, g.uuid), g.tags});
    }
  }

 private:
  std::string ClusterArn(const std::string& cluster) const {
    return IamArn("eks", context_.region, context_.account_id, "cluster/" + cluster);
  }
  std::string NodegroupArn(const std::string& cluster, const std::string& nodegroup,
                           const std::string& uuid) const {
    return IamArn("eks", context_.region, context_.account_id,
                  "nodegroup/" + cluster + "/" + nodegroup + "/" + uuid);
  }
  static Response NoCluster(const std::string& cluster) {
    return EksError(404, "ResourceNotFoundException", "No cluster found for name: " + cluster + ".",
                    cluster);
  }
  Response NoNodegroup(const Route& r) const {
    if (state_.clusters.count(r.cluster) == 0) return NoCluster(r.cluster);
    return EksError(404, "ResourceNotFoundException",
                    "No node group found for name: " + r.nodegroup + ".", r.cluster, r.nodegroup);
  }

  // maxResults 1..100 (ListClustersRequestMaxResults,
  // ListNodegroupsRequestMaxResults), nextToken from the previous page.
  Response List(const Request& request, const std::vector<std::string>& names,
                const char* member) const {
    FormParams query = ParseForm(request.query);
    static constexpr PageSizeRule kEksMaxResults{100, 1, 100,
                                                 "maxResults must be between 1 and 100",
                                                 "maxResults must be between 1 and 100"};
    std::optional<int64_t> requested;
    if (const std::string* v = FormValue(query, "maxResults")) {
      int64_t n = 0;
      auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
      if (ec != std::errc() || end != v->data() + v->size())
        return EksError(400, "InvalidParameterException", "maxResults must be a number");
      requested = n;
    }
    arm::Result<size_t> size = PageSize(requested, kEksMaxResults);
    if (!size.ok()) return EksError(400, "InvalidParameterException", size.status().message());
    static const PageTokens kTokens("eks");
    std::optional<std::string> token;
    if (const std::string* t = FormValue(query, "nextToken"); t != nullptr && !t->empty())
      token = *t;
    arm::Result<size_t> offset = kTokens.Offset(token);
    if (!offset.ok()) return EksError(400, "InvalidParameterException", "Invalid nextToken");
    Page<std::string> page = PageOf(names, *offset, *size, kTokens);
    nlohmann::json body = {
        {member, nlohmann::json(std::vector<std::string>(page.items.begin(), page.items.end()))}};
    if (page.more()) body["nextToken"] = page.next_token;
    return RestJsonOk(200, body);
  }

  nlohmann::json Describe(const std::string& cluster, const EksNodegroup& g) const {
    nlohmann::json n = {
        {"nodegroupName", g.name},
        {"nodegroupArn", NodegroupArn(cluster, g.name, g.uuid)},
        {"clusterName", cluster},
        {"version", state_.clusters.at(cluster).version},
        {"releaseVersion", state_.clusters.at(cluster).version + ".0-20241115"},
        {"createdAt", g.created_at},
        {"modifiedAt", g.created_at},
        {"status", g.status},
        {"capacityType", g.capacity_type},
        {"scalingConfig", {{"minSize", g.min}, {"maxSize", g.max}, {"desiredSize", g.desired}}},
        {"instanceTypes", g.instance_types},
        {"subnets", {"subnet-0a1b2c3d4e5f60001"}},
        {"amiType", "AL2023_x86_64_STANDARD"},
        {"nodeRole", IamArn("iam", "", context_.account_id, "role/" + cluster + "-node-role")},
        {"diskSize", 20},
        {"health", {{"issues", nlohmann::json::array()}}},
        {"updateConfig", {{"maxUnavailable", 1}}},
        {"resources", {{"autoScalingGroups", {{{"name", "eks-" + g.name + "-" + g.uuid}}}}}},
        {"tags", g.tags},
    };
    return n;
  }

  Response Update(const Request& request, const Route& r) {
    nlohmann::json input = nlohmann::json::parse(request.body.empty() ? "{}" : request.body,
                                                 nullptr, /*allow_exceptions=*/false);
    if (input.is_discarded() || !input.is_object())
      return EksError(400, "BadRequestException", "Could not parse request body into json");
    EksNodegroup* g = state_.Nodegroup(r.cluster, r.nodegroup);
    if (g == nullptr) return NoNodegroup(r);
    EksScalingRequest s;
    if (auto sc = input.find("scalingConfig"); sc != input.end()) {
      if (!sc->is_object())
        return EksError(400, "InvalidParameterException", "scalingConfig must be an object");
      for (auto [key, field] : {std::pair{"minSize", &s.min}, std::pair{"maxSize", &s.max},
                                std::pair{"desiredSize", &s.desired}}) {
        auto v = sc->find(key);
        if (v == sc->end() || v->is_null()) continue;
        if (!v->is_number_integer())
          return EksError(400, "InvalidParameterException",
                          std::string(key) + " must be a whole number");
        *field = v->get<long long>();
        // -1 means "left out" in EksScalingRequest: a negative value is
        // refused here with AWS's words.
        if (*field < 0)
          return EksError(400, "InvalidParameterException",
                          std::string(key) + " must be greater than or equal to " +
                              (std::string(key) == "maxSize" ? "1" : "0"),
                          r.cluster, r.nodegroup);
      }
    }
    arm::Result<std::string> id = state_.UpdateScaling(*g, s, *context_.clock);
    if (!id.ok())
      return EksError(id.status().http_status(), id.status().aws_code(), id.status().message(),
                      r.cluster, r.nodegroup);
    nlohmann::json params = nlohmann::json::array();
    if (s.min >= 0) params.push_back({{"type", "MinSize"}, {"value", std::to_string(s.min)}});
    if (s.max >= 0) params.push_back({{"type", "MaxSize"}, {"value", std::to_string(s.max)}});
    if (s.desired >= 0)
      params.push_back({{"type", "DesiredSize"}, {"value", std::to_string(s.desired)}});
    return RestJsonOk(200, {{"update",
                             {{"id", *id},
                              {"status", "InProgress"},
                              {"type", "ConfigUpdate"},
                              {"params", params},
                              {"createdAt", EpochSeconds(*context_.clock)},
                              {"errors", nlohmann::json::array()}}}});
  }

  Response ListTags(const std::string& arn) const {
    for (const auto& [cn, c] : state_.clusters) {
      if (arn == ClusterArn(cn)) return RestJsonOk(200, {{"tags", c.tags}});
      for (const auto& [gn, g] : c.nodegroups)
        if (arn == NodegroupArn(cn, gn, g.uuid)) return RestJsonOk(200, {{"tags", g.tags}});
    }
    // ListTagsForResource's model errors: BadRequestException, NotFoundException.
    return EksError(404, "NotFoundException", "Resource not found: " + arn);
  }

  Context context_;
  mutable std::mutex mu_;
  EksState state_;
};

}  // namespace

std::unique_ptr<ServiceHandler> MakeEksHandler(const Context& context) {
  return std::make_unique<EksHandler>(context);
}

}  // namespace sandbox
