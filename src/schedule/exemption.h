#pragma once
// The exemption tag: a resource tagged aws-resource-manager:schedule=never is
// never parked by a scheduled run (reconcile); a manual stop still parks it.
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "engine/plan.h"

namespace arm {

inline constexpr char kExemptTagKey[] = "aws-resource-manager:schedule";
inline constexpr char kExemptTagValue[] = "never";

// Pure: drops from a stop plan every action on an exempt resource (type id,
// name), with an "info" note for each ("exempt: ..."), and holds back the
// alarms that watch one (they stay on, as for what a stop leaves running by
// policy). Records and the selection lose the exempt resources too.
void ExemptFromPlan(const std::set<std::pair<std::string, std::string>>& exempt,
                    const std::vector<const ResourceType*>& types, Plan& plan);

}  // namespace arm
