#include "aws/protocols/rest_xml.h"

#include <pugixml.hpp>
#include <string>

#include "aws/protocols/wire_errors.h"

namespace arm::rest_xml {
namespace {

std::string ChildText(pugi::xml_node node, const char* name) {
  return node.child(name).text().as_string();
}

// The code S3 would have sent for answers without a body (HEAD, or a proxy
// that dropped it), so callers can test IsAws("NotFound") either way.
std::string_view CodeForStatus(int status) {
  switch (status) {
    case 301:
      return "PermanentRedirect";
    case 304:
      return "NotModified";
    case 307:
      return "TemporaryRedirect";
    case 400:
      return "BadRequest";
    case 403:
      return "Forbidden";
    case 404:
      return "NotFound";
    case 405:
      return "MethodNotAllowed";
    case 409:
      return "Conflict";
    case 412:
      return "PreconditionFailed";
    case 416:
      return "InvalidRange";
    case 500:
      return "InternalError";
    case 501:
      return "NotImplemented";
    case 503:
      return "ServiceUnavailable";
    default:
      return protocols::kUnknownErrorCode;
  }
}

Status ErrorFromStatus(const HttpResponse& response, std::string_view why, std::string request_id) {
  std::string message =
      "HTTP " + std::to_string(response.status) + " error with " + std::string(why);
  if (!response.body.empty()) message += ": " + protocols::OneLineExcerpt(response.body);
  return protocols::AwsError(std::string(CodeForStatus(response.status)), std::move(message),
                             response.status, std::move(request_id));
}

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

}  // namespace

bool IsVirtualHostableBucket(std::string_view bucket) {
  if (bucket.size() < 3 || bucket.size() > 63) return false;
  if (!IsLowerAlnum(bucket.front()) || !IsLowerAlnum(bucket.back())) return false;
  for (char c : bucket) {
    if (!IsLowerAlnum(c) && c != '-') return false;
  }
  return true;
}

Result<HttpRequest> BuildRequest(const RestXmlRequest& request, bool endpoint_overridden) {
  if (request.method.empty())
    return Status::InvalidArgument("rest-xml request without an HTTP method");
  if (request.bucket.empty() && !request.key.empty()) {
    return Status::InvalidArgument("rest-xml request for key \"" + request.key +
                                   "\" without a bucket");
  }
  HttpRequest out;
  out.method = request.method;
  out.headers = request.headers;
  out.body = request.body;
  std::string key = UriEncode(request.key, /*keep_slash=*/true);
  if (request.bucket.empty()) {
    out.path = "/";
  } else if (!endpoint_overridden && IsVirtualHostableBucket(request.bucket)) {
    out.host = request.bucket + ".";
    out.path = "/" + key;
  } else {
    out.path = "/" + UriEncode(request.bucket) + (key.empty() ? "" : "/" + key);
  }
  for (const auto& [name, value] : request.query) {
    if (!out.query.empty()) out.query += '&';
    out.query += UriEncode(name);
    if (!value.empty()) out.query += "=" + UriEncode(value);  // "?tagging" subresources stay bare
  }
  return out;
}

Status ParseError(const HttpResponse& response) {
  std::string request_id = protocols::RequestIdFromHeaders(response);
  if (response.body.empty()) return ErrorFromStatus(response, "an empty body", request_id);
  pugi::xml_document doc;
  pugi::xml_parse_result parsed = doc.load_buffer(response.body.data(), response.body.size());
  if (!parsed || !doc.document_element())
    return ErrorFromStatus(response, "a body that is not XML", request_id);

  // S3: <Error><Code>..<RequestId>; other rest-xml services:
  // <ErrorResponse><Error><Code>..</Error><RequestId>.
  pugi::xml_node root = doc.document_element();
  pugi::xml_node error = std::string_view(root.name()) == "Error" ? root : root.child("Error");
  if (request_id.empty()) request_id = ChildText(error, "RequestId");
  if (request_id.empty()) request_id = ChildText(root, "RequestId");
  std::string code = protocols::SanitizeErrorCode(ChildText(error, "Code"));
  if (code.empty()) return ErrorFromStatus(response, "no error code", request_id);

  std::string message = ChildText(error, "Message");
  std::string region = ChildText(error, "Region");
  if (const std::string* header = response.Header("x-amz-bucket-region"); header != nullptr)
    region = *header;
  if (!region.empty() && (response.status == 301 || code == "AuthorizationHeaderMalformed")) {
    message += " (the bucket is in " + region + ")";
  }
  return protocols::AwsError(std::move(code), std::move(message), response.status,
                             std::move(request_id));
}

Result<HttpResponse> Call(AwsClient& client, const ServiceSpec& service,
                          const RestXmlRequest& request, CallStats* stats) {
  Result<Endpoint> endpoint = client.endpoints().Resolve(service);
  if (!endpoint.ok()) return endpoint.status();
  Result<HttpRequest> http_request = BuildRequest(request, endpoint->overridden);
  if (!http_request.ok()) return http_request.status();
  return client.Send(service, std::move(http_request).value(), ParseError, stats);
}

}  // namespace arm::rest_xml
