#pragma once
// SNS_TOPIC_ARN: a short subject and body after a real stop or start: what
// changed, what failed, the savings.
#include <string>

#include "audit/operation_report.h"

namespace arm {

struct Notification {
  std::string subject;  // at most 100 characters (SNS limit)
  std::string body;
};

Notification BuildNotification(const OperationInfo& info, const OperationReport& report);

}  // namespace arm
