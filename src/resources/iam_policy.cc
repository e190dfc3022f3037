#include "resources/iam_policy.h"

#include <set>
#include <tuple>

namespace arm {
namespace {

// Lower-cases outside ${...}, so that a placeholder keeps its name.
std::string LowerName(const std::string& name) {
  std::string out;
  bool in_placeholder = false;
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (c == '$' && i + 1 < name.size() && name[i + 1] == '{') in_placeholder = true;
    if (c == '}') in_placeholder = false;
    out += in_placeholder ? c : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

void ReplaceAll(std::string& s, const std::string& from, const std::string& to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
}

// The template's ARNs for the type's names; empty when it needs a name and
// the type has none.
std::vector<std::string> Expand(const std::string& pattern, const std::vector<std::string>& names,
                                const PolicyScope& scope) {
  std::string base = pattern;
  ReplaceAll(base, "{partition}", scope.partition);
  ReplaceAll(base, "{region}", scope.region);
  ReplaceAll(base, "{account}", scope.account);
  bool lower = base.find("{lname}") != std::string::npos;
  if (!lower && base.find("{name}") == std::string::npos) return {base};
  std::vector<std::string> out;
  for (const auto& name : names) {
    std::string arn = base;
    ReplaceAll(arn, lower ? "{lname}" : "{name}", lower ? LowerName(name) : name);
    out.push_back(arn);
  }
  return out;
}

std::string Camel(const std::string& words) {
  std::string out;
  bool upper = true;
  for (char c : words) {
    if (!std::isalnum(static_cast<unsigned char>(c))) {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out;
}

const std::vector<std::string>& UseOrder() {
  static const std::vector<std::string> order = {"identity", "discover", "status", "stop", "start", "notify",
                                                 "state-backup"};
  return order;
}

int UseRank(const std::string& use) {
  const auto& order = UseOrder();
  for (size_t i = 0; i < order.size(); ++i)
    if (order[i] == use) return static_cast<int>(i);
  return static_cast<int>(order.size());
}

}  // namespace

std::vector<Permission> CommonPermissions() {
  return {{"sts:GetCallerIdentity", "identity"}, {"tag:GetResources", "discover"}};
}

std::string PartitionOf(const std::string& region) {
  if (region.rfind("cn-", 0) == 0) return "aws-cn";
  if (region.rfind("us-gov-", 0) == 0) return "aws-us-gov";
  if (region.rfind("us-isob-", 0) == 0) return "aws-iso-b";
  if (region.rfind("us-iso-", 0) == 0) return "aws-iso";
  return "aws";
}

PolicyScope PlaceholderScope(const std::vector<const ResourceType*>& types) {
  PolicyScope scope;
  scope.partition = "${Partition}";
  scope.region = "${Region}";
  scope.account = "${Account}";
  for (const ResourceType* t : types)
    scope.names[std::string(t->type())] = {t->selector() == "cloudwatch" ? "${AlarmPrefix}*" : "${NamePrefix}*"};
  scope.sns_topic_arn = "${SnsTopicArn}";
  scope.state_backup_object = "${StateBackupBucket}/${StateBackupKey}";
  return scope;
}

nlohmann::ordered_json BuildIamPolicy(const std::vector<const ResourceType*>& types, const PolicyScope& scope) {
  // (use rank, use, service, resources, condition) -> actions
  using Key = std::tuple<int, std::string, std::string, std::vector<std::string>, std::string>;
  std::map<Key, std::set<std::string>> statements;
  auto add = [&](const Permission& p, const std::vector<std::string>& names) {
    std::set<std::string> arns;
    for (const auto& pattern : p.resources)
      for (auto& arn : Expand(pattern, names, scope)) arns.insert(std::move(arn));
    if (arns.empty()) return;
    bool unscoped = arns.count("*") > 0 && p.condition.is_null();
    std::vector<std::string> resources = unscoped ? std::vector<std::string>{"*"}
                                                  : std::vector<std::string>(arns.begin(), arns.end());
    std::string service = unscoped ? "" : p.action.substr(0, p.action.find(':'));
    std::string condition = p.condition.is_null() ? "" : p.condition.dump();
    statements[{UseRank(p.used_by), p.used_by, service, resources, condition}].insert(p.action);
  };
  for (const auto& p : CommonPermissions()) add(p, {});
  for (const ResourceType* t : types) {
    auto it = scope.names.find(std::string(t->type()));
    const std::vector<std::string> none;
    for (const auto& p : t->Permissions()) add(p, it == scope.names.end() ? none : it->second);
  }
  if (!scope.sns_topic_arn.empty()) add({"sns:Publish", "notify", {scope.sns_topic_arn}}, {});
  if (!scope.state_backup_object.empty()) {
    std::string object = "arn:" + scope.partition + ":s3:::" + scope.state_backup_object;
    add({"s3:PutObject", "state-backup", {object}}, {});
    add({"s3:GetObject", "state-backup", {object}}, {});
  }

  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  std::map<std::string, int> sid_count;
  for (const auto& [key, actions] : statements) {
    const auto& [rank, use, service, resources, condition] = key;
    std::string sid = "AwsResourceManager" + Camel(use) + Camel(service);
    if (int n = ++sid_count[sid]; n > 1) sid += std::to_string(n);
    nlohmann::ordered_json statement = {{"Sid", sid},
                                {"Effect", "Allow"},
                                {"Action", std::vector<std::string>(actions.begin(), actions.end())}};
    if (resources.size() == 1)
      statement["Resource"] = resources[0];
    else
      statement["Resource"] = resources;
    if (!condition.empty()) statement["Condition"] = nlohmann::ordered_json::parse(condition);
    out.push_back(std::move(statement));
  }
  return {{"Version", "2012-10-17"}, {"Statement", out}};
}

}  // namespace arm
