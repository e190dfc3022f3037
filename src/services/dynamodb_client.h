#pragma once
// DynamoDB (awsJson 1.0): table listing and description. Wire calls only; a
// missing table is IsNotFound() (ResourceNotFoundException kept).
#include <string>
#include <vector>

#include "aws/aws_client.h"
#include "core/status.h"

namespace arm {

struct TableInfo {
  std::string name, arn, status;
  std::string billing_mode;  // PROVISIONED or PAY_PER_REQUEST
  long long read_capacity = 0, write_capacity = 0, item_count = 0, size_bytes = 0;
};

class DynamoDbClient {
 public:
  explicit DynamoDbClient(AwsClient& client) : client_(client) {}

  // Every table name, all pages.
  Result<std::vector<std::string>> ListTables();
  Result<TableInfo> DescribeTable(const std::string& name);

 private:
  AwsClient& client_;
};

}  // namespace arm
