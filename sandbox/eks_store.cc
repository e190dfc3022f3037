#include "sandbox/eks_store.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>

#include "sandbox/estate_util.h"
#include "sandbox/wire.h"

namespace sandbox {
namespace {

std::chrono::system_clock::duration Seconds(double s) {
  return std::chrono::duration_cast<std::chrono::system_clock::duration>(
      std::chrono::duration<double>(s));
}

// A stable UUID-shaped id per name (FNV-1a), as AWS puts one in the ARN.
std::string EksUuidOf(const std::string& name) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : name) h = (h ^ c) * 1099511628211ull;
  char buf[40];
  std::snprintf(buf, sizeof(buf), "%08x-%04x-%04x-%04x-%012llx", unsigned(h >> 32),
                unsigned(h >> 16) & 0xffff, unsigned(h >> 4) & 0xffff, unsigned(h) & 0xffff,
                static_cast<unsigned long long>(h * 31) & 0xffffffffffffull);
  return buf;
}

int IntOr(const nlohmann::json& j, const char* key, int fallback) {
  auto it = j.find(key);
  return it != j.end() && it->is_number_integer() ? it->get<int>() : fallback;
}

}  // namespace

EksCluster* EksState::Cluster(const std::string& name) {
  auto it = clusters.find(name);
  return it == clusters.end() ? nullptr : &it->second;
}

EksNodegroup* EksState::Nodegroup(const std::string& cluster, const std::string& name) {
  EksCluster* c = Cluster(cluster);
  if (c == nullptr) return nullptr;
  auto it = c->nodegroups.find(name);
  return it == c->nodegroups.end() ? nullptr : &it->second;
}

void EksState::Advance(const arm::Clock& clock) {
  auto now = clock.Now();
  for (auto& [cn, c] : clusters)
    for (auto& [gn, g] : c.nodegroups)
      if (g.status == "UPDATING" && now >= g.done_at) g.status = "ACTIVE";
}

arm::Result<std::string> EksState::UpdateScaling(EksNodegroup& g, const EksScalingRequest& s,
                                                 const arm::Clock& clock) {
  long long min = s.min >= 0 ? s.min : g.min, max = s.max >= 0 ? s.max : g.max,
            desired = s.desired >= 0 ? s.desired : g.desired;
  if (s.min < -1 || s.desired < -1)
    return AwsError("InvalidParameterException", "Minimum capacity and desired size must be >= 0");
  if (s.max != -1 && s.max < 1)
    return AwsError("InvalidParameterException",
                    "Maximum capacity " + std::to_string(s.max) + " must be at least 1");
  if (desired > max)
    return AwsError("InvalidParameterException", "desired capacity " + std::to_string(desired) +
                                                     " can't be greater than max size " +
                                                     std::to_string(max));
  if (min > desired)
    return AwsError("InvalidParameterException", "Minimum capacity " + std::to_string(min) +
                                                     " can't be greater than desired size " +
                                                     std::to_string(desired));
  if (g.status != "ACTIVE" && g.status != "DEGRADED")
    return AwsError("ResourceInUseException",
                    "Nodegroup " + g.name + " is currently in " + g.status +
                        " state and cannot be updated. Please try again later.",
                    409);
  g.min = static_cast<int>(min);
  g.max = static_cast<int>(max);
  g.desired = static_cast<int>(desired);
  g.status = "UPDATING";
  g.done_at = clock.Now() + Seconds(update_seconds);
  ++g.updates;
  return EksUuidOf(g.uuid + "/" + std::to_string(g.updates));
}

void EksState::Load(const nlohmann::json& section, const arm::Clock& clock) {
  clusters.clear();
  if (!section.is_object()) return;
  if (auto it = section.find("update_seconds"); it != section.end() && it->is_number())
    update_seconds = it->get<double>();
  double now = EpochSeconds(clock);
  for (const auto& cj : section.value("clusters", nlohmann::json::array())) {
    if (!cj.is_object()) continue;
    EksCluster c;
    c.name = EstateString(cj, "name", "");
    if (c.name.empty()) continue;
    c.version = EstateString(cj, "version", c.version);
    c.tags = TagsFromJson(cj.value("tags", nlohmann::json()));
    c.created_at = now;
    for (const auto& gj : cj.value("nodegroups", nlohmann::json::array())) {
      if (!gj.is_object()) continue;
      EksNodegroup g;
      g.name = EstateString(gj, "name", "");
      if (g.name.empty()) continue;
      g.uuid = EksUuidOf(c.name + "/" + g.name);
      g.status = EstateString(gj, "status", g.status);
      g.capacity_type = EstateString(gj, "capacity_type", g.capacity_type);
      g.min = IntOr(gj, "min_size", 1);
      g.desired = IntOr(gj, "desired_size", g.min);
      g.max = IntOr(gj, "max_size", std::max(1, g.desired));
      if (auto t = gj.find("instance_types"); t != gj.end() && t->is_array())
        g.instance_types = t->get<std::vector<std::string>>();
      g.tags = TagsFromJson(gj.value("tags", nlohmann::json()));
      g.created_at = now;
      c.nodegroups[g.name] = std::move(g);
    }
    clusters[c.name] = std::move(c);
  }
}

nlohmann::json EksState::Dump() const {
  nlohmann::json out = {{"update_seconds", update_seconds}, {"clusters", nlohmann::json::array()}};
  for (const auto& [cn, c] : clusters) {
    nlohmann::json groups = nlohmann::json::array();
    for (const auto& [gn, g] : c.nodegroups)
      groups.push_back({{"name", g.name},
                        {"status", g.status},
                        {"capacity_type", g.capacity_type},
                        {"min_size", g.min},
                        {"desired_size", g.desired},
                        {"max_size", g.max},
                        {"instance_types", g.instance_types},
                        {"tags", g.tags}});
    out["clusters"].push_back(
        {{"name", c.name}, {"version", c.version}, {"tags", c.tags}, {"nodegroups", groups}});
  }
  return out;
}

}  // namespace sandbox
