#include "sandbox/cloudwatch_alarms.h"

#include <algorithm>
#include <cstdio>
#include <set>
#include <string_view>

#include "core/clock.h"
#include "sandbox/paging.h"

namespace sandbox {

namespace {

std::string Str(const nlohmann::json& j, const char* key, const std::string& def = "") {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : def;
}

std::vector<std::string> StrList(const nlohmann::json& j, const char* key) {
  std::vector<std::string> out;
  auto it = j.find(key);
  if (it == j.end() || !it->is_array()) return out;
  for (const auto& v : *it) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

TimePoint Time(const nlohmann::json& j, const char* key, TimePoint def) {
  TimePoint t;
  return arm::ParseIso8601(Str(j, key), &t) ? t : def;
}

Alarm ParseAlarm(const nlohmann::json& a, AlarmType type, TimePoint now) {
  Alarm alarm;
  alarm.type = type;
  alarm.name = Str(a, "AlarmName");
  alarm.description = Str(a, "AlarmDescription");
  if (auto it = a.find("ActionsEnabled"); it != a.end() && it->is_boolean())
    alarm.actions_enabled = it->get<bool>();
  alarm.ok_actions = StrList(a, "OKActions");
  alarm.alarm_actions = StrList(a, "AlarmActions");
  alarm.insufficient_data_actions = StrList(a, "InsufficientDataActions");
  alarm.state_value = Str(a, "StateValue", "INSUFFICIENT_DATA");
  alarm.state_reason = Str(a, "StateReason", "Unchecked: Initial alarm creation");
  alarm.state_updated = Time(a, "StateUpdatedTimestamp", now);
  alarm.configuration_updated = Time(a, "AlarmConfigurationUpdatedTimestamp", now);
  if (auto it = a.find("Tags"); it != a.end() && it->is_array()) {
    for (const auto& t : *it) {
      if (t.is_object()) alarm.tags[Str(t, "Key")] = Str(t, "Value");
    }
  }
  alarm.metric_name = Str(a, "MetricName");
  alarm.namespace_name = Str(a, "Namespace");
  alarm.statistic = Str(a, "Statistic");
  alarm.extended_statistic = Str(a, "ExtendedStatistic");
  alarm.unit = Str(a, "Unit");
  if (auto it = a.find("Dimensions"); it != a.end() && it->is_array()) {
    for (const auto& d : *it) {
      if (d.is_object()) alarm.dimensions.push_back({Str(d, "Name"), Str(d, "Value")});
    }
  }
  if (auto it = a.find("Period"); it != a.end() && it->is_number_integer())
    alarm.period = it->get<int>();
  if (auto it = a.find("EvaluationPeriods"); it != a.end() && it->is_number_integer()) {
    alarm.evaluation_periods = it->get<int>();
  }
  if (auto it = a.find("DatapointsToAlarm"); it != a.end() && it->is_number_integer()) {
    alarm.datapoints_to_alarm = it->get<int>();
  }
  if (auto it = a.find("Threshold"); it != a.end() && it->is_number())
    alarm.threshold = it->get<double>();
  alarm.comparison_operator = Str(a, "ComparisonOperator");
  alarm.treat_missing_data = Str(a, "TreatMissingData");
  alarm.alarm_rule = Str(a, "AlarmRule");
  return alarm;
}

// "[a, b, c]": how AWS's validation messages print a list value.
std::string ListValue(const std::vector<std::string>& values) {
  std::string out = "[";
  for (size_t i = 0; i < values.size(); ++i) out += (i ? ", " : "") + values[i];
  return out + "]";
}

// NextToken: hex of "M:<name>" or "C:<name>", the first alarm of the next
// page; opaque to clients, and still valid if that alarm goes away.
std::string EncodeToken(AlarmType type, const std::string& name) {
  std::string raw = (type == AlarmType::kMetric ? "M:" : "C:") + name;
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : raw) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

struct PageStart {
  AlarmType type = AlarmType::kMetric;
  std::string name;
};

// nullopt when the token is not one EncodeToken made.
std::optional<PageStart> DecodeToken(const std::string& token) {
  if (token.size() < 4 || token.size() % 2 != 0) return std::nullopt;
  auto nibble = [](char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  std::string raw;
  for (size_t i = 0; i < token.size(); i += 2) {
    int hi = nibble(token[i]);
    int lo = nibble(token[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    raw.push_back(static_cast<char>(hi * 16 + lo));
  }
  if (raw[1] != ':' || (raw[0] != 'M' && raw[0] != 'C')) return std::nullopt;
  return PageStart{raw[0] == 'M' ? AlarmType::kMetric : AlarmType::kComposite, raw.substr(2)};
}

bool HasActionWithPrefix(const Alarm& a, const std::string& prefix) {
  for (const auto* list : {&a.ok_actions, &a.alarm_actions, &a.insufficient_data_actions}) {
    for (const auto& action : *list) {
      if (action.rfind(prefix, 0) == 0) return true;
    }
  }
  return false;
}

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

std::string AlarmArn(const std::string& region, const std::string& account,
                     const std::string& name) {
  return "arn:aws:cloudwatch:" + region + ":" + account + ":alarm:" + name;
}

CloudWatchError ValidationError(const std::string& value, const std::string& member,
                                const std::string& constraint) {
  return {400, "ValidationError", "com.amazon.coral.validate#ValidationException",
          "1 validation error detected: Value " + value + " at '" + member +
              "' failed to satisfy constraint: " + constraint};
}

std::optional<CloudWatchError> CheckAlarmNames(const std::vector<std::string>& names) {
  if (names.size() <= AlarmStore::kMaxAlarmNames) return std::nullopt;
  return ValidationError("'" + ListValue(names) + "'", "alarmNames",
                         "Member must have length less than or equal to " +
                             std::to_string(AlarmStore::kMaxAlarmNames));
}

void AlarmStore::Load(const nlohmann::json& section, TimePoint now) {
  metric_.clear();
  composite_.clear();
  if (!section.is_object()) return;
  for (const auto& [key, type, target] :
       {std::tuple{"metric_alarms", AlarmType::kMetric, &metric_},
        std::tuple{"composite_alarms", AlarmType::kComposite, &composite_}}) {
    auto it = section.find(key);
    if (it == section.end() || !it->is_array()) continue;
    for (const auto& a : *it) {
      if (!a.is_object()) continue;
      Alarm alarm = ParseAlarm(a, type, now);
      if (!alarm.name.empty()) (*target)[alarm.name] = std::move(alarm);
    }
  }
}

nlohmann::json AlarmStore::Dump() const {
  nlohmann::json alarms = nlohmann::json::object();
  for (const Alarm* a : All()) {
    alarms[a->name] = {{"type", a->type == AlarmType::kMetric ? "metric" : "composite"},
                       {"actions_enabled", a->actions_enabled}};
  }
  return {{"alarms", std::move(alarms)}};
}

std::vector<const Alarm*> AlarmStore::All() const {
  std::vector<const Alarm*> out;
  for (const auto& [name, a] : metric_) out.push_back(&a);
  for (const auto& [name, a] : composite_) out.push_back(&a);
  return out;
}

std::optional<CloudWatchError> AlarmStore::Describe(const DescribeAlarmsInput& in,
                                                    DescribeAlarmsOutput* out) const {
  if (auto error = CheckAlarmNames(in.alarm_names)) return error;
  for (const auto& t : in.alarm_types) {
    if (t != "MetricAlarm" && t != "CompositeAlarm") {
      return ValidationError("'" + ListValue(in.alarm_types) + "'", "alarmTypes",
                             "Member must satisfy constraint: [Member must satisfy enum value set: "
                             "[CompositeAlarm, MetricAlarm]]");
    }
  }
  if (in.state_value && *in.state_value != "OK" && *in.state_value != "ALARM" &&
      *in.state_value != "INSUFFICIENT_DATA") {
    return ValidationError("'" + *in.state_value + "'", "stateValue",
                           "Member must satisfy enum value set: [INSUFFICIENT_DATA, ALARM, OK]");
  }
  static constexpr PageSizeRule kMaxRecords{kDefaultMaxRecords, 1, 100,
                                            "Member must have value greater than or equal to 1",
                                            "Member must have value less than or equal to 100"};
  arm::Result<size_t> page_size = PageSize(in.max_records, kMaxRecords);
  if (!page_size.ok()) {
    return ValidationError("'" + std::to_string(*in.max_records) + "'", "maxRecords",
                           page_size.status().message());
  }
  const long long max_records = static_cast<long long>(*page_size);
  if (!in.alarm_names.empty() && in.alarm_name_prefix) {
    return CloudWatchError{400, "InvalidParameterCombination",
                           "InvalidParameterCombinationException",
                           "AlarmNamePrefix and AlarmNames cannot be specified together."};
  }
  PageStart start;
  if (in.next_token) {
    std::optional<PageStart> decoded = DecodeToken(*in.next_token);
    if (!decoded) {
      return CloudWatchError{400, "InvalidNextToken", "InvalidNextToken",
                             "The service returned an invalid NextToken."};
    }
    start = std::move(*decoded);
  }
  const AlarmType start_type = start.type;
  const std::string& start_name = start.name;
  // As on AWS, AlarmTypes absent means metric alarms only.
  bool want_metric = in.alarm_types.empty() || Contains(in.alarm_types, "MetricAlarm");
  bool want_composite = Contains(in.alarm_types, "CompositeAlarm");
  // Looked up per stored alarm: a set, not a scan of up to 100 names each.
  const std::set<std::string_view> names(in.alarm_names.begin(), in.alarm_names.end());
  auto matches = [&](const Alarm& a) {
    if (!names.empty() && !names.contains(a.name)) return false;
    if (in.alarm_name_prefix && a.name.rfind(*in.alarm_name_prefix, 0) != 0) return false;
    if (in.state_value && a.state_value != *in.state_value) return false;
    if (in.action_prefix && !HasActionWithPrefix(a, *in.action_prefix)) return false;
    return true;
  };
  long long taken = 0;
  for (const auto& [type, alarms, wanted, sink] :
       {std::tuple{AlarmType::kMetric, &metric_, want_metric, &out->metric_alarms},
        std::tuple{AlarmType::kComposite, &composite_, want_composite, &out->composite_alarms}}) {
    if (!wanted || (type == AlarmType::kMetric && start_type == AlarmType::kComposite)) continue;
    auto it = type == start_type ? alarms->lower_bound(start_name) : alarms->begin();
    for (; it != alarms->end(); ++it) {
      if (!matches(it->second)) continue;
      if (taken == max_records) {
        out->next_token = EncodeToken(type, it->first);
        return std::nullopt;
      }
      sink->push_back(&it->second);
      ++taken;
    }
  }
  return std::nullopt;
}

Alarm* AlarmStore::Find(const std::string& name) {
  if (auto it = metric_.find(name); it != metric_.end()) return &it->second;
  if (auto it = composite_.find(name); it != composite_.end()) return &it->second;
  return nullptr;
}

std::optional<CloudWatchError> AlarmStore::SetActionsEnabled(const std::vector<std::string>& names,
                                                             bool enabled, TimePoint now) {
  if (auto error = CheckAlarmNames(names)) return error;
  for (const auto& name : names) {
    Alarm* a = Find(name);
    if (a == nullptr || a->actions_enabled == enabled) continue;
    a->actions_enabled = enabled;
    a->configuration_updated = now;
  }
  return std::nullopt;
}

std::optional<CloudWatchError> AlarmStore::Delete(const std::vector<std::string>& names) {
  if (auto error = CheckAlarmNames(names)) return error;
  for (const auto& name : names) {
    metric_.erase(name);
    composite_.erase(name);
  }
  return std::nullopt;
}

void AlarmStore::Generate(int count, nlohmann::json& estate) {
  nlohmann::json& section = estate["cloudwatch"];
  if (!section.is_object()) section = nlohmann::json::object();
  nlohmann::json& metric = section["metric_alarms"];
  if (!metric.is_array()) metric = nlohmann::json::array();
  nlohmann::json& composite = section["composite_alarms"];
  if (!composite.is_array()) composite = nlohmann::json::array();
  for (int i = 0; i < count; ++i) {
    auto name_of = [](int n) {
      char buf[48];
      std::snprintf(buf, sizeof(buf), "generated-alarm-%05d", n);
      return std::string(buf);
    };
    std::string name = name_of(i);
    std::string topic =
        "arn:aws:sns:us-east-1:000000000000:generated-project-" + std::to_string(i % 10) + "-ops";
    if (i % 50 == 49) {
      composite.push_back({{"AlarmName", name},
                           {"AlarmDescription", "generated composite alarm"},
                           {"ActionsEnabled", true},
                           {"AlarmActions", {topic}},
                           {"AlarmRule", "ALARM(\"" + name_of(i - 1) + "\")"},
                           {"StateValue", "OK"}});
      continue;
    }
    metric.push_back(
        {{"AlarmName", name},
         {"AlarmDescription", "generated alarm"},
         {"ActionsEnabled", i % 10 != 9},
         {"AlarmActions", {topic}},
         {"MetricName", "Errors"},
         {"Namespace", "AWS/Lambda"},
         {"Statistic", "Sum"},
         {"Dimensions",
          {{{"Name", "FunctionName"}, {"Value", "generated-function-" + name.substr(16)}}}},
         {"Period", 300},
         {"EvaluationPeriods", 2},
         {"Threshold", 1.0},
         {"ComparisonOperator", "GreaterThanThreshold"},
         {"TreatMissingData", "notBreaching"},
         {"StateValue", "OK"}});
  }
}

}  // namespace sandbox
