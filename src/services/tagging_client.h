#pragma once
// Resource Groups Tagging API (awsJson 1.1): find resources by tag across
// services. Wire calls only.
#include <map>
#include <string>
#include <vector>

#include "aws/aws_client.h"
#include "core/status.h"

namespace arm {

struct TagFilter {
  std::string key;
  std::vector<std::string> values;  // empty: any value
};

struct TaggedResourceArn {
  std::string arn;
  std::map<std::string, std::string> tags;
};

class TaggingClient {
 public:
  explicit TaggingClient(AwsClient& client) : client_(client) {}

  // Every resource matching all `filters`, restricted to `resource_types`
  // ("sagemaker:endpoint", "kinesis") when not empty; all pages.
  Result<std::vector<TaggedResourceArn>> GetResources(
      const std::vector<TagFilter>& filters, const std::vector<std::string>& resource_types);

 private:
  AwsClient& client_;
};

}  // namespace arm
