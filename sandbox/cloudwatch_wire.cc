#include "sandbox/cloudwatch_wire.h"

#include <charconv>
#include <cmath>

#include "core/clock.h"

namespace sandbox {

namespace {

CloudWatchError SerializationError(const std::string& member) {
  return {400, "SerializationException", "SerializationException",
          "Unexpected value type for member '" + member + "'"};
}

double Epoch(TimePoint t) {
  using namespace std::chrono;
  return static_cast<double>(duration_cast<milliseconds>(t.time_since_epoch()).count()) / 1000.0;
}

// "2015-08-30T12:36:00.000Z", as CloudWatch writes timestamps in XML.
std::string IsoMillis(double epoch) {
  using namespace std::chrono;
  auto ms = static_cast<long long>(std::llround(epoch * 1000));
  std::string iso = arm::FormatIso8601(system_clock::time_point(milliseconds(ms)));
  char frac[8];
  std::snprintf(frac, sizeof(frac), ".%03lld", ms % 1000);
  if (!iso.empty() && iso.back() == 'Z') iso.insert(iso.size() - 1, frac);
  return iso;
}

bool EndsWith(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Optional string member of a JSON request.
std::optional<CloudWatchError> JsonString(const nlohmann::json& body, const char* key,
                                          std::optional<std::string>* out) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) return SerializationError(key);
  *out = it->get<std::string>();
  return std::nullopt;
}

std::optional<CloudWatchError> JsonStringList(const nlohmann::json& body, const char* key,
                                              std::vector<std::string>* out) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (!it->is_array()) return SerializationError(key);
  for (const auto& v : *it) {
    if (!v.is_string()) return SerializationError(key);
    out->push_back(v.get<std::string>());
  }
  return std::nullopt;
}

std::optional<std::string> FormOptional(const FormParams& form, const char* key) {
  const std::string* v = FormValue(form, key);
  return v ? std::optional<std::string>(*v) : std::nullopt;
}

nlohmann::ordered_json Strings(const std::vector<std::string>& v) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& s : v) out.push_back(s);
  return out;
}

// An object with room for `members`: ordered_json keeps members in a vector,
// which otherwise grows (and moves every member) five times per alarm.
nlohmann::ordered_json ObjectWithRoom(size_t members) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  j.get_ptr<nlohmann::ordered_json::object_t*>()->reserve(members);
  return j;
}

// Members in the model's xmlOrder; optional members only when set.
nlohmann::ordered_json MetricAlarmJson(const Alarm& a, const std::string& arn) {
  nlohmann::ordered_json j = ObjectWithRoom(28);
  j["AlarmName"] = a.name;
  j["AlarmArn"] = arn;
  if (!a.description.empty()) j["AlarmDescription"] = a.description;
  j["AlarmConfigurationUpdatedTimestamp"] = Epoch(a.configuration_updated);
  j["ActionsEnabled"] = a.actions_enabled;
  j["OKActions"] = Strings(a.ok_actions);
  j["AlarmActions"] = Strings(a.alarm_actions);
  j["InsufficientDataActions"] = Strings(a.insufficient_data_actions);
  j["StateValue"] = a.state_value;
  j["StateReason"] = a.state_reason;
  j["StateUpdatedTimestamp"] = Epoch(a.state_updated);
  j["MetricName"] = a.metric_name;
  j["Namespace"] = a.namespace_name;
  if (!a.statistic.empty()) j["Statistic"] = a.statistic;
  nlohmann::ordered_json dims = nlohmann::ordered_json::array();
  for (const auto& d : a.dimensions) dims.push_back({{"Name", d.name}, {"Value", d.value}});
  j["Dimensions"] = std::move(dims);
  j["Period"] = a.period;
  if (!a.unit.empty()) j["Unit"] = a.unit;
  j["EvaluationPeriods"] = a.evaluation_periods;
  j["Threshold"] = a.threshold;
  j["ComparisonOperator"] = a.comparison_operator;
  if (!a.extended_statistic.empty()) j["ExtendedStatistic"] = a.extended_statistic;
  if (!a.treat_missing_data.empty()) j["TreatMissingData"] = a.treat_missing_data;
  if (a.datapoints_to_alarm) j["DatapointsToAlarm"] = *a.datapoints_to_alarm;
  j["StateTransitionedTimestamp"] = Epoch(a.state_updated);
  return j;
}

nlohmann::ordered_json CompositeAlarmJson(const Alarm& a, const std::string& arn) {
  nlohmann::ordered_json j = ObjectWithRoom(14);
  j["ActionsEnabled"] = a.actions_enabled;
  j["AlarmActions"] = Strings(a.alarm_actions);
  j["AlarmArn"] = arn;
  j["AlarmConfigurationUpdatedTimestamp"] = Epoch(a.configuration_updated);
  if (!a.description.empty()) j["AlarmDescription"] = a.description;
  j["AlarmName"] = a.name;
  j["AlarmRule"] = a.alarm_rule;
  j["InsufficientDataActions"] = Strings(a.insufficient_data_actions);
  j["OKActions"] = Strings(a.ok_actions);
  j["StateReason"] = a.state_reason;
  j["StateUpdatedTimestamp"] = Epoch(a.state_updated);
  j["StateValue"] = a.state_value;
  j["StateTransitionedTimestamp"] = Epoch(a.state_updated);
  return j;
}

}  // namespace

std::optional<CloudWatchError> DescribeAlarmsFromForm(const FormParams& form,
                                                      DescribeAlarmsInput* in) {
  in->alarm_names = FormList(form, "AlarmNames");
  in->alarm_types = FormList(form, "AlarmTypes");
  in->alarm_name_prefix = FormOptional(form, "AlarmNamePrefix");
  in->state_value = FormOptional(form, "StateValue");
  in->action_prefix = FormOptional(form, "ActionPrefix");
  in->next_token = FormOptional(form, "NextToken");
  if (const std::string* v = FormValue(form, "MaxRecords")) {
    long long n = 0;
    auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
    if (ec != std::errc() || end != v->data() + v->size()) {
      return ValidationError("'" + *v + "'", "maxRecords", "Member must be a number");
    }
    in->max_records = n;
  }
  return std::nullopt;
}

std::optional<CloudWatchError> DescribeAlarmsFromJson(const nlohmann::json& body,
                                                      DescribeAlarmsInput* in) {
  if (auto e = JsonStringList(body, "AlarmNames", &in->alarm_names)) return e;
  if (auto e = JsonStringList(body, "AlarmTypes", &in->alarm_types)) return e;
  if (auto e = JsonString(body, "AlarmNamePrefix", &in->alarm_name_prefix)) return e;
  if (auto e = JsonString(body, "StateValue", &in->state_value)) return e;
  if (auto e = JsonString(body, "ActionPrefix", &in->action_prefix)) return e;
  if (auto e = JsonString(body, "NextToken", &in->next_token)) return e;
  if (auto it = body.find("MaxRecords"); it != body.end() && !it->is_null()) {
    if (!it->is_number_integer()) return SerializationError("MaxRecords");
    in->max_records = it->get<long long>();
  }
  return std::nullopt;
}

std::optional<CloudWatchError> AlarmNamesFromForm(const FormParams& form,
                                                  std::vector<std::string>* names) {
  *names = FormList(form, "AlarmNames");
  // botocore sends "AlarmNames=" for an empty list; only a missing member is an error.
  if (names->empty() && FormValue(form, "AlarmNames") == nullptr) {
    return ValidationError("null", "alarmNames", "Member must not be null");
  }
  return std::nullopt;
}

std::optional<CloudWatchError> AlarmNamesFromJson(const nlohmann::json& body,
                                                  std::vector<std::string>* names) {
  auto it = body.find("AlarmNames");
  if (it == body.end() || it->is_null())
    return ValidationError("null", "alarmNames", "Member must not be null");
  return JsonStringList(body, "AlarmNames", names);
}

nlohmann::ordered_json DescribeAlarmsResult(const DescribeAlarmsOutput& out,
                                            const std::string& region, const std::string& account) {
  nlohmann::ordered_json composite = nlohmann::ordered_json::array();
  for (const Alarm* a : out.composite_alarms)
    composite.push_back(CompositeAlarmJson(*a, AlarmArn(region, account, a->name)));
  nlohmann::ordered_json metric = nlohmann::ordered_json::array();
  for (const Alarm* a : out.metric_alarms)
    metric.push_back(MetricAlarmJson(*a, AlarmArn(region, account, a->name)));
  nlohmann::ordered_json j;
  j["CompositeAlarms"] = std::move(composite);
  j["MetricAlarms"] = std::move(metric);
  if (!out.next_token.empty()) j["NextToken"] = out.next_token;
  return j;
}

namespace {

// A scalar's text as dump() writes it. Strings, integers and booleans are
// written without dump(), which sets up a serializer per call (a DescribeAlarms
// page has 100 alarms of some 20 members each).
void SetScalarText(pugi::xml_node node, const nlohmann::ordered_json& v) {
  if (v.is_string()) {
    node.text().set(v.get_ref<const std::string&>().c_str());
  } else if (v.is_boolean()) {
    node.text().set(v.get<bool>() ? "true" : "false");
  } else if (v.is_number_unsigned()) {
    node.text().set(std::to_string(v.get<unsigned long long>()).c_str());
  } else if (v.is_number_integer()) {
    node.text().set(std::to_string(v.get<long long>()).c_str());
  } else {
    node.text().set(v.dump().c_str());  // floating-point numbers, null
  }
}

}  // namespace

void ToQueryXml(const nlohmann::ordered_json& value, pugi::xml_node parent) {
  for (auto it = value.begin(); it != value.end(); ++it) {
    const std::string& key = it.key();
    const nlohmann::ordered_json& v = it.value();
    pugi::xml_node node = parent.append_child(key.c_str());
    if (v.is_object()) {
      ToQueryXml(v, node);
    } else if (v.is_array()) {
      for (const auto& item : v) {
        pugi::xml_node member = node.append_child("member");
        if (item.is_object()) {
          ToQueryXml(item, member);
        } else {
          SetScalarText(member, item);
        }
      }
    } else if (v.is_number() && EndsWith(key, "Timestamp")) {
      node.text().set(IsoMillis(v.get<double>()).c_str());
    } else {
      SetScalarText(node, v);
    }
  }
}

Response QueryOkWithoutResult(std::string_view action, std::string_view xmlns) {
  pugi::xml_document doc;
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  std::string root_name = std::string(action) + "Response";
  pugi::xml_node root = doc.append_child(root_name.c_str());
  root.append_attribute("xmlns") = std::string(xmlns).c_str();
  std::string rid = NewRequestId();
  AddText(root.append_child("ResponseMetadata"), "RequestId", rid);
  Response r;
  r.content_type = "text/xml";
  r.body = XmlToString(doc);
  r.headers.emplace_back("x-amzn-RequestId", rid);
  return r;
}

}  // namespace sandbox
