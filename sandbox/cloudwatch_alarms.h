#pragma once
// CloudWatch alarms in the sandbox: metric and composite alarms, the
// DescribeAlarms filters and paging, and Enable/DisableAlarmActions. Protocol
// free: cloudwatch_wire.* reads requests and writes answers in awsJson 1.0
// or the query protocol.
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace sandbox {

using TimePoint = std::chrono::system_clock::time_point;

enum class AlarmType { kMetric, kComposite };

struct AlarmDimension {
  std::string name;
  std::string value;
};

struct Alarm {
  AlarmType type = AlarmType::kMetric;
  std::string name;
  std::string description;
  bool actions_enabled = true;
  std::vector<std::string> ok_actions;
  std::vector<std::string> alarm_actions;
  std::vector<std::string> insufficient_data_actions;
  std::string state_value = "INSUFFICIENT_DATA";
  std::string state_reason;
  TimePoint state_updated;
  TimePoint configuration_updated;
  std::map<std::string, std::string> tags;
  // Metric alarms.
  std::string metric_name;
  std::string namespace_name;
  std::string statistic;
  std::string extended_statistic;
  std::string unit;
  std::vector<AlarmDimension> dimensions;
  int period = 0;
  int evaluation_periods = 0;
  std::optional<int> datapoints_to_alarm;
  double threshold = 0;
  std::string comparison_operator;
  std::string treat_missing_data;
  // Composite alarms.
  std::string alarm_rule;
};

// An error as CloudWatch answers it: `code` is the query-protocol code
// (ValidationError, InvalidNextToken, ...), `json_type` the awsJson __type.
struct CloudWatchError {
  int status = 400;
  std::string code;
  std::string json_type;
  std::string message;
};

struct DescribeAlarmsInput {
  std::vector<std::string> alarm_names;
  std::optional<std::string> alarm_name_prefix;
  std::vector<std::string> alarm_types;
  std::optional<std::string> state_value;
  std::optional<std::string> action_prefix;
  std::optional<long long> max_records;
  std::optional<std::string> next_token;
};

struct DescribeAlarmsOutput {
  std::vector<const Alarm*> metric_alarms;
  std::vector<const Alarm*> composite_alarms;
  std::string next_token;  // empty on the last page
};

// "1 validation error detected: Value <value> at '<member>' failed to satisfy
// constraint: <constraint>", the wording of AWS's request validation.
CloudWatchError ValidationError(const std::string& value, const std::string& member,
                                const std::string& constraint);
// The ValidationError for more than 100 AlarmNames, or nullopt.
std::optional<CloudWatchError> CheckAlarmNames(const std::vector<std::string>& names);

class AlarmStore {
 public:
  static constexpr int kDefaultMaxRecords = 50;
  static constexpr int kMaxAlarmNames = 100;

  // `section` is the estate's "cloudwatch" object; alarms without
  // timestamps get `now`.
  void Load(const nlohmann::json& section, TimePoint now);
  // {"alarms": {name: {"type": "metric"|"composite", "actions_enabled": b}}}
  nlohmann::json Dump() const;

  std::optional<CloudWatchError> Describe(const DescribeAlarmsInput& input,
                                          DescribeAlarmsOutput* output) const;
  // Unknown names are ignored, as on AWS.
  std::optional<CloudWatchError> SetActionsEnabled(const std::vector<std::string>& names,
                                                   bool enabled, TimePoint now);

  // Unknown names are ignored (AWS answers ResourceNotFound only when none
  // exists; the sandbox keeps it simple).
  std::optional<CloudWatchError> Delete(const std::vector<std::string>& names);

  std::vector<const Alarm*> All() const;

  // Appends `count` alarms to estate["cloudwatch"]: metric alarms, every
  // tenth with actions disabled, and one composite alarm per 50.
  static void Generate(int count, nlohmann::json& estate);

 private:
  Alarm* Find(const std::string& name);

  std::map<std::string, Alarm> metric_;
  std::map<std::string, Alarm> composite_;
};

std::string AlarmArn(const std::string& region, const std::string& account,
                     const std::string& name);

}  // namespace sandbox
