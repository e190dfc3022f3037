#pragma once
// Large estates for the benchmarks: `--generate endpoints=50,streams=200`.
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "core/status.h"

namespace sandbox {

// Parses "endpoints=50,streams=200,..." (kinds: endpoints, streams,
// functions, alarms, tables, notebooks; ECS services, Auto Scaling groups,
// EC2 instances, RDS instances, Aurora clusters, EKS node groups: ecs, asgs,
// instances, rds, aurora, nodegroups).
arm::Result<std::map<std::string, int>> ParseGenerateSpec(const std::string& spec);

// Adds the generated resources of every handler to `estate` (names start
// with `prefix`; handlers read it from estate["generate_prefix"]).
void GenerateEstate(const std::map<std::string, int>& counts, const std::string& prefix,
                    nlohmann::json& estate);

}  // namespace sandbox
