#include "schedule/exemption.h"

#include <algorithm>

namespace arm {

void ExemptFromPlan(const std::set<std::pair<std::string, std::string>>& exempt,
                    const std::vector<const ResourceType*>& types, Plan& plan) {
  if (exempt.empty()) return;
  auto is_exempt = [&](const std::string& type, const std::string& name) {
    return exempt.count({type, name}) > 0;
  };
  std::set<std::pair<std::string, std::string>> dropped;
  std::set<std::string> dropped_names;
  for (auto& stage : plan.stages) {
    std::erase_if(stage.actions, [&](const Action& a) {
      bool any = std::any_of(a.names.begin(), a.names.end(),
                             [&](const std::string& n) { return is_exempt(a.type, n); });
      if (!any) return false;
      for (const auto& n : a.names) {
        dropped.insert({a.type, n});
        dropped_names.insert(n);
      }
      return true;
    });
  }
  std::erase_if(plan.stages, [](const PlanStage& s) { return s.actions.empty(); });
  for (const auto& [type, name] : dropped)
    plan.notes.push_back({type, name, Severity::kInfo,
                          std::string("exempt from scheduled stops (tagged ") + kExemptTagKey +
                              "=" + kExemptTagValue + "): left as it is"});
  std::erase_if(plan.records, [&](const PlanRecord& r) {
    return dropped.count({r.type, r.name}) > 0;
  });
  std::erase_if(plan.selected, [&](const PlanSelected& s) {
    return dropped.count({s.type, s.name}) > 0;
  });
  HoldBackStages(
      types,
      [&](const std::string& name) -> std::string {
        return dropped_names.count(name)
                   ? std::string(kLeftRunning) + " (exempt: " + kExemptTagKey + "=" +
                         kExemptTagValue + ")"
                   : "";
      },
      plan);
}

}  // namespace arm
