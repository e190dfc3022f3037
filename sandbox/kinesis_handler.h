#pragma once
// Kinesis Data Streams (awsJson1.1, target prefix "Kinesis_20131202"):
// stream listing, summaries, tags, and resharding with AWS's rules
// (UNIFORM_SCALING only, at most double / at least half the open shards per
// call, at most 10 scaling operations per stream per rolling 24 h, UPDATING
// for Context::kinesis_update_seconds, ON_DEMAND streams refuse it).
#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "sandbox/protocol_handler.h"

namespace sandbox {

struct KinesisStream {
  std::string name;
  std::string status = "ACTIVE";
  std::string mode = "PROVISIONED";
  int open_shards = 1;
  int retention_hours = 24;
  double creation_time = 0;
  std::map<std::string, std::string> tags;
  // While UPDATING: what the stream becomes at update_done_at.
  std::chrono::system_clock::time_point update_done_at;
  int target_shards = 1;
  std::string target_mode;
  // Start times of the UpdateShardCount calls of the last 24 h.
  std::deque<std::chrono::system_clock::time_point> scaling_ops;
  // Times of the UpdateStreamMode switches of the last 24 h (AWS allows 2).
  std::deque<std::chrono::system_clock::time_point> mode_switches;
};

class KinesisHandler final : public AwsJsonHandler {
 public:
  explicit KinesisHandler(const Context& context)
      : AwsJsonHandler("kinesis", "1.1"), ctx_(context) {}
  std::string IamAction(const Request& request) const override;
  // ListStreams: "*"; the others: the stream (StreamARN, else StreamName).
  std::vector<std::string> IamResources(const Request& request) const override;
  // LimitExceededException naming the estate's account, as Kinesis answers.
  Response Throttled(const Request& request) const override;
  Response Handle(const Request& request) override;
  // Reads the estate's "kinesis" section (or that section itself).
  void Load(const nlohmann::json& estate) override;
  nlohmann::json Dump() const override;
  // counts["streams"]: adds that many PROVISIONED streams tagged
  // Project=generated.
  void Generate(const std::map<std::string, int>& counts, nlohmann::json& estate) const override;
  void CollectTagged(std::vector<TaggedResource>& out) const override;

 private:
  friend class KinesisOps;
  // Finishes due updates and forgets scaling operations older than 24 h.
  void Advance() const;
  // When an update started now ends (Context::kinesis_update_seconds).
  std::chrono::system_clock::time_point UpdateDoneAt() const;
  std::string Arn(const std::string& name) const;

  Context ctx_;  // a copy: the registry's Context may not outlive the handlers
  mutable std::mutex mu_;
  mutable std::map<std::string, KinesisStream> streams_;
};

std::unique_ptr<ServiceHandler> MakeKinesisHandler(const Context& context);

}  // namespace sandbox
