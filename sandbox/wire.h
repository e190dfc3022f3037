#pragma once
// Server-side helpers for the four AWS protocols, shared by every handler:
// success and error answers shaped exactly as AWS sends them.
#include <functional>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"
#include "sandbox/service_handler.h"

namespace sandbox {

std::string NewRequestId();

// Handler checks return their errors as values: an arm::Status carrying the
// AWS error code and HTTP status, answered in the service's protocol where
// the operation returns (JsonError(status, version) for awsJson).
arm::Status AwsError(std::string code, std::string message, int http_status = 400);

// ---- awsJson 1.0 / 1.1 ----
// Operation named by X-Amz-Target "<prefix>.<Op>", or "" when the header is
// missing or carries another prefix.
std::string JsonTargetOperation(const Request& request, std::string_view target_prefix);
Response JsonOk(const nlohmann::json& body, std::string_view json_version);
// {"__type": "<code>", "message": ...} plus x-amzn-ErrorType, as AWS answers.
Response JsonError(int status, std::string_view code, std::string_view message,
                   std::string_view json_version);
// The answer of an AwsError status.
Response JsonError(const arm::Status& error, std::string_view json_version);
// The body as a JSON object ({} when empty); SerializationException when it
// is not one.
arm::Result<nlohmann::json> ParseJsonBody(const Request& request);
// The string member `name` of the JSON body, "" when the body is not a JSON
// object or the member not a string (IamResources, before validation).
std::string JsonBodyString(const Request& request, std::string_view name);

// ---- restJson1 (Lambda) ----
Response RestJsonOk(int status, const nlohmann::json& body);
Response RestJsonError(int status, std::string_view code, std::string_view message);

// ---- query protocol (STS, SNS, CloudWatch) ----
using FormParams = std::vector<std::pair<std::string, std::string>>;
// Decodes an application/x-www-form-urlencoded body (or query string).
FormParams ParseForm(std::string_view body);
const std::string* FormValue(const FormParams& params, std::string_view name);
// Values of "Prefix.member.1", "Prefix.member.2", ... in order.
std::vector<std::string> FormList(const FormParams& params, std::string_view prefix);
// <ActionResponse xmlns=...><ActionResult>(fill)</ActionResult>
// <ResponseMetadata><RequestId>..</RequestId></ResponseMetadata></ActionResponse>
Response QueryOk(std::string_view action, std::string_view xmlns,
                 const std::function<void(pugi::xml_node)>& fill);
// <ErrorResponse xmlns=..><Error><Type>Sender</Type><Code>..</Code>
// <Message>..</Message></Error><RequestId>..</RequestId></ErrorResponse>
Response QueryError(int status, std::string_view code, std::string_view message,
                    std::string_view xmlns, bool sender_fault = true);

// ---- restXml (S3) ----
Response S3Error(int status, std::string_view code, std::string_view message,
                 std::string_view resource);

// Serialises a pugi document without indentation noise.
std::string XmlToString(const pugi::xml_document& doc);
// Adds <name>text</name> under parent.
pugi::xml_node AddText(pugi::xml_node parent, const char* name, const std::string& text);

// ISO-8601 / epoch helpers for response timestamps.
double EpochSeconds(const arm::Clock& clock);
std::string IsoTime(const arm::Clock& clock);

}  // namespace sandbox
