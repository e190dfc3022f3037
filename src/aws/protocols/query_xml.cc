#include "aws/protocols/query_xml.h"

#include <string>

#include "aws/protocols/wire_errors.h"

namespace arm::query_xml {
namespace {

std::string ChildText(pugi::xml_node node, const char* name) {
  return node.child(name).text().as_string();
}

// Parses `body` into `doc`; false when it is not well-formed XML with a root.
bool LoadXml(const std::string& body, pugi::xml_document& doc) {
  pugi::xml_parse_result parsed = doc.load_buffer(body.data(), body.size());
  return parsed && doc.document_element();
}

}  // namespace

std::string EncodeForm(const Params& params) {
  std::string out;
  for (const auto& [name, value] : params) {
    if (!out.empty()) out += '&';
    out += UriEncode(name) + "=" + UriEncode(value);
  }
  return out;
}

HttpRequest BuildRequest(std::string_view action, std::string_view version, const Params& params) {
  Params all;
  all.reserve(params.size() + 2);
  all.emplace_back("Action", std::string(action));
  all.emplace_back("Version", std::string(version));
  all.insert(all.end(), params.begin(), params.end());
  HttpRequest request;
  request.method = "POST";
  request.path = "/";
  request.SetHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
  request.body = EncodeForm(all);
  return request;
}

Result<QueryResponse> ParseResponse(const HttpResponse& response, std::string_view action) {
  QueryResponse out;
  out.doc = std::make_shared<pugi::xml_document>();
  if (!LoadXml(response.body, *out.doc)) {
    return protocols::MalformedResponse(response, "body is not valid XML",
                                        protocols::RequestIdFromHeaders(response));
  }
  pugi::xml_node root = out.doc->document_element();
  std::string result_name = std::string(action) + "Result";
  out.result = root.child(result_name.c_str());
  if (!out.result) out.result = root;  // actions without output: <OpResponse><ResponseMetadata>
  out.request_id = ChildText(root.child("ResponseMetadata"), "RequestId");
  if (out.request_id.empty()) out.request_id = protocols::RequestIdFromHeaders(response);
  return out;
}

Status ParseError(const HttpResponse& response) {
  std::string header_request_id = protocols::RequestIdFromHeaders(response);
  if (response.body.empty())
    return protocols::UnparsableError(response, "an empty body", header_request_id);
  pugi::xml_document doc;
  if (!LoadXml(response.body, doc)) {
    return protocols::UnparsableError(response, "a body that is not XML", header_request_id);
  }
  // <ErrorResponse><Error>..</Error><RequestId>, or the EC2 shape
  // <Response><Errors><Error>..</Error></Errors><RequestID>.
  pugi::xml_node root = doc.document_element();
  pugi::xml_node error = root.child("Error");
  if (!error) error = root.child("Errors").child("Error");
  if (!error && std::string_view(root.name()) == "Error") error = root;
  std::string request_id = ChildText(root, "RequestId");
  if (request_id.empty()) request_id = ChildText(root, "RequestID");
  if (request_id.empty()) request_id = ChildText(error, "RequestId");
  if (request_id.empty()) request_id = header_request_id;
  std::string code = protocols::SanitizeErrorCode(ChildText(error, "Code"));
  if (code.empty()) return protocols::UnparsableError(response, "no error code", request_id);
  return protocols::AwsError(std::move(code), ChildText(error, "Message"), response.status,
                             std::move(request_id));
}

Result<QueryResponse> Call(AwsClient& client, const ServiceSpec& service, std::string_view action,
                           std::string_view version, const Params& params, CallStats* stats) {
  CallStats local_stats;
  CallStats& st = stats != nullptr ? *stats : local_stats;
  st.operation = std::string(action);
  Result<HttpResponse> response =
      client.Send(service, BuildRequest(action, version, params), ParseError, &st);
  if (!response.ok()) return response.status();
  return ParseResponse(*response, action);
}

}  // namespace arm::query_xml
