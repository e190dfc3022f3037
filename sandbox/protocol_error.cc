// Error answers the server composes itself (authentication, faults,
// unroutable requests), in the shape of the protocol the request speaks.
#include <string>

#include "sandbox/auth.h"
#include "sandbox/wire.h"

namespace sandbox {
namespace {

enum class Family { kQuery, kJson, kRestJson, kRestXml };

std::string JsonVersionOf(const Request& request, const std::string& service) {
  const std::string* ct = request.Header("Content-Type");
  if (ct != nullptr && ct->find("x-amz-json-1.0") != std::string::npos) return "1.0";
  if (ct != nullptr && ct->find("x-amz-json-1.1") != std::string::npos) return "1.1";
  return service == "dynamodb" || service == "monitoring" ? "1.0" : "1.1";
}

Family FamilyOf(const Request& request, const std::string& service) {
  if (service == "s3") return Family::kRestXml;
  if (service == "lambda") return Family::kRestJson;
  if (request.Header("X-Amz-Target") != nullptr) return Family::kJson;
  if (service == "sts" || service == "sns" || service == "monitoring" || service == "rds" ||
      service == "autoscaling" || service == "iam")
    return Family::kQuery;
  if (service.empty()) {
    const std::string* ct = request.Header("Content-Type");
    if (ct != nullptr && ct->find("json") != std::string::npos) return Family::kJson;
    return Family::kQuery;
  }
  return Family::kJson;
}

std::string QueryNamespace(const std::string& service) {
  if (service == "sts") return "https://sts.amazonaws.com/doc/2011-06-15/";
  if (service == "sns") return "http://sns.amazonaws.com/doc/2010-03-31/";
  if (service == "monitoring") return "http://monitoring.amazonaws.com/doc/2010-08-01/";
  if (service == "rds") return "http://rds.amazonaws.com/doc/2014-10-31/";
  if (service == "autoscaling") return "http://autoscaling.amazonaws.com/doc/2011-01-01/";
  if (service == "iam") return "https://iam.amazonaws.com/doc/2010-05-08/";
  return "";
}

struct ErrorSpec {
  int status;
  const char* code;
  const char* message;
};

constexpr const char* kInvalidToken = "The security token included in the request is invalid.";
constexpr const char* kExpired = "The security token included in the request is expired";
constexpr const char* kBadSig =
    "The request signature we calculated does not match the signature you provided. Check your AWS "
    "Secret "
    "Access Key and signing method. Consult the service documentation for details.";

ErrorSpec SpecFor(Family family, AuthFailure failure) {
  const bool json = family == Family::kJson;
  const bool rest_json = family == Family::kRestJson;
  if (family == Family::kRestXml) {
    switch (failure) {
      case AuthFailure::kMissing:
        return {403, "AccessDenied", "Access Denied"};
      case AuthFailure::kMalformed:
        return {400, "AuthorizationHeaderMalformed", "The authorization header is malformed."};
      case AuthFailure::kUnknownKey:
        return {403, "InvalidAccessKeyId",
                "The AWS Access Key Id you provided does not exist in our records."};
      case AuthFailure::kInvalidToken:
        return {400, "InvalidToken", "The provided token is malformed or otherwise invalid."};
      case AuthFailure::kExpiredToken:
        return {400, "ExpiredToken", "The provided token has expired."};
      case AuthFailure::kSkewed:
        return {403, "RequestTimeTooSkewed",
                "The difference between the request time and the current time is too large."};
      case AuthFailure::kMissingContentSha256:
        return {400, "InvalidRequest",
                "Missing required header for this request: x-amz-content-sha256"};
      case AuthFailure::kContentSha256Mismatch:
        return {400, "XAmzContentSHA256Mismatch",
                "The provided 'x-amz-content-sha256' header does not match what was computed."};
      case AuthFailure::kBadSignature:
      case AuthFailure::kNone:
        break;
    }
    return {403, "SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided. Check "
            "your key "
            "and signing method."};
  }
  switch (failure) {
    case AuthFailure::kMissing:
      if (json) return {400, "MissingAuthenticationTokenException", "Missing Authentication Token"};
      if (rest_json)
        return {403, "MissingAuthenticationTokenException", "Missing Authentication Token"};
      return {403, "MissingAuthenticationToken", "Request is missing Authentication Token"};
    case AuthFailure::kMalformed:
      if (json || rest_json)
        return {400, "IncompleteSignatureException", "Authorization header is malformed."};
      return {400, "IncompleteSignature", "Authorization header is malformed."};
    case AuthFailure::kUnknownKey:
    case AuthFailure::kInvalidToken:
      if (json) return {400, "UnrecognizedClientException", kInvalidToken};
      if (rest_json) return {403, "UnrecognizedClientException", kInvalidToken};
      return {403, "InvalidClientTokenId", kInvalidToken};
    case AuthFailure::kExpiredToken:
      if (json) return {400, "ExpiredTokenException", kExpired};
      if (rest_json) return {403, "ExpiredTokenException", kExpired};
      return {403, "ExpiredToken", kExpired};
    case AuthFailure::kBadSignature:
    case AuthFailure::kSkewed:
    case AuthFailure::kMissingContentSha256:
    case AuthFailure::kContentSha256Mismatch:
    case AuthFailure::kNone:
      break;
  }
  if (json || rest_json) return {403, "InvalidSignatureException", kBadSig};
  return {403, "SignatureDoesNotMatch", kBadSig};
}

}  // namespace

Response ProtocolError(const Request& request, int status, std::string_view code,
                       std::string_view message) {
  std::string service = GuessService(request);
  switch (FamilyOf(request, service)) {
    case Family::kRestXml:
      return S3Error(status, code, message, request.path);
    case Family::kRestJson:
      return RestJsonError(status, code, message);
    case Family::kJson:
      return JsonError(status, code, message, JsonVersionOf(request, service));
    case Family::kQuery:
      break;
  }
  return QueryError(status, code, message, QueryNamespace(service), status < 500);
}

Response AuthFailureResponse(const ServiceHandler* handler, const Request& request,
                             const AuthOutcome& outcome) {
  std::string service = GuessService(request);
  ErrorSpec spec = SpecFor(FamilyOf(request, service), outcome.failure);
  std::string message = spec.message;
  if (!outcome.detail.empty() &&
      (outcome.failure == AuthFailure::kMalformed || outcome.failure == AuthFailure::kSkewed)) {
    message = outcome.detail;
  }
  // AWS's JSON and query services quote what they computed (S3 answers it in
  // separate XML elements instead).
  if (!outcome.detail.empty() && outcome.failure == AuthFailure::kBadSignature &&
      FamilyOf(request, service) != Family::kRestXml) {
    message += "\n\n" + outcome.detail;
  }
  if (handler != nullptr) return handler->Error(request, spec.status, spec.code, message);
  return ProtocolError(request, spec.status, spec.code, message);
}

}  // namespace sandbox
