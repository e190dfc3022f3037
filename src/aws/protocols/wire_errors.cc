#include "aws/protocols/wire_errors.h"

#include "aws/retry.h"
#include "core/redact.h"

namespace arm::protocols {
namespace {

// Secrets are redacted before the excerpt is cut, so none is left half.
std::string RedactedExcerpt(std::string_view body) {
  constexpr size_t kScanned = 4096;
  return OneLineExcerpt(RedactSecrets(body.substr(0, kScanned)));
}

}  // namespace

Status AwsError(std::string code, std::string message, int http_status, std::string request_id) {
  code = ServerText(code);
  message = ServerText(message);
  request_id = ServerText(request_id);
  bool throttling = IsThrottlingCode(code);
  Status draft = Status::Aws(code, message, http_status, request_id,
                             /*retryable=*/false, throttling);
  bool retryable = IsRetryableError(draft);
  return Status::Aws(std::move(code), std::move(message), http_status, std::move(request_id),
                     retryable, throttling);
}

Status UnparsableError(const HttpResponse& response, std::string_view why, std::string request_id) {
  std::string message =
      "HTTP " + std::to_string(response.status) + " error with " + std::string(why);
  if (!response.body.empty()) message += ": " + RedactedExcerpt(response.body);
  return AwsError(std::string(kUnknownErrorCode), std::move(message), response.status,
                  std::move(request_id));
}

Status MalformedResponse(const HttpResponse& response, std::string_view why,
                         std::string request_id) {
  std::string message = "unexpected response: " + std::string(why);
  if (!response.body.empty()) message += ": " + RedactedExcerpt(response.body);
  return Status::Aws(std::string(kMalformedResponseCode), ServerText(message), response.status,
                     ServerText(request_id),
                     /*retryable=*/false);
}

std::string RequestIdFromHeaders(const HttpResponse& response) {
  for (std::string_view name : {"x-amzn-RequestId", "x-amz-request-id"}) {
    if (const std::string* v = response.Header(name); v != nullptr && !v->empty()) return *v;
  }
  return "";
}

std::string SanitizeErrorCode(std::string_view code) {
  if (size_t colon = code.find(':'); colon != std::string_view::npos) code = code.substr(0, colon);
  if (size_t hash = code.rfind('#'); hash != std::string_view::npos) code = code.substr(hash + 1);
  while (!code.empty() && (code.front() == ' ' || code.front() == '\t')) code.remove_prefix(1);
  while (!code.empty() && (code.back() == ' ' || code.back() == '\t')) code.remove_suffix(1);
  return std::string(code);
}

std::string OneLineExcerpt(std::string_view text, size_t max) {
  std::string out;
  bool truncated = text.size() > max;
  size_t cut = truncated ? max : text.size();
  // Never split a UTF-8 sequence: the message may end up in JSON reports.
  while (truncated && cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  for (char c : text.substr(0, cut)) {
    bool space = c == ' ' || c == '\n' || c == '\r' || c == '\t';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out.push_back(space ? ' ' : c);
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (truncated) out += "...";
  return out;
}

Result<nlohmann::json> ParseJsonBody(const HttpResponse& response) {
  if (response.body.empty()) return nlohmann::json::object();
  nlohmann::json body = nlohmann::json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) {
    return MalformedResponse(response, "body is not valid JSON", RequestIdFromHeaders(response));
  }
  return body;
}

}  // namespace arm::protocols
