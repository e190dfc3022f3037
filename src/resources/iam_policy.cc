#include "resources/iam_policy.h"

#include <set>
#include <tuple>
#include <utility>

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

// "endpoint" of "arn:...:endpoint/{lname}", "alarm TargetTracking-endpoint"
// of "arn:...:alarm:TargetTracking-endpoint/{name}/variant/*": the resource
// type and its first literal path segment, to name a statement.
std::string ResourceLabel(const std::string& pattern) {
  size_t at = 0;
  for (int colons = 0; colons < 5 && at != std::string::npos; ++colons) {
    at = pattern.find(':', at);
    if (at != std::string::npos) ++at;
  }
  if (at == std::string::npos) return "";
  std::string rest = pattern.substr(at);
  size_t sep = rest.find_first_of("/:");
  std::string label = rest.substr(0, sep);
  if (sep == std::string::npos) return label;
  std::string segment = rest.substr(sep + 1, rest.find_first_of("/:", sep + 1) - sep - 1);
  if (segment.find_first_of("{*$") == std::string::npos) label += " " + segment;
  return label;
}

const std::vector<std::string>& UseOrder() {
  static const std::vector<std::string> order = {"identity", "discover", "status",      "stop",
                                                 "start",    "notify",   "state-backup"};
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
  // sts:GetCallerIdentity needs no permission: AWS answers it even under
  // an explicit Deny.
  return {{"tag:GetResources", "discover"}};
}

std::string IamLiteral(const std::string& name) {
  std::string out;
  for (char c : name) {
    if (c == '*' || c == '?' || c == '$')
      out += std::string("${") + c + "}";
    else
      out += c;
  }
  return out;
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
    scope.names[std::string(t->type())] = {t->selector() == "cloudwatch" ? "${AlarmPrefix}*"
                                                                         : "${NamePrefix}*"};
  scope.sns_topic_arn = "${SnsTopicArn}";
  scope.state_backup_object = "${StateBackupBucket}/${StateBackupKey}";
  return scope;
}

nlohmann::ordered_json BuildIamPolicy(const std::vector<const ResourceType*>& types,
                                      const PolicyScope& scope) {
  // IAM knows no phases: one statement per use for what AWS cannot scope,
  // and one per resource pattern (with its condition) for the rest, so that
  // no statement repeats another's permission and each one is needed.
  std::map<std::string, std::pair<int, std::string>>
      anywhere;  // action on "*" -> its first (rank, use)
  struct Scoped {
    std::string label;  // names the statement
    std::set<std::string> arns;
    std::set<std::string> actions;
  };
  using Key =
      std::tuple<std::string, std::string, std::string>;  // service, ARN template, condition
  std::map<Key, Scoped> scoped;
  auto add = [&](const Permission& p, const std::vector<std::string>& names) {
    for (const auto& pattern : p.resources) {
      std::vector<std::string> arns = Expand(pattern, names, scope);
      if (arns.empty()) continue;
      if (pattern == "*" && p.condition.is_null()) {
        std::pair<int, std::string> use{UseRank(p.used_by), p.used_by};
        auto [it, added] = anywhere.emplace(p.action, use);
        if (!added && use < it->second) it->second = use;
        continue;
      }
      Scoped& st = scoped[{p.action.substr(0, p.action.find(':')), pattern,
                           p.condition.is_null() ? "" : p.condition.dump()}];
      // A template names its resource type; a literal ARN (the topic, the
      // state's object) is named for what it is used for.
      if (st.label.empty() && pattern != "*")
        st.label =
            pattern.find("{account}") != std::string::npos ? ResourceLabel(pattern) : p.used_by;
      st.arns.insert(arns.begin(), arns.end());
      st.actions.insert(p.action);
    }
  };
  for (const auto& p : CommonPermissions()) add(p, {});
  for (const ResourceType* t : types) {
    auto it = scope.names.find(std::string(t->type()));
    const std::vector<std::string> none;
    const std::vector<std::string>& names = it == scope.names.end() ? none : it->second;
    // A type that selects nothing is only discovered.
    for (const auto& p : t->Permissions())
      if (!names.empty() || p.used_by == "discover") add(p, names);
  }
  if (!scope.sns_topic_arn.empty()) add({"sns:Publish", "notify", {scope.sns_topic_arn}}, {});
  if (!scope.state_backup_object.empty()) {
    std::string object = "arn:" + scope.partition + ":s3:::" + scope.state_backup_object;
    add({"s3:PutObject", "state-backup", {object}}, {});
    add({"s3:GetObject", "state-backup", {object}}, {});
  }

  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  std::map<std::string, int> sid_count;
  auto statement = [&](std::string sid, const std::set<std::string>& actions,
                       const std::set<std::string>& arns, const std::string& condition) {
    if (int n = ++sid_count[sid]; n > 1) sid += std::to_string(n);
    nlohmann::ordered_json st = {
        {"Sid", "AwsResourceManager" + sid},
        {"Effect", "Allow"},
        {"Action", std::vector<std::string>(actions.begin(), actions.end())}};
    if (arns.size() == 1)
      st["Resource"] = *arns.begin();
    else
      st["Resource"] = std::vector<std::string>(arns.begin(), arns.end());
    if (!condition.empty()) st["Condition"] = nlohmann::ordered_json::parse(condition);
    out.push_back(std::move(st));
  };
  std::map<std::pair<int, std::string>, std::set<std::string>> unscoped;  // (rank, use) -> actions
  for (const auto& [action, use] : anywhere) unscoped[use].insert(action);
  for (const auto& [use, actions] : unscoped) statement(Camel(use.second), actions, {"*"}, "");
  for (auto& [key, st] : scoped) {
    const auto& [service, pattern, condition] = key;
    std::erase_if(st.actions, [&](const std::string& a) { return anywhere.count(a) > 0; });
    if (st.actions.empty()) continue;
    statement(Camel(service) + Camel(st.label), st.actions, st.arns, condition);
  }
  return {{"Version", "2012-10-17"}, {"Statement", out}};
}

}  // namespace arm
