#include "services/kinesis_client.h"

#include <nlohmann/json.hpp>

#include "aws/protocols/aws_json.h"
#include "services/wire_util.h"

namespace arm {
namespace {

using nlohmann::json;
using wire::Str;

const aws_json::JsonService kService{services::kKinesis, "Kinesis_20131202", "1.1"};

Result<json> Call(AwsClient& client, std::string_view operation, const json& input,
                  CallStats* stats = nullptr) {
  Result<json> r = aws_json::Call(client, kService, operation, input, stats);
  if (!r.ok()) {
    return wire::NotFoundIf(r.status(), {"ResourceNotFoundException"});
  }
  return r;
}

}  // namespace

Result<std::vector<std::string>> KinesisClient::ListStreams() {
  std::vector<std::string> out;
  std::string token;
  bool more = false;
  do {
    // NextToken carries the position on its own; older endpoints only
    // understand ExclusiveStartStreamName.
    json input = {{"Limit", 100}};
    if (!token.empty()) {
      input["NextToken"] = token;
    } else if (!out.empty()) {
      input["ExclusiveStartStreamName"] = out.back();
    }
    Result<json> page = Call(client_, "ListStreams", input);
    if (!page.ok()) return page.status();
    size_t before = out.size();
    ARM_RETURN_IF_ERROR(wire::DecodeInto("ListStreams", [&] {
      for (const json& n : wire::Array(*page, "StreamNames")) {
        out.push_back(n.get<std::string>());
      }
      token = Str(*page, "NextToken");
      more = wire::Bool(*page, "HasMoreStreams");
    }));
    if (more && token.empty() && out.size() == before) {
      return wire::Malformed("ListStreams", "HasMoreStreams without names or NextToken");
    }
  } while (more);
  return out;
}

Result<StreamSummary> KinesisClient::DescribeStreamSummary(const std::string& name) {
  Result<json> r = Call(client_, "DescribeStreamSummary", {{"StreamName", name}});
  if (!r.ok()) return r.status();
  return wire::Decode("DescribeStreamSummary", [&] {
    const json& d = wire::Member(*r, "StreamDescriptionSummary");
    StreamSummary s;
    s.name = Str(d, "StreamName");
    s.arn = Str(d, "StreamARN");
    s.status = Str(d, "StreamStatus");
    s.mode = Str(wire::Member(d, "StreamModeDetails"), "StreamMode");
    if (s.mode.empty()) s.mode = "PROVISIONED";
    s.open_shard_count = static_cast<int>(wire::Int(d, "OpenShardCount"));
    s.retention_hours = static_cast<int>(wire::Int(d, "RetentionPeriodHours"));
    return s;
  });
}

Status KinesisClient::UpdateShardCount(const std::string& name, int target, CallStats* stats) {
  json input = {
      {"StreamName", name}, {"TargetShardCount", target}, {"ScalingType", "UNIFORM_SCALING"}};
  return Call(client_, "UpdateShardCount", input, stats).status();
}

Status KinesisClient::UpdateStreamMode(const std::string& arn, const std::string& mode,
                                       CallStats* stats) {
  json input = {{"StreamARN", arn}, {"StreamModeDetails", {{"StreamMode", mode}}}};
  return Call(client_, "UpdateStreamMode", input, stats).status();
}

Result<std::map<std::string, std::string>> KinesisClient::ListTagsForStream(
    const std::string& name) {
  std::map<std::string, std::string> out;
  std::string last_key;
  bool more = false;
  do {
    json input = {{"StreamName", name}, {"Limit", 50}};
    if (!last_key.empty()) input["ExclusiveStartTagKey"] = last_key;
    Result<json> page = Call(client_, "ListTagsForStream", input);
    if (!page.ok()) return page.status();
    std::string page_last;
    ARM_RETURN_IF_ERROR(wire::DecodeInto("ListTagsForStream", [&] {
      for (const json& t : wire::Array(*page, "Tags")) {
        page_last = Str(t, "Key");
        out[page_last] = Str(t, "Value");
      }
      more = wire::Bool(*page, "HasMoreTags");
    }));
    if (more && page_last.empty()) {
      return wire::Malformed("ListTagsForStream", "HasMoreTags without tags");
    }
    last_key = page_last;
  } while (more);
  return out;
}

}  // namespace arm
