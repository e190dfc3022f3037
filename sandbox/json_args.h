#pragma once
// Typed access to the members of an awsJson request body, and the shared
// shapes of AWS's generic request errors. Used by the awsJson handlers.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace sandbox {

// Reads optional members; a member of the wrong JSON type is remembered (the
// first one) so the handler can answer SerializationException as AWS does.
// Absent and null members read as std::nullopt / nullptr.
class JsonArgs {
 public:
  explicit JsonArgs(const nlohmann::json& body) : body_(body) {}
  std::optional<std::string> String(const char* key);
  std::optional<int64_t> Int(const char* key);
  std::optional<double> Number(const char* key);
  std::optional<bool> Bool(const char* key);
  const nlohmann::json* Array(const char* key);
  const nlohmann::json* Object(const char* key);
  bool ok() const { return type_error_.empty(); }
  // The whole body, for members a handler keeps verbatim.
  const nlohmann::json& body() const { return body_; }
  // "Unexpected value for member 'X'" style message, "" when ok().
  const std::string& type_error() const { return type_error_; }

 private:
  const nlohmann::json* Member(const char* key);
  void Fail(const char* key, const char* expected);
  const nlohmann::json& body_;
  std::string type_error_;
};

// AWS's constraint message: "1 validation error detected: Value null at
// 'endpointName' failed to satisfy constraint: Member must not be null".
// `member` is the wire name (EndpointName); the message uses lowerCamel.
std::string NullMemberMessage(std::string_view member);
// "... Value 'V' at 'member' failed to satisfy constraint: <constraint>".
std::string ConstraintMessage(std::string_view member, std::string_view value,
                              std::string_view constraint);

std::string ToLower(std::string_view s);

}  // namespace sandbox
