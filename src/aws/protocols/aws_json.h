#pragma once
// awsJson 1.0 / 1.1: POST / with X-Amz-Target "<prefix>.<Operation>" and a
// JSON body. Errors: "__type" (text after '#', before ':') or x-amzn-ErrorType.
// Used by DynamoDB (1.0, DynamoDB_20120810), Kinesis (1.1, Kinesis_20131202),
// SageMaker (1.1, SageMaker), Application Auto Scaling (1.1,
// AnyScaleFrontendService), Resource Groups Tagging (1.1,
// ResourceGroupsTaggingAPI_20170126), CloudWatch JSON (1.0,
// GraniteServiceVersion20100801).
#include <nlohmann/json.hpp>
#include <string_view>

#include "aws/aws_client.h"

namespace arm::aws_json {

struct JsonService {
  const ServiceSpec& spec;
  std::string_view target_prefix;
  std::string_view json_version;  // "1.0" or "1.1"
};

Result<nlohmann::json> Call(AwsClient& client, const JsonService& service,
                            std::string_view operation, const nlohmann::json& input,
                            CallStats* stats = nullptr);
Status ParseError(const HttpResponse& response);

// The pure halves of Call(), for tests. The request leaves scheme and host to
// AwsClient; a 2xx body parses to {} when empty.
Result<HttpRequest> BuildRequest(const JsonService& service, std::string_view operation,
                                 const nlohmann::json& input);
Result<nlohmann::json> ParseResponse(const HttpResponse& response);

}  // namespace arm::aws_json
