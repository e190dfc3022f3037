#include "sandbox/json_args.h"

#include <cctype>
#include <charconv>

namespace sandbox {

const nlohmann::json* JsonArgs::Member(const char* key) {
  if (!body_.is_object()) return nullptr;
  auto it = body_.find(key);
  if (it == body_.end() || it->is_null()) return nullptr;
  return &*it;
}

void JsonArgs::Fail(const char* key, const char* expected) {
  if (!type_error_.empty()) return;
  type_error_ =
      std::string("Unexpected value type for member '") + key + "': expected " + expected + ".";
}

std::optional<std::string> JsonArgs::String(const char* key) {
  const nlohmann::json* v = Member(key);
  if (v == nullptr) return std::nullopt;
  if (!v->is_string()) {
    Fail(key, "a string");
    return std::nullopt;
  }
  return v->get<std::string>();
}

std::optional<int64_t> JsonArgs::Int(const char* key) {
  const nlohmann::json* v = Member(key);
  if (v == nullptr) return std::nullopt;
  if (!v->is_number_integer()) {
    Fail(key, "an integer");
    return std::nullopt;
  }
  return v->get<int64_t>();
}

std::optional<double> JsonArgs::Number(const char* key) {
  const nlohmann::json* v = Member(key);
  if (v == nullptr) return std::nullopt;
  if (!v->is_number()) {
    Fail(key, "a number");
    return std::nullopt;
  }
  return v->get<double>();
}

std::optional<bool> JsonArgs::Bool(const char* key) {
  const nlohmann::json* v = Member(key);
  if (v == nullptr) return std::nullopt;
  if (!v->is_boolean()) {
    Fail(key, "a boolean");
    return std::nullopt;
  }
  return v->get<bool>();
}

const nlohmann::json* JsonArgs::Array(const char* key) {
  const nlohmann::json* v = Member(key);
  if (v == nullptr) return nullptr;
  if (!v->is_array()) {
    Fail(key, "a list");
    return nullptr;
  }
  return v;
}

const nlohmann::json* JsonArgs::Object(const char* key) {
  const nlohmann::json* v = Member(key);
  if (v == nullptr) return nullptr;
  if (!v->is_object()) {
    Fail(key, "a structure");
    return nullptr;
  }
  return v;
}

namespace {
std::string LowerCamel(std::string_view member) {
  std::string out(member);
  if (!out.empty()) out[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[0])));
  return out;
}
}  // namespace

std::string NullMemberMessage(std::string_view member) {
  return "1 validation error detected: Value null at '" + LowerCamel(member) +
         "' failed to satisfy constraint: Member must not be null";
}

std::string ConstraintMessage(std::string_view member, std::string_view value,
                              std::string_view constraint) {
  return "1 validation error detected: Value '" + std::string(value) + "' at '" +
         LowerCamel(member) + "' failed to satisfy constraint: " + std::string(constraint);
}

std::string ToLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace sandbox
