#include "services/sagemaker_client.h"

#include <nlohmann/json.hpp>

#include "aws/protocols/aws_json.h"
#include "services/wire_util.h"

namespace arm {
namespace {

using nlohmann::json;
using wire::Str;

const aws_json::JsonService kService{services::kSageMaker, "SageMaker", "1.1"};

// SageMaker has no ResourceNotFound for most describes: a missing endpoint,
// config or model is a ValidationException "Could not find endpoint ...", a
// missing notebook instance one whose message is "RecordNotFound".
Status MapNotFound(const Status& s) {
  if (s.IsAws("ResourceNotFound") || s.IsAws("ResourceNotFoundException")) {
    return s.AsNotFound();
  }
  if (s.IsAws("ValidationException") && (s.message().find("Could not find") != std::string::npos ||
                                         s.message().rfind("RecordNotFound", 0) == 0)) {
    return s.AsNotFound();
  }
  return s;
}

Result<json> Call(AwsClient& client, std::string_view operation, const json& input,
                  CallStats* stats = nullptr) {
  Result<json> r = aws_json::Call(client, kService, operation, input, stats);
  if (!r.ok()) return MapNotFound(r.status());
  return r;
}

json TagsToJson(const std::vector<Tag>& tags) {
  json list = json::array();
  for (const Tag& t : tags) list.push_back({{"Key", t.key}, {"Value", t.value}});
  return list;
}

}  // namespace

Result<std::vector<EndpointSummary>> SageMakerClient::ListEndpoints(
    const std::string& name_contains) {
  std::vector<EndpointSummary> out;
  std::string token;
  do {
    json input = {{"MaxResults", 100}};
    if (!name_contains.empty()) input["NameContains"] = name_contains;
    if (!token.empty()) input["NextToken"] = token;
    Result<json> page = Call(client_, "ListEndpoints", input);
    if (!page.ok()) return page.status();
    Status s = wire::DecodeInto("ListEndpoints", [&] {
      for (const json& e : wire::Array(*page, "Endpoints")) {
        out.push_back({Str(e, "EndpointName"), Str(e, "EndpointArn"), Str(e, "EndpointStatus")});
      }
      token = Str(*page, "NextToken");
    });
    if (!s.ok()) return s;
  } while (!token.empty());
  return out;
}

Result<EndpointDescription> SageMakerClient::DescribeEndpoint(const std::string& name) {
  Result<json> r = Call(client_, "DescribeEndpoint", {{"EndpointName", name}});
  if (!r.ok()) return r.status();
  return wire::Decode("DescribeEndpoint", [&] {
    EndpointDescription d;
    d.name = Str(*r, "EndpointName");
    d.arn = Str(*r, "EndpointArn");
    d.config_name = Str(*r, "EndpointConfigName");
    d.status = Str(*r, "EndpointStatus");
    d.failure_reason = Str(*r, "FailureReason");
    for (const json& v : wire::Array(*r, "ProductionVariants")) {
      d.variants.push_back({Str(v, "VariantName"),
                            static_cast<int>(wire::Int(v, "CurrentInstanceCount")),
                            static_cast<int>(wire::Int(v, "DesiredInstanceCount"))});
    }
    return d;
  });
}

Status SageMakerClient::CreateEndpoint(const std::string& name, const std::string& config_name,
                                       const std::vector<Tag>& tags, CallStats* stats) {
  json input = {{"EndpointName", name}, {"EndpointConfigName", config_name}};
  if (!tags.empty()) input["Tags"] = TagsToJson(tags);
  return Call(client_, "CreateEndpoint", input, stats).status();
}

Status SageMakerClient::DeleteEndpoint(const std::string& name, CallStats* stats) {
  return Call(client_, "DeleteEndpoint", {{"EndpointName", name}}, stats).status();
}

Result<EndpointConfigDescription> SageMakerClient::DescribeEndpointConfig(const std::string& name) {
  Result<json> r = Call(client_, "DescribeEndpointConfig", {{"EndpointConfigName", name}});
  if (!r.ok()) return r.status();
  return wire::Decode("DescribeEndpointConfig", [&] {
    EndpointConfigDescription d;
    d.name = Str(*r, "EndpointConfigName");
    d.arn = Str(*r, "EndpointConfigArn");
    for (const json& v : wire::Array(*r, "ProductionVariants")) {
      ProductionVariant p;
      p.variant_name = Str(v, "VariantName");
      p.model_name = Str(v, "ModelName");
      p.instance_type = Str(v, "InstanceType");
      p.initial_instance_count = static_cast<int>(wire::Int(v, "InitialInstanceCount"));
      const json& weight = wire::Member(v, "InitialVariantWeight");
      if (!weight.is_null()) p.initial_weight = weight.get<double>();
      const json& serverless = wire::Member(v, "ServerlessConfig");
      p.serverless = !serverless.is_null();
      if (p.serverless) {
        p.serverless_memory_mb = static_cast<int>(wire::Int(serverless, "MemorySizeInMB"));
        p.serverless_max_concurrency = static_cast<int>(wire::Int(serverless, "MaxConcurrency"));
      }
      d.variants.push_back(std::move(p));
    }
    d.recreate = *r;
    d.recreate.erase("EndpointConfigArn");
    d.recreate.erase("CreationTime");
    return d;
  });
}

Status SageMakerClient::CreateEndpointConfig(const json& input, CallStats* stats) {
  return Call(client_, "CreateEndpointConfig", input, stats).status();
}

Status SageMakerClient::DescribeModel(const std::string& name) {
  return Call(client_, "DescribeModel", {{"ModelName", name}}).status();
}

Result<std::vector<NotebookInstanceSummary>> SageMakerClient::ListNotebookInstances(
    const std::string& name_contains) {
  std::vector<NotebookInstanceSummary> out;
  std::string token;
  do {
    json input = {{"MaxResults", 100}};
    if (!name_contains.empty()) input["NameContains"] = name_contains;
    if (!token.empty()) input["NextToken"] = token;
    Result<json> page = Call(client_, "ListNotebookInstances", input);
    if (!page.ok()) return page.status();
    Status s = wire::DecodeInto("ListNotebookInstances", [&] {
      for (const json& n : wire::Array(*page, "NotebookInstances")) {
        out.push_back({Str(n, "NotebookInstanceName"), Str(n, "NotebookInstanceArn"),
                       Str(n, "NotebookInstanceStatus"), Str(n, "InstanceType")});
      }
      token = Str(*page, "NextToken");
    });
    if (!s.ok()) return s;
  } while (!token.empty());
  return out;
}

Result<NotebookInstanceDescription> SageMakerClient::DescribeNotebookInstance(
    const std::string& name) {
  Result<json> r = Call(client_, "DescribeNotebookInstance", {{"NotebookInstanceName", name}});
  if (!r.ok()) return r.status();
  return wire::Decode("DescribeNotebookInstance", [&] {
    NotebookInstanceDescription d;
    d.name = Str(*r, "NotebookInstanceName");
    d.arn = Str(*r, "NotebookInstanceArn");
    d.status = Str(*r, "NotebookInstanceStatus");
    d.failure_reason = Str(*r, "FailureReason");
    d.instance_type = Str(*r, "InstanceType");
    d.volume_size_gb = static_cast<int>(wire::Int(*r, "VolumeSizeInGB"));
    return d;
  });
}

Status SageMakerClient::StopNotebookInstance(const std::string& name, CallStats* stats) {
  return Call(client_, "StopNotebookInstance", {{"NotebookInstanceName", name}}, stats).status();
}

Status SageMakerClient::StartNotebookInstance(const std::string& name, CallStats* stats) {
  return Call(client_, "StartNotebookInstance", {{"NotebookInstanceName", name}}, stats).status();
}

Result<std::vector<Tag>> SageMakerClient::ListTags(const std::string& arn) {
  std::vector<Tag> out;
  std::string token;
  do {
    json input = {{"ResourceArn", arn}};
    if (!token.empty()) input["NextToken"] = token;
    Result<json> page = Call(client_, "ListTags", input);
    if (!page.ok()) return page.status();
    Status s = wire::DecodeInto("ListTags", [&] {
      for (const json& t : wire::Array(*page, "Tags")) {
        out.push_back({Str(t, "Key"), Str(t, "Value")});
      }
      token = Str(*page, "NextToken");
    });
    if (!s.ok()) return s;
  } while (!token.empty());
  return out;
}

Status SageMakerClient::AddTags(const std::string& arn, const std::vector<Tag>& tags,
                                CallStats* stats) {
  json input = {{"ResourceArn", arn}, {"Tags", TagsToJson(tags)}};
  return Call(client_, "AddTags", input, stats).status();
}

}  // namespace arm
