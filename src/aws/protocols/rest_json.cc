#include "aws/protocols/rest_json.h"

#include <string>

#include "aws/protocols/wire_errors.h"

namespace arm::rest_json {
namespace {

std::string StringField(const nlohmann::json& body, const char* name) {
  if (!body.is_object()) return "";
  auto it = body.find(name);
  return it != body.end() && it->is_string() ? it->get<std::string>() : "";
}

}  // namespace

Result<HttpRequest> BuildRequest(const RestRequest& request) {
  if (request.method.empty() || request.path.empty() || request.path.front() != '/') {
    return Status::InvalidArgument(
        "rest-json request needs a method and a path starting with '/', got "
        "\"" +
        request.method + " " + request.path + "\"");
  }
  HttpRequest out;
  out.method = request.method;
  out.path = request.path;
  for (const auto& [name, value] : request.query) {
    if (!out.query.empty()) out.query += '&';
    out.query += UriEncode(name) + "=" + UriEncode(value);
  }
  if (request.body.has_value()) {
    try {
      out.body = request.body->dump();
    } catch (const nlohmann::json::exception& e) {  // invalid UTF-8 in a string
      return Status::InvalidArgument(request.method + " " + request.path +
                                     ": cannot serialise body: " + e.what());
    }
    out.SetHeader("Content-Type", "application/json");
  }
  return out;
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
  std::string code;
  if (const std::string* header = response.Header("X-Amzn-ErrorType"); header != nullptr) {
    code = protocols::SanitizeErrorCode(*header);
  }
  for (const char* field : {"__type", "code", "Code"}) {
    if (code.empty()) code = protocols::SanitizeErrorCode(StringField(body, field));
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

Result<nlohmann::json> Call(AwsClient& client, const ServiceSpec& service,
                            const RestRequest& request, CallStats* stats) {
  Result<HttpRequest> http_request = BuildRequest(request);
  if (!http_request.ok()) return http_request.status();
  Result<HttpResponse> response =
      client.Send(service, std::move(http_request).value(), ParseError, stats);
  if (!response.ok()) return response.status();
  return ParseResponse(*response);
}

}  // namespace arm::rest_json
