// KinesisHandler's streams: the estate they load from and dump to, and
// their timed transitions. The wire operations are in kinesis_handler.cc.
#include <cstdio>

#include "sandbox/kinesis_handler.h"
#include "sandbox/wire.h"

namespace sandbox {

using nlohmann::json;

namespace {

// AWS counts UpdateShardCount and UpdateStreamMode calls per rolling day.
constexpr auto kScalingWindow = std::chrono::hours(24);

}  // namespace

std::chrono::system_clock::time_point KinesisHandler::UpdateDoneAt() const {
  return ctx_.clock->Now() + std::chrono::duration_cast<std::chrono::system_clock::duration>(
                                 std::chrono::duration<double>(ctx_.kinesis_update_seconds));
}

std::string KinesisHandler::Arn(const std::string& name) const {
  return "arn:aws:kinesis:" + ctx_.region + ":" + ctx_.account_id + ":stream/" + name;
}

void KinesisHandler::Advance() const {
  auto now = ctx_.clock->Now();
  for (auto& [name, s] : streams_) {
    if (s.status == "UPDATING" && now >= s.update_done_at) {
      s.status = "ACTIVE";
      s.open_shards = s.target_shards;
      if (!s.target_mode.empty()) s.mode = s.target_mode;
    }
    while (!s.scaling_ops.empty() && now - s.scaling_ops.front() >= kScalingWindow)
      s.scaling_ops.pop_front();
    while (!s.mode_switches.empty() && now - s.mode_switches.front() >= kScalingWindow)
      s.mode_switches.pop_front();
  }
}

void KinesisHandler::Load(const json& estate) {
  std::lock_guard<std::mutex> lock(mu_);
  streams_.clear();
  if (estate.is_object() && estate.contains("region") && estate["region"].is_string())
    ctx_.region = estate["region"];
  if (estate.is_object() && estate.contains("account_id") && estate["account_id"].is_string()) {
    ctx_.account_id = estate["account_id"];
  }
  const json& section =
      estate.is_object() && estate.contains("kinesis") ? estate["kinesis"] : estate;
  if (!section.is_object() || !section.contains("streams") || !section["streams"].is_array())
    return;
  double now = EpochSeconds(*ctx_.clock);
  for (const json& j : section["streams"]) {
    if (!j.is_object() || !j.contains("StreamName") || !j["StreamName"].is_string()) continue;
    KinesisStream s;
    s.name = j["StreamName"].get<std::string>();
    s.mode = j.value("StreamMode", "PROVISIONED");
    s.open_shards = j.value("OpenShardCount", 1);
    s.target_shards = s.open_shards;
    s.retention_hours = j.value("RetentionPeriodHours", 24);
    s.status = j.value("StreamStatus", "ACTIVE");
    s.creation_time = now;
    if (s.status == "UPDATING") s.update_done_at = UpdateDoneAt();
    if (j.contains("Tags") && j["Tags"].is_array()) {
      for (const json& t : j["Tags"]) {
        if (t.is_object()) s.tags[t.value("Key", "")] = t.value("Value", "");
      }
    }
    streams_[s.name] = std::move(s);
  }
}

json KinesisHandler::Dump() const {
  std::lock_guard<std::mutex> lock(mu_);
  Advance();
  json streams = json::array();
  for (const auto& [name, s] : streams_) {
    streams.push_back({{"name", s.name},
                       {"status", s.status},
                       {"mode", s.mode},
                       {"open_shard_count", s.open_shards},
                       {"retention_hours", s.retention_hours},
                       {"tags", s.tags},
                       {"scaling_ops_24h", s.scaling_ops.size()}});
  }
  return {{"streams", streams}};
}

void KinesisHandler::Generate(const std::map<std::string, int>& counts, json& estate) const {
  auto it = counts.find("streams");
  if (it == counts.end() || it->second <= 0) return;
  json& streams = estate["kinesis"]["streams"];
  if (!streams.is_array()) streams = json::array();
  for (int i = 0; i < it->second; ++i) {
    char name[48];
    std::snprintf(name, sizeof(name), "generated-%05d-stream", i);
    streams.push_back({{"StreamName", name},
                       {"StreamMode", "PROVISIONED"},
                       {"OpenShardCount", 1 + i % 4},
                       {"RetentionPeriodHours", 24},
                       {"Tags", json::array({{{"Key", "Project"}, {"Value", "generated"}}})}});
  }
}

void KinesisHandler::CollectTagged(std::vector<TaggedResource>& out) const {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& [name, s] : streams_) {
    if (s.tags.empty()) continue;
    out.push_back({Arn(s.name), s.tags});
  }
}

std::unique_ptr<ServiceHandler> MakeKinesisHandler(const Context& context) {
  return std::make_unique<KinesisHandler>(context);
}

}  // namespace sandbox
