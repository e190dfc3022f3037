#pragma once
// SageMaker (awsJson 1.1): endpoints, endpoint configs, models, notebook
// instances and tags.
// Wire calls only; "does not exist" answers come back as IsNotFound() with the
// AWS code kept.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "aws/aws_client.h"
#include "core/status.h"

namespace arm {

struct Tag {
  std::string key, value;
};

struct EndpointSummary {
  std::string name, arn, status;
};

struct VariantStatus {
  std::string variant_name;
  int current_instance_count = 0, desired_instance_count = 0;
};

struct EndpointDescription {
  std::string name, arn, config_name, status, failure_reason;
  std::vector<VariantStatus> variants;
};

struct ProductionVariant {
  std::string variant_name, model_name, instance_type;
  int initial_instance_count = 0;
  double initial_weight = 1;
  bool serverless = false;  // has a ServerlessConfig (no instances)
  int serverless_memory_mb = 0, serverless_max_concurrency = 0;
};

struct EndpointConfigDescription {
  std::string name, arn;
  std::vector<ProductionVariant> variants;
  // Every member of the description but its ARN and creation time, verbatim:
  // the CreateEndpointConfig input that makes the same config again (tags
  // apart, which ListTags gives).
  nlohmann::json recreate = nlohmann::json::object();
};

struct NotebookInstanceSummary {
  std::string name, arn, status, instance_type;
};

struct NotebookInstanceDescription {
  std::string name, arn, status, failure_reason, instance_type;
  int volume_size_gb = 0;  // the ML storage volume, billed stopped or not
};

class SageMakerClient {
 public:
  explicit SageMakerClient(AwsClient& client) : client_(client) {}

  // All endpoints (every page); `name_contains` filters server-side.
  Result<std::vector<EndpointSummary>> ListEndpoints(const std::string& name_contains = "");
  Result<EndpointDescription> DescribeEndpoint(const std::string& name);
  Status CreateEndpoint(const std::string& name, const std::string& config_name,
                        const std::vector<Tag>& tags, CallStats* stats = nullptr);
  Status DeleteEndpoint(const std::string& name, CallStats* stats = nullptr);
  Result<EndpointConfigDescription> DescribeEndpointConfig(const std::string& name);
  // `input` is a CreateEndpointConfig request (EndpointConfigRecreate plus
  // Tags).
  Status CreateEndpointConfig(const nlohmann::json& input, CallStats* stats = nullptr);
  // OK if the model exists, NotFound otherwise.
  Status DescribeModel(const std::string& name);
  // All notebook instances (every page); `name_contains` filters
  // server-side (AWS's pattern [a-zA-Z0-9-]+; callers pass "" otherwise).
  Result<std::vector<NotebookInstanceSummary>> ListNotebookInstances(
      const std::string& name_contains = "");
  // A missing notebook is IsNotFound() (AWS: ValidationException
  // "RecordNotFound").
  Result<NotebookInstanceDescription> DescribeNotebookInstance(const std::string& name);
  // AWS refuses one not InService (Stop) or not Stopped/Failed (Start) with a
  // ValidationException "Status (X) not in ([...])".
  Status StopNotebookInstance(const std::string& name, CallStats* stats = nullptr);
  Status StartNotebookInstance(const std::string& name, CallStats* stats = nullptr);
  // All tags (every page) of the resource.
  Result<std::vector<Tag>> ListTags(const std::string& arn);
  Status AddTags(const std::string& arn, const std::vector<Tag>& tags, CallStats* stats = nullptr);

 private:
  AwsClient& client_;
};

}  // namespace arm
