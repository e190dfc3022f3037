#pragma once
// STS (query protocol, 2011-06-15): who the credentials belong to.
#include <string>

#include "aws/aws_client.h"
#include "core/status.h"

namespace arm {

struct CallerIdentity {
  std::string account, arn, user_id;
};

class StsClient {
 public:
  explicit StsClient(AwsClient& client) : client_(client) {}

  Result<CallerIdentity> GetCallerIdentity();

 private:
  AwsClient& client_;
};

}  // namespace arm
