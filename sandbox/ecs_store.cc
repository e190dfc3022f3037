#include "sandbox/ecs_store.h"

#include <algorithm>

#include "sandbox/sagemaker_store.h"
#include "sandbox/wire.h"

namespace sandbox {

using nlohmann::json;

namespace {

const json& Items(const json& obj, const char* key) {
  static const json kEmpty = json::array();
  if (!obj.is_object()) return kEmpty;
  auto it = obj.find(key);
  return it != obj.end() && it->is_array() ? *it : kEmpty;
}

bool Suspended(const json& state, const char* key) {
  return state.is_object() && state.value(key, false);
}

}  // namespace

bool EcsState::HasCluster(const std::string& name) const {
  return std::find(clusters.begin(), clusters.end(), name) != clusters.end();
}

EcsService* EcsState::FindService(const std::string& cluster, const std::string& name) {
  auto it = services.find(cluster + "/" + name);
  return it == services.end() ? nullptr : &it->second;
}

const EcsTaskDefinition* EcsState::FindTaskDefinition(const std::string& ref) const {
  std::string key = ref;
  size_t slash = key.rfind("task-definition/");
  if (key.rfind("arn:", 0) == 0 && slash != std::string::npos)
    key = key.substr(slash + std::string("task-definition/").size());
  if (key.find(':') != std::string::npos) {
    auto it = task_definitions.find(key);
    return it == task_definitions.end() ? nullptr : &it->second;
  }
  const EcsTaskDefinition* latest = nullptr;
  for (const auto& [k, td] : task_definitions) {
    if (td.family == key && (latest == nullptr || td.revision > latest->revision)) latest = &td;
  }
  return latest;
}

void EcsState::SetDesired(EcsService& s, int desired, const arm::Clock& clock) {
  if (desired == s.desired && s.rollout_state != "IN_PROGRESS" && s.running == desired) return;
  s.desired = desired;
  s.deployment += 1;
  s.rollout_state = "IN_PROGRESS";
  s.rollout_reason = "ECS deployment ecs-svc/" + std::to_string(s.deployment) + " in progress.";
  s.converge_at = clock.Now() + std::chrono::duration_cast<std::chrono::system_clock::duration>(
                                    std::chrono::duration<double>(task_seconds));
}

void EcsState::Advance(const arm::Clock& clock, const std::vector<ScalableTarget>& targets) {
  const auto now = clock.Now();
  for (const ScalableTarget& t : targets) {
    if (t.service_namespace != "ecs" || t.scalable_dimension != "ecs:service:DesiredCount")
      continue;
    constexpr std::string_view kPrefix = "service/";
    if (t.resource_id.rfind(kPrefix, 0) != 0) continue;
    auto it = services.find(t.resource_id.substr(kPrefix.size()));
    if (it == services.end() || it->second.status != "ACTIVE") continue;
    EcsService& s = it->second;
    if (s.desired < t.min_capacity && !Suspended(t.suspended_state, "DynamicScalingOutSuspended"))
      SetDesired(s, static_cast<int>(t.min_capacity), clock);
    else if (s.desired > t.max_capacity &&
             !Suspended(t.suspended_state, "DynamicScalingInSuspended"))
      SetDesired(s, static_cast<int>(t.max_capacity), clock);
  }
  for (auto& [key, s] : services) {
    if (s.rollout_state != "IN_PROGRESS" || now < s.converge_at) continue;
    if (s.desired > 0 && !s.rollout_failure.empty()) {
      s.running = 0;
      s.rollout_state = "FAILED";
      s.rollout_reason = s.rollout_failure;
    } else {
      s.running = s.desired;
      s.rollout_state = "COMPLETED";
      s.rollout_reason = "ECS deployment ecs-svc/" + std::to_string(s.deployment) + " completed.";
    }
  }
}

void EcsState::Load(const json& section, const arm::Clock& clock) {
  clusters.clear();
  services.clear();
  task_definitions.clear();
  if (section.is_object() && section.value("task_seconds", json()).is_number())
    task_seconds = section["task_seconds"].get<double>();
  for (const json& td : Items(section, "task_definitions")) {
    if (!td.is_object()) continue;
    EcsTaskDefinition d;
    d.family = td.value("family", "");
    d.revision = td.value("revision", 1);
    d.cpu = td.value("cpu", "");
    d.memory = td.value("memory", "");
    d.requires_compatibilities =
        td.value("requires_compatibilities", std::vector<std::string>{"FARGATE"});
    task_definitions[d.family + ":" + std::to_string(d.revision)] = d;
  }
  for (const json& c : Items(section, "clusters")) {
    if (!c.is_object()) continue;
    std::string cluster = c.value("name", "");
    clusters.push_back(cluster);
    for (const json& sj : Items(c, "services")) {
      if (!sj.is_object()) continue;
      EcsService s;
      s.cluster = cluster;
      s.name = sj.value("name", "");
      s.status = sj.value("status", "ACTIVE");
      s.launch_type = sj.value("launch_type", "FARGATE");
      s.task_definition = sj.value("task_definition", "");
      if (const EcsTaskDefinition* td = FindTaskDefinition(s.task_definition))
        s.task_definition = td->family + ":" + std::to_string(td->revision);
      s.desired = sj.value("desired_count", 1);
      s.running = sj.value("running_count", s.desired);
      s.rollout_failure = sj.value("SandboxRolloutFailure", "");
      s.created_at = EpochSeconds(clock);
      if (sj.contains("tags") && sj["tags"].is_object())
        for (const auto& [k, v] : sj["tags"].items())
          if (v.is_string()) s.tags.emplace_back(k, v.get<std::string>());
      services[cluster + "/" + s.name] = std::move(s);
    }
  }
}

json EcsState::Dump() const {
  json out = {{"clusters", json::array()}};
  for (const std::string& c : clusters) {
    json cj = {{"name", c}, {"services", json::array()}};
    for (const auto& [key, s] : services) {
      if (s.cluster != c) continue;
      json tags = json::object();
      for (const auto& [k, v] : s.tags) tags[k] = v;
      cj["services"].push_back({{"name", s.name},
                                {"status", s.status},
                                {"launch_type", s.launch_type},
                                {"task_definition", s.task_definition},
                                {"desired_count", s.desired},
                                {"running_count", s.running},
                                {"rollout_state", s.rollout_state},
                                {"tags", tags}});
    }
    out["clusters"].push_back(std::move(cj));
  }
  return out;
}

}  // namespace sandbox
