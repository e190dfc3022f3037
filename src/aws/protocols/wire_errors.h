#pragma once
// Building blocks shared by the four protocol error parsers: one way to turn
// a parsed (or unparsable) error answer into a Status::Aws.
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/status.h"
#include "http/http.h"

namespace arm::protocols {

// Code given when an error answer carries no code or cannot be parsed.
inline constexpr std::string_view kUnknownErrorCode = "UnknownError";
// Code given when a 2xx answer cannot be parsed.
inline constexpr std::string_view kMalformedResponseCode = "MalformedResponse";

// Every Status built from a server's answer is made here: code, message and
// request id go through ServerText (core/redact.h) once, so no secret a
// server echoes, no control character and no more than ~512 bytes of it
// reach any output.

// Status::Aws with retryability and throttling decided by aws/retry.h.
Status AwsError(std::string code, std::string message, int http_status, std::string request_id);

// An error answer with no usable code: UnknownError, the HTTP status and a
// one-line excerpt of the body saying what was wrong with it.
Status UnparsableError(const HttpResponse& response, std::string_view why, std::string request_id);

// A 2xx answer whose body is not what the protocol promises.
Status MalformedResponse(const HttpResponse& response, std::string_view why,
                         std::string request_id);

// "x-amzn-RequestId", else "x-amz-request-id", else "".
std::string RequestIdFromHeaders(const HttpResponse& response);

// "aws.protocoltests#ValidationException:http://internal/" ->
// "ValidationException".
std::string SanitizeErrorCode(std::string_view code);

// At most `max` bytes of `text` on one line, for messages.
std::string OneLineExcerpt(std::string_view text, size_t max = 160);

// A 2xx JSON body: {} when empty, MalformedResponse when not JSON.
Result<nlohmann::json> ParseJsonBody(const HttpResponse& response);

}  // namespace arm::protocols
