#pragma once
// Kinesis Data Streams (awsJson 1.1). Wire calls only; a missing stream is
// IsNotFound() (ResourceNotFoundException kept as the AWS code).
#include <map>
#include <string>
#include <vector>

#include "aws/aws_client.h"
#include "core/status.h"

namespace arm {

struct StreamSummary {
  std::string name, arn, status, mode;  // mode: PROVISIONED or ON_DEMAND
  int open_shard_count = 0;
  int retention_hours = 0;
};

class KinesisClient {
 public:
  explicit KinesisClient(AwsClient& client) : client_(client) {}

  // Every stream name, all pages.
  Result<std::vector<std::string>> ListStreams();
  Result<StreamSummary> DescribeStreamSummary(const std::string& name);
  // UNIFORM_SCALING to `target` shards.
  Status UpdateShardCount(const std::string& name, int target, CallStats* stats = nullptr);
  // `mode`: PROVISIONED or ON_DEMAND. AWS allows two switches per stream in
  // a rolling 24 hours (LimitExceededException after that).
  Status UpdateStreamMode(const std::string& arn, const std::string& mode,
                          CallStats* stats = nullptr);
  // Every tag, all pages.
  Result<std::map<std::string, std::string>> ListTagsForStream(const std::string& name);

 private:
  AwsClient& client_;
};

}  // namespace arm
