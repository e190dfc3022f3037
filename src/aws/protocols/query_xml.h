#pragma once
// The query protocol (STS, SNS, CloudWatch): POST form-urlencoded
// Action=..&Version=..&params, XML answer <OpResponse><OpResult>..</OpResult>
// <ResponseMetadata><RequestId>. Errors: <ErrorResponse><Error><Code>.
#include <memory>
#include <pugixml.hpp>
#include <string>
#include <utility>
#include <vector>

#include "aws/aws_client.h"

namespace arm::query_xml {

// Ordered parameters, flattened as the protocol wants:
// "AlarmNames.member.1" = "a", "Tags.member.1.Key" = "k".
using Params = std::vector<std::pair<std::string, std::string>>;

struct QueryResponse {
  std::shared_ptr<pugi::xml_document> doc;
  pugi::xml_node result;  // the <OpResult> element (or the root when absent)
  std::string request_id;
};

Result<QueryResponse> Call(AwsClient& client, const ServiceSpec& service, std::string_view action,
                           std::string_view version, const Params& params,
                           CallStats* stats = nullptr);
Status ParseError(const HttpResponse& response);
// "a=1&b=x%20y" with RFC 3986 encoding.
std::string EncodeForm(const Params& params);

// The pure halves of Call(), for tests. The request leaves scheme and host to
// AwsClient; the body is Action, Version, then `params` in order.
HttpRequest BuildRequest(std::string_view action, std::string_view version, const Params& params);
Result<QueryResponse> ParseResponse(const HttpResponse& response, std::string_view action);

}  // namespace arm::query_xml
