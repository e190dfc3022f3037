#pragma once
// Generated estates of the compute and database types for the large-estate
// benchmark (`--generate ecs=200,asgs=100,instances=400,rds=100,aurora=50,
// nodegroups=50`): the shapes of config/demo-estate.json, named
// `<prefix><kind>-NNNNN` and tagged Project=<prefix without its last '-'>,
// with their transitions at 0 s (a large estate measures the tool, not
// AWS's minutes). Each appends to what `estate` already holds.
#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace sandbox {

// The Project tag of generated resources: "generated-" -> "generated".
std::string GeneratedProject(const std::string& prefix);
// counts[kind], 0 when absent; the prefix the generator was given.
int GeneratedCount(const std::map<std::string, int>& counts, const char* kind);
std::string GeneratedPrefix(const nlohmann::json& estate);

// ECS services, 20 to a cluster, Fargate (every fifth on EC2); every other
// one with an Application Auto Scaling target and a target-tracking policy.
void GenerateEcsEstate(int services, const std::string& prefix, nlohmann::json& estate);
// Auto Scaling groups of 1-3 desired instances; every tenth with a process
// already suspended, every fourth with a scheduled action (that never fires).
void GenerateAsgEstate(int groups, const std::string& prefix, nlohmann::json& estate);
// EC2 instances with one gp3 volume each; every fourth already stopped,
// every eighth with hibernation configured.
void GenerateEc2Estate(int instances, const std::string& prefix, nlohmann::json& estate);
// RDS instances (PostgreSQL and MySQL) and Aurora clusters of two members.
void GenerateRdsEstate(int instances, int clusters, const std::string& prefix,
                       nlohmann::json& estate);
// EKS managed node groups, 5 to a cluster.
void GenerateEksEstate(int nodegroups, const std::string& prefix, nlohmann::json& estate);

}  // namespace sandbox
