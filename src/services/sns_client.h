#pragma once
// SNS (query protocol, 2010-03-31): publishing notifications.
#include <string>

#include "aws/aws_client.h"
#include "core/status.h"

namespace arm {

class SnsClient {
 public:
  explicit SnsClient(AwsClient& client) : client_(client) {}

  // The MessageId. An empty `subject` is left out. A missing topic is
  // IsNotFound() (the AWS code NotFound kept).
  Result<std::string> Publish(const std::string& topic_arn, const std::string& subject,
                              const std::string& message);

 private:
  AwsClient& client_;
};

}  // namespace arm
