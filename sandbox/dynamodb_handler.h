#pragma once
// DynamoDB (awsJson1.0): ListTables and DescribeTable.
#include <memory>

#include "sandbox/service_handler.h"

namespace sandbox {

std::unique_ptr<ServiceHandler> MakeDynamoDbHandler(const Context& context);

}  // namespace sandbox
