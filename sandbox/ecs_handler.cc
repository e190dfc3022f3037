#include "sandbox/ecs_handler.h"

#include "sandbox/iam_policy.h"
#include "sandbox/json_args.h"
#include "sandbox/json_op_table.h"
#include "sandbox/paging.h"
#include "sandbox/wire.h"

namespace sandbox {

using nlohmann::json;

namespace {

constexpr char kVersion[] = "1.1";
constexpr char kTarget[] = "AmazonEC2ContainerServiceV20141113";
// ListClusters / ListServices: maxResults 1..100 (default 100 for
// ListClusters, 10 for ListServices).
constexpr PageSizeRule kClustersPage{100, 1, 100, "maxResults must be between 1 and 100.",
                                     "maxResults must be between 1 and 100."};
constexpr PageSizeRule kServicesPage{10, 1, 100, "maxResults must be between 1 and 100.",
                                     "maxResults must be between 1 and 100."};
constexpr size_t kMaxDescribe = 10;

const PageTokens& Tokens() {
  static const PageTokens kTokens("ecs");
  return kTokens;
}

Response Ok(const json& body) { return JsonOk(body, kVersion); }
Response Invalid(const std::string& message) {
  return JsonError(400, "InvalidParameterException", message, kVersion);
}
Response ClusterNotFound() {
  return JsonError(400, "ClusterNotFoundException", "Cluster not found.", kVersion);
}

// "arn:...:cluster/NAME" or "NAME"; the default cluster when absent.
std::string ClusterName(const std::optional<std::string>& ref) {
  if (!ref || ref->empty()) return "default";
  size_t slash = ref->rfind('/');
  return ref->rfind("arn:", 0) == 0 && slash != std::string::npos ? ref->substr(slash + 1) : *ref;
}
// "arn:...:service/CLUSTER/NAME", "arn:...:service/NAME" or "NAME".
std::string ServiceName(const std::string& ref) {
  size_t slash = ref.rfind('/');
  return ref.rfind("arn:", 0) == 0 && slash != std::string::npos ? ref.substr(slash + 1) : ref;
}

class Ops {
 public:
  Ops(SageMakerStore& s, JsonArgs& a) : s_(s), e_(s.ecs), args_(a) {}

  Response ListClusters() {
    auto max_results = args_.Int("maxResults");
    auto token = args_.String("nextToken");
    if (!args_.ok()) return TypeError();
    auto size = PageSize(max_results, kClustersPage);
    if (!size.ok()) return Invalid(size.status().message());
    auto offset = Tokens().Offset(token);
    if (!offset.ok()) return Invalid("Invalid nextToken.");
    std::vector<std::string> arns;
    for (const auto& c : e_.clusters) arns.push_back(Arn("cluster/" + c));
    Page<std::string> page = PageOf(arns, *offset, *size, Tokens());
    json out = {{"clusterArns", json::array()}};
    for (const auto& a : page.items) out["clusterArns"].push_back(a);
    if (page.more()) out["nextToken"] = page.next_token;
    return Ok(out);
  }

  Response ListServices() {
    std::string cluster = ClusterName(args_.String("cluster"));
    auto max_results = args_.Int("maxResults");
    auto token = args_.String("nextToken");
    auto launch_type = args_.String("launchType");
    if (!args_.ok()) return TypeError();
    auto size = PageSize(max_results, kServicesPage);
    if (!size.ok()) return Invalid(size.status().message());
    auto offset = Tokens().Offset(token);
    if (!offset.ok()) return Invalid("Invalid nextToken.");
    if (!e_.HasCluster(cluster)) return ClusterNotFound();
    std::vector<std::string> arns;
    for (const auto& [key, svc] : e_.services) {
      if (svc.cluster != cluster || svc.status == "INACTIVE") continue;
      if (launch_type && svc.launch_type != *launch_type) continue;
      arns.push_back(Arn("service/" + key));
    }
    Page<std::string> page = PageOf(arns, *offset, *size, Tokens());
    json out = {{"serviceArns", json::array()}};
    for (const auto& a : page.items) out["serviceArns"].push_back(a);
    if (page.more()) out["nextToken"] = page.next_token;
    return Ok(out);
  }

  Response DescribeServices() {
    std::string cluster = ClusterName(args_.String("cluster"));
    const json* names = args_.Array("services");
    const json* include = args_.Array("include");
    if (!args_.ok()) return TypeError();
    if (names == nullptr) return Invalid("Services cannot be empty.");
    if (names->empty()) return Invalid("Services cannot be empty.");
    if (names->size() > kMaxDescribe)
      return Invalid("Services cannot have more than " + std::to_string(kMaxDescribe) +
                     " elements.");
    if (!e_.HasCluster(cluster)) return ClusterNotFound();
    bool tags = false;
    if (include != nullptr)
      for (const json& i : *include)
        tags = tags || (i.is_string() && i.get<std::string>() == "TAGS");
    json out = {{"services", json::array()}, {"failures", json::array()}};
    for (const json& n : *names) {
      if (!n.is_string()) return TypeError();
      std::string name = ServiceName(n.get<std::string>());
      const EcsService* svc = e_.FindService(cluster, name);
      if (svc == nullptr) {
        out["failures"].push_back(
            {{"arn", Arn("service/" + cluster + "/" + name)}, {"reason", "MISSING"}});
        continue;
      }
      out["services"].push_back(ServiceJson(*svc, tags));
    }
    return Ok(out);
  }

  Response UpdateService() {
    std::string cluster = ClusterName(args_.String("cluster"));
    auto service = args_.String("service");
    auto desired = args_.Int("desiredCount");
    if (!args_.ok()) return TypeError();
    if (!service) return Invalid("Service cannot be empty.");
    if (desired && *desired < 0)
      return Invalid("Desired count must be greater than or equal to 0.");
    if (!e_.HasCluster(cluster)) return ClusterNotFound();
    EcsService* svc = e_.FindService(cluster, ServiceName(*service));
    if (svc == nullptr)
      return JsonError(400, "ServiceNotFoundException", "Service not found.", kVersion);
    if (svc->status != "ACTIVE")
      return JsonError(400, "ServiceNotActiveException", "Service was not ACTIVE.", kVersion);
    if (desired) e_.SetDesired(*svc, static_cast<int>(*desired), *s_.ctx.clock);
    return Ok({{"service", ServiceJson(*svc, false)}});
  }

  Response DescribeTaskDefinition() {
    auto ref = args_.String("taskDefinition");
    if (!args_.ok()) return TypeError();
    if (!ref)
      return JsonError(400, "ClientException", "Task Definition can not be blank.", kVersion);
    const EcsTaskDefinition* td = e_.FindTaskDefinition(*ref);
    if (td == nullptr)
      return JsonError(400, "ClientException", "Unable to describe task definition.", kVersion);
    json d = {{"taskDefinitionArn", TaskDefinitionArn(*td)},
              {"family", td->family},
              {"revision", td->revision},
              {"status", "ACTIVE"},
              {"requiresCompatibilities", td->requires_compatibilities},
              {"containerDefinitions", json::array()}};
    if (!td->cpu.empty()) d["cpu"] = td->cpu;
    if (!td->memory.empty()) d["memory"] = td->memory;
    return Ok({{"taskDefinition", d}});
  }

 private:
  Response TypeError() {
    return JsonError(400, "SerializationException", args_.type_error(), kVersion);
  }
  std::string Arn(const std::string& resource) const {
    return "arn:aws:ecs:" + s_.ctx.region + ":" + s_.ctx.account_id + ":" + resource;
  }
  std::string TaskDefinitionArn(const EcsTaskDefinition& td) const {
    return Arn("task-definition/" + td.family + ":" + std::to_string(td.revision));
  }
  json ServiceJson(const EcsService& s, bool with_tags) const {
    json out = {
        {"serviceArn", Arn("service/" + s.cluster + "/" + s.name)},
        {"serviceName", s.name},
        {"clusterArn", Arn("cluster/" + s.cluster)},
        {"status", s.status},
        {"desiredCount", s.desired},
        {"runningCount", s.running},
        {"pendingCount",
         s.rollout_state == "IN_PROGRESS" && s.desired > s.running ? s.desired - s.running : 0},
        {"launchType", s.launch_type},
        {"schedulingStrategy", "REPLICA"},
        {"createdAt", s.created_at}};
    if (const EcsTaskDefinition* td = e_.FindTaskDefinition(s.task_definition))
      out["taskDefinition"] = TaskDefinitionArn(*td);
    out["deployments"] = {{{"id", "ecs-svc/" + std::to_string(s.deployment)},
                           {"status", "PRIMARY"},
                           {"taskDefinition", out.value("taskDefinition", "")},
                           {"desiredCount", s.desired},
                           {"runningCount", s.running},
                           {"pendingCount", out["pendingCount"]},
                           {"launchType", s.launch_type},
                           {"rolloutState", s.rollout_state},
                           {"rolloutStateReason", s.rollout_reason}}};
    if (with_tags) {
      out["tags"] = json::array();
      for (const auto& [k, v] : s.tags) out["tags"].push_back({{"key", k}, {"value", v}});
    }
    return out;
  }

  SageMakerStore& s_;
  EcsState& e_;
  JsonArgs& args_;
};

constexpr JsonOp<Ops> kOps[] = {
    {"ListClusters", &Ops::ListClusters},
    {"ListServices", &Ops::ListServices},
    {"DescribeServices", &Ops::DescribeServices},
    {"UpdateService", &Ops::UpdateService},
    {"DescribeTaskDefinition", &Ops::DescribeTaskDefinition},
};

const JsonOp<Ops>* FindOp(const Request& request) { return FindJsonOp(kOps, request, kTarget); }

}  // namespace

std::string EcsHandler::IamAction(const Request& request) const {
  const JsonOp<Ops>* op = FindOp(request);
  return op == nullptr ? "" : std::string("ecs:") + op->name;
}

std::vector<std::string> EcsHandler::IamResources(const Request& request) const {
  const JsonOp<Ops>* op = FindOp(request);
  if (op == nullptr) return {"*"};
  const std::string_view name = op->name;
  nlohmann::json body = nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (!body.is_object()) return {"*"};
  std::optional<std::string> cluster_ref;
  if (body.contains("cluster") && body["cluster"].is_string())
    cluster_ref = body["cluster"].get<std::string>();
  const std::string cluster = ClusterName(cluster_ref);
  auto arn = [&](const std::string& service) {
    return IamArn("ecs", request.region, store_->ctx.account_id,
                  "service/" + cluster + "/" + ServiceName(service));
  };
  std::vector<std::string> out;
  if (name == "UpdateService" && body.contains("service") && body["service"].is_string())
    out.push_back(arn(body["service"].get<std::string>()));
  if (name == "DescribeServices" && body.contains("services") && body["services"].is_array())
    for (const auto& s : body["services"])
      if (s.is_string()) out.push_back(arn(s.get<std::string>()));
  if (out.empty()) out.push_back("*");
  return out;
}

Response EcsHandler::Handle(const Request& request) {
  return DispatchJsonOp(FindOp(request), request, kVersion, *store_);
}

void EcsHandler::Load(const json& estate) {
  std::lock_guard<std::mutex> lock(store_->mu);
  store_->UseEstateAccount(estate);
  store_->ecs.Load(estate.is_object() && estate.contains("ecs") ? estate["ecs"] : json::object(),
                   *store_->ctx.clock);
}

json EcsHandler::Dump() const {
  std::lock_guard<std::mutex> lock(store_->mu);
  store_->Advance();
  return store_->ecs.Dump();
}

void EcsHandler::CollectTagged(std::vector<TaggedResource>& out) const {
  std::lock_guard<std::mutex> lock(store_->mu);
  for (const auto& [key, s] : store_->ecs.services) {
    if (s.tags.empty() || s.status == "INACTIVE") continue;
    TaggedResource r;
    r.arn = "arn:aws:ecs:" + store_->ctx.region + ":" + store_->ctx.account_id + ":service/" + key;
    for (const auto& [k, v] : s.tags) r.tags[k] = v;
    out.push_back(std::move(r));
  }
}

}  // namespace sandbox
