#include "sandbox/asg_store.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>

#include "sandbox/estate_util.h"
#include "sandbox/wire.h"

namespace sandbox {

using nlohmann::json;

namespace {

std::chrono::system_clock::duration Seconds(double s) {
  return std::chrono::duration_cast<std::chrono::system_clock::duration>(
      std::chrono::duration<double>(s));
}

// A stable UUID-shaped id per name (FNV-1a), as AWS puts one in the ARN.
std::string UuidOf(const std::string& name) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : name) h = (h ^ c) * 1099511628211ull;
  char buf[40];
  std::snprintf(buf, sizeof(buf), "%08x-%04x-4%03x-8%03x-%012llx", unsigned(h >> 32),
                unsigned(h >> 16) & 0xffff, unsigned(h >> 4) & 0xfff, unsigned(h) & 0xfff,
                static_cast<unsigned long long>(h * 31) & 0xffffffffffffull);
  return buf;
}

void Fire(AsgGroup& g, const AsgScheduledAction& a) {
  if (a.min >= 0) g.min = a.min;
  if (a.max >= 0) g.max = a.max;
  if (a.desired >= 0) g.desired = a.desired;
  g.desired = std::clamp(g.desired, g.min, std::max(g.min, g.max));
}

}  // namespace

const std::set<std::string>& AsgState::ProcessNames() {
  static const std::set<std::string> kNames = {
      "Launch",      "Terminate",       "AddToLoadBalancer", "AlarmNotification", "AZRebalance",
      "HealthCheck", "InstanceRefresh", "ReplaceUnhealthy",  "ScheduledActions"};
  return kNames;
}

AsgGroup* AsgState::Find(const std::string& name) {
  auto it = groups.find(name);
  return it == groups.end() ? nullptr : &it->second;
}

void AsgState::Advance(const arm::Clock& clock) {
  const auto now = clock.Now();
  for (auto& [name, g] : groups) {
    for (auto& a : g.scheduled) {
      if (a.every_seconds <= 0) continue;
      while (a.next <= now) {
        if (!g.suspended.count("ScheduledActions")) Fire(g, a);
        a.next += Seconds(a.every_seconds);
      }
    }
    for (auto& i : g.instances)
      if (i.lifecycle == "Pending" && i.done_at <= now) i.lifecycle = "InService";
    std::erase_if(g.instances, [&](const AsgInstance& i) {
      return i.lifecycle == "Terminating" && i.done_at <= now;
    });
    int live = 0;
    for (const auto& i : g.instances) live += i.lifecycle != "Terminating";
    if (live < g.desired && !g.suspended.count("Launch")) {
      for (; live < g.desired; ++live) {
        char id[32];
        std::snprintf(id, sizeof(id), "i-0%016x", next_instance++);
        g.instances.push_back(
            {id, "Pending", g.new_instances_protected, now + Seconds(instance_seconds)});
      }
    }
    if (live > g.desired && !g.suspended.count("Terminate")) {
      // Newest first; protected instances are never terminated by scale-in.
      for (auto it = g.instances.rbegin(); it != g.instances.rend() && live > g.desired; ++it) {
        if (it->lifecycle == "Terminating" || it->protected_from_scale_in) continue;
        it->lifecycle = "Terminating";
        it->done_at = now + Seconds(instance_seconds);
        --live;
      }
    }
  }
}

void AsgState::Load(const json& section, const arm::Clock& clock) {
  groups.clear();
  next_instance = 1;
  if (section.is_object() && section.value("instance_seconds", json()).is_number())
    instance_seconds = section["instance_seconds"].get<double>();
  const auto now = clock.Now();
  for (const json& gj : EstateList(json{{"s", section}}, "s", "groups")) {
    AsgGroup g;
    g.name = gj.value("name", "");
    if (g.name.empty()) continue;
    g.uuid = UuidOf(g.name);
    g.instance_type = gj.value("instance_type", g.instance_type);
    g.launch_template = gj.value("launch_template", g.name);
    g.min = gj.value("min_size", 0);
    g.max = gj.value("max_size", 0);
    g.desired = gj.value("desired_capacity", g.min);
    for (const auto& p : gj.value("suspended_processes", std::vector<std::string>{}))
      g.suspended.insert(p);
    for (const auto& [k, v] : TagsFromJson(gj.value("tags", json::object())))
      g.tags.emplace_back(k, v);
    g.new_instances_protected = gj.value("new_instances_protected", false);
    if (gj.contains("warm_pool") && gj["warm_pool"].is_object())
      g.warm_pool_min = gj["warm_pool"].value("min_size", 0);
    g.busy_updates = gj.value("SandboxScalingActivityInProgress", 0);
    g.created_at = EpochSeconds(clock);
    int protected_count = gj.value("protected_instances", 0);
    for (int i = 0; i < g.desired; ++i) {
      char id[32];
      std::snprintf(id, sizeof(id), "i-0%016x", next_instance++);
      g.instances.push_back({id, "InService", i < protected_count, now});
    }
    for (const json& aj : gj.value("scheduled_actions", json::array())) {
      if (!aj.is_object()) continue;
      AsgScheduledAction a;
      a.name = aj.value("name", "");
      a.recurrence = aj.value("recurrence", "");
      a.min = aj.value("min_size", -1);
      a.max = aj.value("max_size", -1);
      a.desired = aj.value("desired_capacity", -1);
      a.every_seconds = aj.value("SandboxEverySeconds", 0.0);
      a.next = now + Seconds(a.every_seconds);
      g.scheduled.push_back(a);
    }
    groups[g.name] = std::move(g);
  }
}

json AsgState::Dump() const {
  json out = {{"groups", json::array()}};
  for (const auto& [name, g] : groups) {
    json instances = json::array();
    int in_service = 0;
    for (const auto& i : g.instances) {
      // No ids: a restored group has new instances, and is the same group.
      instances.push_back({{"lifecycle_state", i.lifecycle},
                           {"protected_from_scale_in", i.protected_from_scale_in}});
      in_service += i.lifecycle == "InService";
    }
    json tags = json::object();
    for (const auto& [k, v] : g.tags) tags[k] = v;
    out["groups"].push_back({{"name", name},
                             {"min_size", g.min},
                             {"max_size", g.max},
                             {"desired_capacity", g.desired},
                             {"in_service", in_service},
                             {"suspended_processes", g.suspended},
                             {"instances", instances},
                             {"tags", tags}});
  }
  return out;
}

}  // namespace sandbox
