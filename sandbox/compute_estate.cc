#include "sandbox/compute_estate.h"

#include <cstdio>

#include "sandbox/estate_util.h"

namespace sandbox {
namespace {

using nlohmann::json;

constexpr int kServicesPerCluster = 20;
constexpr int kNodegroupsPerCluster = 5;

// `<prefix><kind>-NNNNN`.
std::string Name(const std::string& prefix, const char* kind, int i) {
  char n[16];
  std::snprintf(n, sizeof(n), "%05d", i);
  return prefix + kind + "-" + n;
}

// estate[section][key] as an array, made one when missing.
json& ListOf(json& estate, const char* section, const char* key) {
  json& s = estate[section];
  if (!s.is_object()) s = json::object();
  json& list = s[key];
  if (!list.is_array()) list = json::array();
  return list;
}

// estate[section][key] = value unless the estate already sets it.
void Default(json& estate, const char* section, const char* key, double value) {
  json& s = estate[section];
  if (!s.is_object()) s = json::object();
  if (!s.contains(key)) s[key] = value;
}

}  // namespace

std::string GeneratedProject(const std::string& prefix) {
  if (!prefix.empty() && prefix.back() == '-') return prefix.substr(0, prefix.size() - 1);
  return prefix;
}

int GeneratedCount(const std::map<std::string, int>& counts, const char* kind) {
  auto it = counts.find(kind);
  return it == counts.end() ? 0 : it->second;
}

std::string GeneratedPrefix(const json& estate) {
  return EstateString(estate, "generate_prefix", "bench-");
}

void GenerateEcsEstate(int services, const std::string& prefix, json& estate) {
  if (services <= 0) return;
  Default(estate, "ecs", "task_seconds", 0);
  const std::string project = GeneratedProject(prefix);
  json& defs = ListOf(estate, "ecs", "task_definitions");
  const std::string api = prefix + "api", worker = prefix + "worker";
  defs.push_back({{"family", api},
                  {"revision", 3},
                  {"cpu", "512"},
                  {"memory", "1024"},
                  {"requires_compatibilities", {"FARGATE"}}});
  defs.push_back({{"family", worker},
                  {"revision", 1},
                  {"cpu", "1024"},
                  {"memory", "2048"},
                  {"requires_compatibilities", {"FARGATE", "EC2"}}});
  json& clusters = ListOf(estate, "ecs", "clusters");
  json& targets = ListOf(estate, "application_autoscaling", "scalable_targets");
  json& policies = ListOf(estate, "application_autoscaling", "scaling_policies");
  for (int c = 0; c * kServicesPerCluster < services; ++c) {
    json cluster = {{"name", Name(prefix, "cluster", c)}, {"services", json::array()}};
    for (int i = c * kServicesPerCluster; i < services && i < (c + 1) * kServicesPerCluster; ++i) {
      const std::string service = Name(prefix, "service", i);
      const bool fargate = i % 5 != 4;
      const int desired = 1 + i % 3;
      cluster["services"].push_back({{"name", service},
                                     {"launch_type", fargate ? "FARGATE" : "EC2"},
                                     {"task_definition", fargate ? api + ":3" : worker + ":1"},
                                     {"desired_count", desired},
                                     {"tags", {{"Project", project}}}});
      if (i % 2 != 0) continue;
      const std::string id = "service/" + cluster["name"].get<std::string>() + "/" + service;
      targets.push_back({{"ServiceNamespace", "ecs"},
                         {"ResourceId", id},
                         {"ScalableDimension", "ecs:service:DesiredCount"},
                         {"MinCapacity", desired},
                         {"MaxCapacity", desired + 4}});
      policies.push_back({{"PolicyName", service + "-cpu-target-tracking"},
                          {"ServiceNamespace", "ecs"},
                          {"ResourceId", id},
                          {"ScalableDimension", "ecs:service:DesiredCount"},
                          {"PolicyType", "TargetTrackingScaling"},
                          {"TargetTrackingScalingPolicyConfiguration",
                           {{"TargetValue", 60.0},
                            {"PredefinedMetricSpecification",
                             {{"PredefinedMetricType", "ECSServiceAverageCPUUtilization"}}}}}});
    }
    clusters.push_back(std::move(cluster));
  }
}

void GenerateAsgEstate(int groups, const std::string& prefix, json& estate) {
  if (groups <= 0) return;
  Default(estate, "autoscaling", "instance_seconds", 0);
  const std::string project = GeneratedProject(prefix);
  json& list = ListOf(estate, "autoscaling", "groups");
  for (int i = 0; i < groups; ++i) {
    const std::string name = Name(prefix, "asg", i);
    const int min = i % 3 == 0 ? 0 : 1;
    const int desired = 1 + i % 3;
    json g = {{"name", name},
              {"instance_type", i % 2 == 0 ? "t3.medium" : "t3.large"},
              {"min_size", min},
              {"desired_capacity", desired},
              {"max_size", desired + 2},
              {"tags", {{"Project", project}}}};
    if (i % 10 == 9) g["suspended_processes"] = {"AZRebalance"};
    if (i % 4 == 0)
      g["scheduled_actions"] = {{{"name", name + "-workday-start"},
                                 {"recurrence", "0 7 * * MON-FRI"},
                                 {"min_size", min},
                                 {"desired_capacity", desired},
                                 {"max_size", desired + 2}}};
    list.push_back(std::move(g));
  }
}

void GenerateEc2Estate(int instances, const std::string& prefix, json& estate) {
  if (instances <= 0) return;
  Default(estate, "ec2", "state_seconds", 0);
  const std::string project = GeneratedProject(prefix);
  static const char* const kTypes[] = {"t3.micro", "t3.small", "t3.medium", "m5.large"};
  json& list = ListOf(estate, "ec2", "instances");
  for (int i = 0; i < instances; ++i) {
    char id[32], volume[32];
    std::snprintf(id, sizeof(id), "i-0be%014x", static_cast<unsigned>(i));
    std::snprintf(volume, sizeof(volume), "vol-0be%014x", static_cast<unsigned>(i));
    json instance = {
        {"id", id},
        {"instance_type", kTypes[i % 4]},
        {"state", i % 4 == 3 ? "stopped" : "running"},
        {"tags", {{"Name", Name(prefix, "instance", i)}, {"Project", project}}},
        {"volumes", {{{"id", volume}, {"size_gb", 8 << (i % 3)}, {"volume_type", "gp3"}}}}};
    if (i % 8 == 0) instance["hibernation_configured"] = true;
    if (i % 4 != 3 && i % 2 == 0) {
      instance["public_ip"] =
          "54.210." + std::to_string(i / 250 % 250) + "." + std::to_string(i % 250 + 1);
    }
    list.push_back(std::move(instance));
  }
}

void GenerateRdsEstate(int instances, int clusters, const std::string& prefix, json& estate) {
  if (instances <= 0 && clusters <= 0) return;
  Default(estate, "rds", "state_seconds", 0);
  const std::string project = GeneratedProject(prefix);
  json& dbs = ListOf(estate, "rds", "instances");
  for (int i = 0; i < instances; ++i) {
    const bool postgres = i % 3 != 2;
    dbs.push_back({{"id", Name(prefix, "db", i)},
                   {"instance_class", i % 2 == 0 ? "db.t3.medium" : "db.m5.large"},
                   {"engine", postgres ? "postgres" : "mysql"},
                   {"status", "available"},
                   {"storage_type", "gp3"},
                   {"allocated_gb", 20 + 10 * (i % 5)},
                   {"tags", {{"Project", project}}}});
  }
  json& list = ListOf(estate, "rds", "clusters");
  for (int i = 0; i < clusters; ++i) {
    const std::string id = Name(prefix, "aurora", i);
    list.push_back(
        {{"id", id},
         {"engine", i % 2 == 0 ? "aurora-postgresql" : "aurora-mysql"},
         {"engine_mode", "provisioned"},
         {"status", "available"},
         {"storage_type", "aurora"},
         {"allocated_gb", 50},
         {"tags", {{"Project", project}}},
         {"members",
          {{{"id", id + "-1"}, {"instance_class", "db.r6g.large"}, {"writer", true}},
           {{"id", id + "-2"}, {"instance_class", "db.r6g.large"}, {"writer", false}}}}});
  }
}

void GenerateEksEstate(int nodegroups, const std::string& prefix, json& estate) {
  if (nodegroups <= 0) return;
  Default(estate, "eks", "update_seconds", 0);
  const std::string project = GeneratedProject(prefix);
  json& clusters = ListOf(estate, "eks", "clusters");
  for (int c = 0; c * kNodegroupsPerCluster < nodegroups; ++c) {
    json cluster = {{"name", Name(prefix, "eks", c)},
                    {"version", "1.31"},
                    {"tags", {{"Project", project}}},
                    {"nodegroups", json::array()}};
    for (int i = c * kNodegroupsPerCluster; i < nodegroups && i < (c + 1) * kNodegroupsPerCluster;
         ++i) {
      const int min = i % 2;
      cluster["nodegroups"].push_back({{"name", Name(prefix, "nodes", i)},
                                       {"instance_types", {i % 3 == 0 ? "m5.large" : "t3.large"}},
                                       {"min_size", min},
                                       {"desired_size", min + 1 + i % 2},
                                       {"max_size", min + 3},
                                       {"tags", {{"Project", project}}}});
    }
    clusters.push_back(std::move(cluster));
  }
}

}  // namespace sandbox
