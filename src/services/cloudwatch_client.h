#pragma once
// CloudWatch (query protocol, 2010-08-01): alarms and their actions. Wire
// calls only.
#include <string>
#include <vector>

#include "aws/aws_client.h"
#include "core/status.h"

namespace arm {

struct Alarm {
  std::string name, arn;
  bool composite = false;
  bool actions_enabled = false;
  std::string state_value, namespace_, metric_name;  // metric alarms only
  int period = 0;                                    // metric alarms only
  // The values of the alarm's metric dimensions (EndpointName, StreamName...),
  // its own and those of a metric-math alarm's metrics: what it watches.
  std::vector<std::string> dimension_values;
  // Composite alarms: the alarms its AlarmRule names (AlarmRuleNames).
  std::vector<std::string> rule_names;
};

// The alarms a composite AlarmRule names, in order of appearance, each once:
// the arguments of ALARM(...), OK(...) and INSUFFICIENT_DATA(...) and the
// list of AT_LEAST(M, STATE, (...)), quoted or bare, at any depth; an alarm
// ARN ("arn:aws:cloudwatch:REGION:ACCOUNT:alarm:NAME") gives its NAME.
std::vector<std::string> AlarmRuleNames(std::string_view rule);

struct DescribeAlarmsRequest {
  std::string name_prefix;  // AWS allows a prefix or names, not both
  std::vector<std::string> names;
  bool include_composite = true;
  int max_records = 100;
};

class CloudWatchClient {
 public:
  explicit CloudWatchClient(AwsClient& client) : client_(client) {}

  // Every matching alarm, all pages; metric alarms, plus composite ones when
  // `include_composite`. Names are sent 100 per call.
  Result<std::vector<Alarm>> DescribeAlarms(const DescribeAlarmsRequest& request);
  // At most kMaxNamesPerCall names: more is InvalidArgument without a call,
  // so the caller decides how to split a change it must track.
  Status DisableAlarmActions(const std::vector<std::string>& names, CallStats* stats = nullptr);
  Status EnableAlarmActions(const std::vector<std::string>& names, CallStats* stats = nullptr);

  static constexpr size_t kMaxNamesPerCall = 100;

 private:
  Status DescribeAlarmsChunk(const DescribeAlarmsRequest& request,
                             const std::vector<std::string>& names, std::vector<Alarm>* out);
  Status SetAlarmActions(std::string_view action, const std::vector<std::string>& names,
                         CallStats* stats);

  AwsClient& client_;
};

}  // namespace arm
