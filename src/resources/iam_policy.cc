#include "resources/iam_policy.h"

#include <map>
#include <set>

namespace arm {

std::vector<Permission> CommonPermissions() {
  return {{"sts:GetCallerIdentity", "identity"}, {"tag:GetResources", "discover"}};
}

std::vector<Permission> OptionalPermissions() {
  return {{"sns:Publish", "notify"}, {"s3:PutObject", "state-backup"}, {"s3:GetObject", "state-backup"}};
}

nlohmann::json BuildIamPolicy(const std::vector<const ResourceType*>& types) {
  std::map<std::string, std::set<std::string>> by_use;
  for (const auto& p : CommonPermissions()) by_use[p.used_by].insert(p.action);
  for (const auto& p : OptionalPermissions()) by_use[p.used_by].insert(p.action);
  for (const ResourceType* t : types)
    for (const auto& p : t->Permissions()) by_use[p.used_by].insert(p.action);
  nlohmann::json statements = nlohmann::json::array();
  for (const auto& [use, actions] : by_use) {
    std::string sid;
    bool upper = true;
    for (char c : use) {
      if (c == '-') {
        upper = true;
        continue;
      }
      sid += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
      upper = false;
    }
    statements.push_back({{"Sid", "AwsResourceManager" + sid},
                          {"Effect", "Allow"},
                          {"Action", std::vector<std::string>(actions.begin(), actions.end())},
                          {"Resource", "*"}});
  }
  return {{"Version", "2012-10-17"}, {"Statement", statements}};
}

}  // namespace arm
