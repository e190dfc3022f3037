#include "sandbox/kinesis_handler.h"

#include <cstdio>

#include "sandbox/json_args.h"
#include "sandbox/paging.h"
#include "sandbox/wire.h"

namespace sandbox {

using nlohmann::json;

namespace {

constexpr char kVersion[] = "1.1";
constexpr int kMaxScalingOpsPerDay = 10;
constexpr int kMaxModeSwitchesPerDay = 2;

Response KinesisError(std::string_view code, const std::string& message) {
  return JsonError(400, code, message, kVersion);
}
Response KinesisError(const arm::Status& error) { return JsonError(error, kVersion); }
Response Ok(const json& body) { return JsonOk(body, kVersion); }

constexpr PageSizeRule kStreamsPage{100, 1, 10000, "Member must have value between 1 and 10000",
                                    "Member must have value between 1 and 10000"};
// At most 100 streams per call, whatever the Limit, as on AWS.
constexpr size_t kMaxStreamsPerPage = 100;
constexpr PageSizeRule kTagsPage{50, 1, 50, "Member must have value between 1 and 50",
                                 "Member must have value between 1 and 50"};

}  // namespace

class KinesisOps {
 public:
  KinesisOps(KinesisHandler& h, JsonArgs& a) : h_(h), args_(a) {}

  Response ListStreams() {
    auto limit = args_.Int("Limit");
    auto start = args_.String("ExclusiveStartStreamName");
    auto token = args_.String("NextToken");
    if (!args_.ok()) return TypeError();
    arm::Result<size_t> size = PageSize(limit, kStreamsPage);
    if (!size.ok()) {
      return KinesisError("ValidationException", ConstraintMessage("Limit", std::to_string(*limit),
                                                                   size.status().message()));
    }
    if (token && start) {
      return KinesisError("InvalidArgumentException",
                          "NextToken and ExclusiveStartStreamName cannot be "
                          "provided together.");
    }
    static const PageTokens kTokens("kinesis");
    arm::Result<size_t> offset = kTokens.Offset(token);
    if (!offset.ok()) return KinesisError("InvalidArgumentException", "Invalid NextToken.");
    // The token is the offset in name order; ExclusiveStartStreamName, the
    // name before the page.
    std::vector<const KinesisStream*> all;
    all.reserve(h_.streams_.size());
    for (const auto& [name, s] : h_.streams_) all.push_back(&s);
    if (start) {
      *offset =
          static_cast<size_t>(std::distance(h_.streams_.begin(), h_.streams_.upper_bound(*start)));
    }
    Page<const KinesisStream*> page =
        PageOf(all, *offset, std::min(*size, kMaxStreamsPerPage), kTokens);
    json names = json::array();
    json summaries = json::array();
    for (const KinesisStream* stream : page.items) {
      const KinesisStream& s = *stream;
      names.push_back(s.name);
      summaries.push_back({{"StreamName", s.name},
                           {"StreamARN", h_.Arn(s.name)},
                           {"StreamStatus", s.status},
                           {"StreamModeDetails", {{"StreamMode", s.mode}}},
                           {"StreamCreationTimestamp", s.creation_time}});
    }
    json out = {
        {"StreamNames", names}, {"HasMoreStreams", page.more()}, {"StreamSummaries", summaries}};
    if (page.more()) out["NextToken"] = page.next_token;
    return Ok(out);
  }

  Response DescribeStreamSummary() {
    arm::Result<KinesisStream*> resolved = Resolve();
    if (!resolved.ok()) return KinesisError(resolved.status());
    KinesisStream* s = *resolved;
    return Ok({{"StreamDescriptionSummary",
                {{"StreamName", s->name},
                 {"StreamARN", h_.Arn(s->name)},
                 {"StreamStatus", s->status},
                 {"StreamModeDetails", {{"StreamMode", s->mode}}},
                 {"RetentionPeriodHours", s->retention_hours},
                 {"StreamCreationTimestamp", s->creation_time},
                 {"EnhancedMonitoring", json::array({{{"ShardLevelMetrics", json::array()}}})},
                 {"EncryptionType", "NONE"},
                 {"OpenShardCount", s->open_shards},
                 {"ConsumerCount", 0}}}});
  }

  Response UpdateShardCount() {
    auto target = args_.Int("TargetShardCount");
    auto scaling_type = args_.String("ScalingType");
    arm::Result<KinesisStream*> resolved = Resolve();
    if (!resolved.ok()) return KinesisError(resolved.status());
    KinesisStream* s = *resolved;
    if (!target) return KinesisError("ValidationException", NullMemberMessage("TargetShardCount"));
    if (!scaling_type) return KinesisError("ValidationException", NullMemberMessage("ScalingType"));
    if (*scaling_type != "UNIFORM_SCALING") {
      return KinesisError(
          "ValidationException",
          ConstraintMessage("ScalingType", *scaling_type,
                            "Member must satisfy enum value set: [UNIFORM_SCALING]"));
    }
    if (*target < 1) {
      return KinesisError("ValidationException",
                          ConstraintMessage("TargetShardCount", std::to_string(*target),
                                            "Member must have value greater than or equal to 1"));
    }
    if (s->mode == "ON_DEMAND") {
      return KinesisError("ValidationException", "UpdateShardCount is not supported for stream " +
                                                     s->name + " under account " +
                                                     h_.ctx_.account_id + " in ON_DEMAND mode.");
    }
    if (s->status != "ACTIVE") return NotActive(*s);
    std::string counts = "Current open shard count: " + std::to_string(s->open_shards) +
                         ", Target shard count: " + std::to_string(*target);
    if (*target > 2 * static_cast<int64_t>(s->open_shards)) {
      return KinesisError("LimitExceededException",
                          "UpdateShardCount cannot scale up over double your "
                          "current open shard count. " +
                              counts);
    }
    if (static_cast<double>(*target) < s->open_shards / 2.0) {
      return KinesisError("LimitExceededException",
                          "UpdateShardCount cannot scale down below half your "
                          "current open shard count. " +
                              counts);
    }
    if (s->scaling_ops.size() >= static_cast<size_t>(kMaxScalingOpsPerDay)) {
      return KinesisError("LimitExceededException",
                          "Exceeded the limit of " + std::to_string(kMaxScalingOpsPerDay) +
                              " UpdateShardCount operations per rolling 24 hour period for "
                              "stream " +
                              s->name + " under account " + h_.ctx_.account_id + ".");
    }
    int current = s->open_shards;
    s->scaling_ops.push_back(h_.ctx_.clock->Now());
    s->status = "UPDATING";
    s->target_shards = static_cast<int>(*target);
    s->target_mode = s->mode;
    s->update_done_at = h_.UpdateDoneAt();
    return Ok({{"StreamName", s->name},
               {"CurrentShardCount", current},
               {"TargetShardCount", *target},
               {"StreamARN", h_.Arn(s->name)}});
  }

  Response UpdateStreamMode() {
    auto arn = args_.String("StreamARN");
    const json* details = args_.Object("StreamModeDetails");
    if (!args_.ok()) return TypeError();
    if (!arn) return KinesisError("ValidationException", NullMemberMessage("StreamARN"));
    if (details == nullptr)
      return KinesisError("ValidationException", NullMemberMessage("StreamModeDetails"));
    std::string mode = details->value("StreamMode", "");
    if (mode != "PROVISIONED" && mode != "ON_DEMAND") {
      return KinesisError(
          "ValidationException",
          ConstraintMessage("StreamModeDetails.streamMode", mode,
                            "Member must satisfy enum value set: [PROVISIONED, ON_DEMAND]"));
    }
    arm::Result<KinesisStream*> resolved = Resolve();
    if (!resolved.ok()) return KinesisError(resolved.status());
    KinesisStream* s = *resolved;
    if (s->status != "ACTIVE") return NotActive(*s);
    if (s->mode == mode) return Ok(json::object());
    if (s->mode_switches.size() >= static_cast<size_t>(kMaxModeSwitchesPerDay)) {
      return KinesisError("LimitExceededException",
                          "Exceeded the limit of " + std::to_string(kMaxModeSwitchesPerDay) +
                              " capacity mode switches per rolling 24 hour period for stream " +
                              s->name + " under account " + h_.ctx_.account_id + ".");
    }
    s->mode_switches.push_back(h_.ctx_.clock->Now());
    s->status = "UPDATING";
    s->target_shards = s->open_shards;
    s->target_mode = mode;
    s->update_done_at = h_.UpdateDoneAt();
    return Ok(json::object());
  }

  Response ListTagsForStream() {
    auto start = args_.String("ExclusiveStartTagKey");
    auto limit = args_.Int("Limit");
    arm::Result<KinesisStream*> resolved = Resolve();
    if (!resolved.ok()) return KinesisError(resolved.status());
    KinesisStream* s = *resolved;
    arm::Result<size_t> size = PageSize(limit, kTagsPage);
    if (!size.ok()) {
      return KinesisError("ValidationException", ConstraintMessage("Limit", std::to_string(*limit),
                                                                   size.status().message()));
    }
    // Paged by key: ExclusiveStartTagKey is the last key of the page before.
    auto it = start ? s->tags.upper_bound(*start) : s->tags.begin();
    json tags = json::array();
    for (; it != s->tags.end() && tags.size() < *size; ++it) {
      tags.push_back({{"Key", it->first}, {"Value", it->second}});
    }
    return Ok({{"Tags", tags}, {"HasMoreTags", it != s->tags.end()}});
  }

  Response AddTagsToStream() {
    const json* tags = args_.Object("Tags");
    arm::Result<KinesisStream*> resolved = Resolve();
    if (!resolved.ok()) return KinesisError(resolved.status());
    KinesisStream* s = *resolved;
    if (tags == nullptr) return KinesisError("ValidationException", NullMemberMessage("Tags"));
    if (tags->size() > 10) {
      return KinesisError("InvalidArgumentException",
                          "Failed to add tags to stream " + s->name + " under account " +
                              h_.ctx_.account_id +
                              " because a given request cannot have more than 10 tags");
    }
    std::map<std::string, std::string> merged = s->tags;
    for (const auto& [k, v] : tags->items()) {
      if (!v.is_string())
        return KinesisError("SerializationException", "Unexpected value type for member 'Tags'.");
      merged[k] = v.get<std::string>();
    }
    if (merged.size() > 50) {
      return KinesisError("InvalidArgumentException",
                          "Failed to add tags to stream " + s->name + " under account " +
                              h_.ctx_.account_id + " because it would have more than 50 tags");
    }
    s->tags = std::move(merged);
    return Ok(json::object());
  }

 private:
  Response TypeError() { return KinesisError("SerializationException", args_.type_error()); }

  Response NotActive(const KinesisStream& s) {
    return KinesisError("ResourceInUseException", "Stream " + s.name + " under account " +
                                                      h_.ctx_.account_id +
                                                      " not ACTIVE, instead in state " + s.status);
  }

  // The stream named by StreamName and/or StreamARN.
  arm::Result<KinesisStream*> Resolve() {
    auto name = args_.String("StreamName");
    auto arn = args_.String("StreamARN");
    if (!args_.ok()) return AwsError("SerializationException", args_.type_error());
    std::string wanted;
    if (arn) {
      std::string prefix =
          "arn:aws:kinesis:" + h_.ctx_.region + ":" + h_.ctx_.account_id + ":stream/";
      if (arn->rfind("arn:aws:kinesis:", 0) != 0 || arn->find(":stream/") == std::string::npos) {
        return AwsError("ValidationException",
                        ConstraintMessage("StreamARN", *arn,
                                          "Member must satisfy regular expression pattern: "
                                          "arn:aws.*:kinesis:.*:\\d{12}:stream/\\S+"));
      }
      wanted = arn->rfind(prefix, 0) == 0 ? arn->substr(prefix.size()) : *arn;
      if (name && *name != wanted) {
        return AwsError("InvalidArgumentException",
                        "StreamARN " + *arn + " does not match StreamName " + *name + ".");
      }
    } else if (name) {
      wanted = *name;
    } else {
      return AwsError("InvalidArgumentException",
                      "Either StreamName or StreamARN should be provided.");
    }
    auto it = h_.streams_.find(wanted);
    if (it == h_.streams_.end()) {
      std::string shown = name ? *name : wanted;
      return AwsError("ResourceNotFoundException",
                      "Stream " + shown + " under account " + h_.ctx_.account_id + " not found.");
    }
    return &it->second;
  }

  KinesisHandler& h_;
  JsonArgs& args_;
};

namespace {

using OpFn = Response (KinesisOps::*)();
struct OpEntry {
  const char* name;
  OpFn fn;
};
constexpr OpEntry kOps[] = {
    {"ListStreams", &KinesisOps::ListStreams},
    {"DescribeStreamSummary", &KinesisOps::DescribeStreamSummary},
    {"UpdateShardCount", &KinesisOps::UpdateShardCount},
    {"UpdateStreamMode", &KinesisOps::UpdateStreamMode},
    {"ListTagsForStream", &KinesisOps::ListTagsForStream},
    {"AddTagsToStream", &KinesisOps::AddTagsToStream},
};

const OpEntry* FindOp(const Request& request) {
  std::string op = JsonTargetOperation(request, "Kinesis_20131202");
  for (const OpEntry& e : kOps) {
    if (op == e.name) return &e;
  }
  return nullptr;
}

}  // namespace

std::string KinesisHandler::IamAction(const Request& request) const {
  const OpEntry* op = FindOp(request);
  return op == nullptr ? "" : std::string("kinesis:") + op->name;
}

std::vector<std::string> KinesisHandler::IamResources(const Request& request) const {
  const OpEntry* op = FindOp(request);
  if (op == nullptr || std::string_view(op->name) == "ListStreams") return {"*"};
  std::string arn = JsonBodyString(request, "StreamARN");
  if (!arn.empty()) return {arn};
  std::string name = JsonBodyString(request, "StreamName");
  if (name.empty()) return {"*"};
  return {IamArn("kinesis", request.region, ctx_.account_id, "stream/" + name)};
}

Response KinesisHandler::Throttled(const Request&) const {
  return KinesisError("LimitExceededException",
                      "Rate exceeded for account " + ctx_.account_id + ".");
}

Response KinesisHandler::Handle(const Request& request) {
  const OpEntry* op = FindOp(request);
  if (op == nullptr) return KinesisError("UnknownOperationException", "");
  arm::Result<json> body = ParseJsonBody(request);
  if (!body.ok()) return JsonError(body.status(), kVersion);
  JsonArgs args(*body);
  std::lock_guard<std::mutex> lock(mu_);
  Advance();
  KinesisOps ops(*this, args);
  return (ops.*(op->fn))();
}

}  // namespace sandbox
