#pragma once
// Helpers shared by the service clients: reading AWS answers without letting
// library exceptions escape, and classifying "does not exist" answers.
#include <exception>
#include <initializer_list>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "aws/protocols/wire_errors.h"
#include "core/redact.h"
#include "core/status.h"

namespace arm::wire {

// The Status for an answer whose shape the code did not expect (a string
// where a number belongs): MalformedResponse, like the protocols' own.
inline Status Malformed(std::string_view operation, const char* what) {
  // `what` (a library's message) may quote the answer.
  return Status::Aws(std::string(protocols::kMalformedResponseCode),
                     std::string(operation) + ": unexpected response: " + ServerText(what), 0, "",
                     /*retryable=*/false);
}

// Runs `decode`, which reads an answer and returns a value; a shape mismatch
// becomes Malformed() instead of an exception.
template <typename F>
auto Decode(std::string_view operation, F&& decode) -> Result<decltype(decode())> {
  try {
    return decode();
  } catch (const std::exception& e) {
    return Malformed(operation, e.what());
  }
}

// Decode for readers that fill variables in place.
template <typename F>
Status DecodeInto(std::string_view operation, F&& decode) {
  try {
    decode();
    return Status::Ok();
  } catch (const std::exception& e) {
    return Malformed(operation, e.what());
  }
}

// `status` classified as NotFound when its AWS code is one of `codes`.
Status NotFoundIf(const Status& status, std::initializer_list<std::string_view> codes);

// Members of a JSON object; AWS omits empty members, so absent or null reads
// as "" / 0 / false. A member of the wrong type throws (see Decode).
std::string Str(const nlohmann::json& object, const char* key);
long long Int(const nlohmann::json& object, const char* key);
bool Bool(const nlohmann::json& object, const char* key);
// The member, or a null value when absent.
const nlohmann::json& Member(const nlohmann::json& object, const char* key);
// The elements of an array member; empty when absent or null.
const nlohmann::json& Array(const nlohmann::json& object, const char* key);

// [{"Key": k, "Value": v}, ...] as a map.
std::map<std::string, std::string> TagListToMap(const nlohmann::json& list);

}  // namespace arm::wire
