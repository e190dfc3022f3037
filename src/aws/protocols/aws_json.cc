#include "aws/protocols/aws_json.h"

#include <string>

#include "aws/protocols/wire_errors.h"

namespace arm::aws_json {
namespace {

std::string StringField(const nlohmann::json& body, const char* name) {
  if (!body.is_object()) return "";
  auto it = body.find(name);
  return it != body.end() && it->is_string() ? it->get<std::string>() : "";
}

}  // namespace

Result<HttpRequest> BuildRequest(const JsonService& service, std::string_view operation,
                                 const nlohmann::json& input) {
  HttpRequest request;
  request.method = "POST";
  request.path = "/";
  request.SetHeader("Content-Type", "application/x-amz-json-" + std::string(service.json_version));
  request.SetHeader("X-Amz-Target",
                    std::string(service.target_prefix) + "." + std::string(operation));
  if (input.is_null() || (input.is_object() && input.empty())) {
    request.body = "{}";
    return request;
  }
  if (!input.is_object()) {
    return Status::InvalidArgument(std::string(operation) + ": input must be a JSON object");
  }
  try {
    request.body = input.dump();
  } catch (const nlohmann::json::exception& e) {  // invalid UTF-8 in a string
    return Status::InvalidArgument(std::string(operation) +
                                   ": cannot serialise input: " + e.what());
  }
  return request;
}

Result<nlohmann::json> ParseResponse(const HttpResponse& response) {
  return protocols::ParseJsonBody(response);
}

Status ParseError(const HttpResponse& response) {
  std::string request_id = protocols::RequestIdFromHeaders(response);
  nlohmann::json body;
  if (!response.body.empty()) {
    body = nlohmann::json::parse(response.body, nullptr,
                                 /*allow_exceptions=*/false);
  }
  std::string code = protocols::SanitizeErrorCode(StringField(body, "__type"));
  if (code.empty()) {
    if (const std::string* header = response.Header("x-amzn-ErrorType"); header != nullptr) {
      code = protocols::SanitizeErrorCode(*header);
    }
  }
  if (code.empty()) {
    if (response.body.empty())
      return protocols::UnparsableError(response, "an empty body", request_id);
    if (body.is_discarded())
      return protocols::UnparsableError(response, "a body that is not JSON", request_id);
    return protocols::UnparsableError(response, "no error code", request_id);
  }
  std::string message = StringField(body, "message");
  if (message.empty()) message = StringField(body, "Message");
  return protocols::AwsError(std::move(code), std::move(message), response.status,
                             std::move(request_id));
}

Result<nlohmann::json> Call(AwsClient& client, const JsonService& service,
                            std::string_view operation, const nlohmann::json& input,
                            CallStats* stats) {
  Result<HttpRequest> request = BuildRequest(service, operation, input);
  if (!request.ok()) return request.status();
  CallStats local_stats;
  CallStats& st = stats != nullptr ? *stats : local_stats;
  st.operation = std::string(operation);
  Result<HttpResponse> response =
      client.Send(service.spec, std::move(request).value(), ParseError, &st);
  if (!response.ok()) return response.status();
  return ParseResponse(*response);
}

}  // namespace arm::aws_json
