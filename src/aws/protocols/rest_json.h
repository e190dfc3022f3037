#pragma once
// restJson1 (Lambda): HTTP method + URI path with labels + query string, JSON
// body. Errors: x-amzn-ErrorType header, else "__type"/"code" in the body.
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "aws/aws_client.h"

namespace arm::rest_json {

struct RestRequest {
  std::string method;
  std::string path;                          // already encoded: use UriEncode() for labels
  std::map<std::string, std::string> query;  // encoded here
  std::optional<nlohmann::json> body;
};

// An empty successful body yields an empty JSON object.
Result<nlohmann::json> Call(AwsClient& client, const ServiceSpec& service,
                            const RestRequest& request, CallStats* stats = nullptr);
Status ParseError(const HttpResponse& response);

// The pure halves of Call(), for tests. The request leaves scheme and host to
// AwsClient; the query is sorted by name and RFC 3986-encoded.
Result<HttpRequest> BuildRequest(const RestRequest& request);
Result<nlohmann::json> ParseResponse(const HttpResponse& response);

}  // namespace arm::rest_json
