#include "services/ecs_client.h"

#include <algorithm>

#include "aws/protocols/aws_json.h"
#include "services/wire_util.h"

namespace arm {
namespace {

using nlohmann::json;
using wire::Str;

const aws_json::JsonService kService{services::kEcs, "AmazonEC2ContainerServiceV20141113", "1.1"};

Result<json> Call(AwsClient& client, std::string_view operation, const json& input,
                  CallStats* stats = nullptr) {
  Result<json> r = aws_json::Call(client, kService, operation, input, stats);
  if (!r.ok())
    return wire::NotFoundIf(r.status(), {"ClusterNotFoundException", "ServiceNotFoundException"});
  return r;
}

Result<std::vector<std::string>> ListArns(AwsClient& client, std::string_view operation,
                                          const char* key, json input) {
  std::vector<std::string> out;
  std::string token;
  do {
    json page_input = input;
    page_input["maxResults"] = 100;
    if (!token.empty()) page_input["nextToken"] = token;
    Result<json> page = Call(client, operation, page_input);
    if (!page.ok()) return page.status();
    Status s = wire::DecodeInto(operation, [&] {
      for (const json& a : wire::Array(*page, key)) out.push_back(a.get<std::string>());
      token = Str(*page, "nextToken");
    });
    if (!s.ok()) return s;
  } while (!token.empty());
  return out;
}

}  // namespace

const EcsDeployment* EcsService::Primary() const {
  for (const auto& d : deployments) {
    if (d.status == "PRIMARY") return &d;
  }
  return nullptr;
}

std::string EcsNameFromArn(const std::string& arn) {
  if (arn.rfind("arn:", 0) != 0) return arn;
  size_t slash = arn.rfind('/');
  return slash == std::string::npos ? arn : arn.substr(slash + 1);
}

Result<std::vector<std::string>> EcsClient::ListClusters() {
  return ListArns(client_, "ListClusters", "clusterArns", json::object());
}

Result<std::vector<std::string>> EcsClient::ListServices(const std::string& cluster) {
  return ListArns(client_, "ListServices", "serviceArns", {{"cluster", cluster}});
}

Result<std::vector<EcsService>> EcsClient::DescribeServices(
    const std::string& cluster, const std::vector<std::string>& services) {
  std::vector<EcsService> out;
  for (size_t i = 0; i < services.size(); i += kMaxServicesPerDescribe) {
    std::vector<std::string> chunk(
        services.begin() + i,
        services.begin() + std::min(services.size(), i + kMaxServicesPerDescribe));
    Result<json> r =
        Call(client_, "DescribeServices",
             {{"cluster", cluster}, {"services", chunk}, {"include", json::array({"TAGS"})}});
    if (!r.ok()) return r.status();
    Status s = wire::DecodeInto("DescribeServices", [&] {
      for (const json& e : wire::Array(*r, "services")) {
        EcsService svc;
        svc.arn = Str(e, "serviceArn");
        svc.name = Str(e, "serviceName");
        svc.cluster_arn = Str(e, "clusterArn");
        svc.status = Str(e, "status");
        svc.launch_type = Str(e, "launchType");
        svc.task_definition = Str(e, "taskDefinition");
        svc.desired_count = static_cast<int>(wire::Int(e, "desiredCount"));
        svc.running_count = static_cast<int>(wire::Int(e, "runningCount"));
        svc.pending_count = static_cast<int>(wire::Int(e, "pendingCount"));
        for (const json& d : wire::Array(e, "deployments")) {
          svc.deployments.push_back({Str(d, "id"), Str(d, "status"), Str(d, "rolloutState"),
                                     Str(d, "rolloutStateReason"),
                                     static_cast<int>(wire::Int(d, "desiredCount")),
                                     static_cast<int>(wire::Int(d, "runningCount"))});
        }
        for (const json& t : wire::Array(e, "tags"))
          svc.tags.emplace_back(Str(t, "key"), Str(t, "value"));
        out.push_back(std::move(svc));
      }
    });
    if (!s.ok()) return s;
  }
  return out;
}

Result<EcsTaskSize> EcsClient::DescribeTaskDefinition(const std::string& task_definition) {
  Result<json> r = Call(client_, "DescribeTaskDefinition", {{"taskDefinition", task_definition}});
  if (!r.ok()) return r.status();
  return wire::Decode("DescribeTaskDefinition", [&] {
    const json& td = wire::Member(*r, "taskDefinition");
    EcsTaskSize size;
    // cpu and memory are strings in the API ("1024", "2048"); absent for
    // EC2 tasks sized per container.
    std::string cpu = Str(td, "cpu"), memory = Str(td, "memory");
    if (!cpu.empty()) size.vcpu = std::stod(cpu) / 1024.0;
    if (!memory.empty()) size.memory_gb = std::stod(memory) / 1024.0;
    for (const json& c : wire::Array(td, "requiresCompatibilities"))
      size.requires_compatibilities.push_back(c.get<std::string>());
    return size;
  });
}

Status EcsClient::UpdateServiceDesiredCount(const std::string& cluster, const std::string& service,
                                            int desired_count, CallStats* stats) {
  Result<json> r =
      Call(client_, "UpdateService",
           {{"cluster", cluster}, {"service", service}, {"desiredCount", desired_count}}, stats);
  return r.status();
}

}  // namespace arm
