#include "core/status.h"

#include <array>
#include <string_view>

namespace arm {
namespace {

bool IsCredentialCode(std::string_view c) {
  constexpr std::array<std::string_view, 6> kCodes = {
      "InvalidClientTokenId",  "UnrecognizedClientException", "ExpiredToken",
      "ExpiredTokenException", "InvalidAccessKeyId",          "SignatureDoesNotMatch"};
  for (auto k : kCodes)
    if (c == k) return true;
  return c == "InvalidSignatureException";
}

bool IsPermissionCode(std::string_view c) {
  return c == "AccessDenied" || c == "AccessDeniedException" || c == "UnauthorizedOperation" ||
         c == "AuthorizationError";
}

}  // namespace

Status Status::Aws(std::string aws_code, std::string message, int http_status,
                   std::string request_id, bool retryable, bool throttling) {
  StatusCode code = StatusCode::kAwsError;
  if (IsCredentialCode(aws_code)) code = StatusCode::kCredentials;
  if (IsPermissionCode(aws_code)) code = StatusCode::kPermission;
  Status s(code, std::move(message));
  s.aws_code_ = std::move(aws_code);
  s.http_status_ = http_status;
  s.request_id_ = std::move(request_id);
  s.retryable_ = retryable;
  s.throttling_ = throttling;
  return s;
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  std::string out;
  if (!aws_code_.empty()) {
    out = aws_code_ + ": " + message_;
    if (http_status_ != 0 || !request_id_.empty()) {
      out += " (";
      if (http_status_ != 0) out += "HTTP " + std::to_string(http_status_);
      if (!request_id_.empty()) {
        if (http_status_ != 0) out += ", ";
        out += "request id " + request_id_;
      }
      out += ")";
    }
    return out;
  }
  return message_;
}

Status Status::WithContext(const std::string& context) const {
  if (ok()) return *this;
  Status s = *this;
  s.message_ = context + ": " + message_;
  return s;
}

}  // namespace arm
