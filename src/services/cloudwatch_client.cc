#include "services/cloudwatch_client.h"

#include <algorithm>
#include <cctype>
#include <string_view>

#include "aws/protocols/query_xml.h"

namespace arm {
namespace {

constexpr std::string_view kVersion = "2010-08-01";

void AddNames(const std::vector<std::string>& names, query_xml::Params* params) {
  for (size_t i = 0; i < names.size(); ++i) {
    params->emplace_back("AlarmNames.member." + std::to_string(i + 1), names[i]);
  }
}

Alarm ParseAlarm(pugi::xml_node member, bool composite) {
  Alarm a;
  a.name = member.child_value("AlarmName");
  a.arn = member.child_value("AlarmArn");
  a.composite = composite;
  a.actions_enabled = member.child("ActionsEnabled").text().as_bool();
  a.state_value = member.child_value("StateValue");
  a.namespace_ = member.child_value("Namespace");
  a.metric_name = member.child_value("MetricName");
  a.period = member.child("Period").text().as_int();
  auto add_dimensions = [&a](pugi::xml_node dimensions) {
    for (pugi::xml_node d : dimensions.children("member")) {
      std::string value = d.child_value("Value");
      if (!value.empty()) a.dimension_values.push_back(std::move(value));
    }
  };
  add_dimensions(member.child("Dimensions"));
  for (pugi::xml_node m : member.child("Metrics").children("member")) {
    add_dimensions(m.child("MetricStat").child("Metric").child("Dimensions"));
  }
  if (composite) a.rule_names = AlarmRuleNames(member.child_value("AlarmRule"));
  return a;
}

bool IsWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// One argument at `*i` (after blanks): a quoted string (backslash escapes
// the next character) or bare text up to ',' or ')'. Advances *i past it.
std::string ReadArgument(std::string_view rule, size_t* i) {
  while (*i < rule.size() && std::isspace(static_cast<unsigned char>(rule[*i]))) ++*i;
  std::string out;
  if (*i < rule.size() && rule[*i] == '"') {
    for (++*i; *i < rule.size() && rule[*i] != '"'; ++*i) {
      if (rule[*i] == '\\' && *i + 1 < rule.size()) ++*i;
      out += rule[*i];
    }
    if (*i < rule.size()) ++*i;  // the closing quote
    return out;
  }
  while (*i < rule.size() && rule[*i] != ',' && rule[*i] != ')') out += rule[(*i)++];
  while (!out.empty() && std::isspace(static_cast<unsigned char>(out.back()))) out.pop_back();
  return out;
}

std::string AlarmNameOf(std::string arg) {
  // arn:aws:cloudwatch:REGION:ACCOUNT:alarm:NAME (a name may hold ':').
  if (arg.rfind("arn:", 0) != 0) return arg;
  size_t pos = 0;
  for (int colons = 0; colons < 6 && pos != std::string::npos; ++colons) {
    pos = arg.find(':', pos);
    if (pos != std::string::npos) ++pos;
  }
  return pos == std::string::npos ? arg : arg.substr(pos);
}

}  // namespace

std::vector<std::string> AlarmRuleNames(std::string_view rule) {
  std::vector<std::string> out;
  auto add = [&out](std::string arg) {
    std::string name = AlarmNameOf(std::move(arg));
    if (!name.empty() && std::find(out.begin(), out.end(), name) == out.end())
      out.push_back(std::move(name));
  };
  for (size_t i = 0; i < rule.size();) {
    if (!IsWordChar(rule[i]) || (i > 0 && IsWordChar(rule[i - 1]))) {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < rule.size() && IsWordChar(rule[end])) ++end;
    std::string_view word = rule.substr(i, end - i);
    size_t open = end;
    while (open < rule.size() && std::isspace(static_cast<unsigned char>(rule[open]))) ++open;
    i = end;
    if (open >= rule.size() || rule[open] != '(') continue;
    if (word == "ALARM" || word == "OK" || word == "INSUFFICIENT_DATA") {
      i = open + 1;
      add(ReadArgument(rule, &i));
    } else if (word == "AT_LEAST") {
      // AT_LEAST(M, STATE, (a, b, ...)): the names are the inner list.
      size_t list = rule.find('(', open + 1);
      if (list == std::string_view::npos) break;
      i = list + 1;
      while (i < rule.size()) {
        add(ReadArgument(rule, &i));
        while (i < rule.size() && std::isspace(static_cast<unsigned char>(rule[i]))) ++i;
        if (i >= rule.size() || rule[i] != ',') break;
        ++i;
      }
    }
  }
  return out;
}

Result<std::vector<Alarm>> CloudWatchClient::DescribeAlarms(const DescribeAlarmsRequest& request) {
  if (!request.name_prefix.empty() && !request.names.empty()) {
    return Status::InvalidArgument(
        "DescribeAlarms: a name prefix and alarm names cannot be combined");
  }
  std::vector<Alarm> out;
  if (request.names.empty()) {
    ARM_RETURN_IF_ERROR(DescribeAlarmsChunk(request, {}, &out));
    return out;
  }
  for (size_t i = 0; i < request.names.size(); i += kMaxNamesPerCall) {
    size_t end = std::min(request.names.size(), i + kMaxNamesPerCall);
    std::vector<std::string> chunk(request.names.begin() + i, request.names.begin() + end);
    ARM_RETURN_IF_ERROR(DescribeAlarmsChunk(request, chunk, &out));
  }
  return out;
}

Status CloudWatchClient::DescribeAlarmsChunk(const DescribeAlarmsRequest& request,
                                             const std::vector<std::string>& names,
                                             std::vector<Alarm>* out) {
  std::string token;
  do {
    query_xml::Params params;
    if (!request.name_prefix.empty()) {
      params.emplace_back("AlarmNamePrefix", request.name_prefix);
    }
    AddNames(names, &params);
    params.emplace_back("AlarmTypes.member.1", "MetricAlarm");
    if (request.include_composite) {
      params.emplace_back("AlarmTypes.member.2", "CompositeAlarm");
    }
    params.emplace_back("MaxRecords", std::to_string(request.max_records));
    if (!token.empty()) params.emplace_back("NextToken", token);
    Result<query_xml::QueryResponse> page =
        query_xml::Call(client_, services::kCloudWatch, "DescribeAlarms", kVersion, params);
    if (!page.ok()) return page.status();
    pugi::xml_node result = page->result;
    for (pugi::xml_node m : result.child("MetricAlarms").children("member")) {
      out->push_back(ParseAlarm(m, /*composite=*/false));
    }
    for (pugi::xml_node m : result.child("CompositeAlarms").children("member")) {
      out->push_back(ParseAlarm(m, /*composite=*/true));
    }
    token = result.child_value("NextToken");
  } while (!token.empty());
  return Status::Ok();
}

Status CloudWatchClient::DisableAlarmActions(const std::vector<std::string>& names,
                                             CallStats* stats) {
  return SetAlarmActions("DisableAlarmActions", names, stats);
}

Status CloudWatchClient::EnableAlarmActions(const std::vector<std::string>& names,
                                            CallStats* stats) {
  return SetAlarmActions("EnableAlarmActions", names, stats);
}

Status CloudWatchClient::SetAlarmActions(std::string_view action,
                                         const std::vector<std::string>& names, CallStats* stats) {
  if (names.size() > kMaxNamesPerCall) {
    return Status::InvalidArgument(std::string(action) + ": " + std::to_string(names.size()) +
                                   " alarm names, at most " + std::to_string(kMaxNamesPerCall) +
                                   " per call");
  }
  if (names.empty()) return Status::Ok();
  query_xml::Params params;
  AddNames(names, &params);
  return query_xml::Call(client_, services::kCloudWatch, action, kVersion, params, stats).status();
}

}  // namespace arm
