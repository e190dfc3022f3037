#include "services/wire_util.h"

#include <stdexcept>

namespace arm::wire {
namespace {

const nlohmann::json& Null() {
  static const nlohmann::json kNull;
  return kNull;
}

const nlohmann::json& EmptyArray() {
  static const nlohmann::json kEmpty = nlohmann::json::array();
  return kEmpty;
}

}  // namespace

Status NotFoundIf(const Status& status, std::initializer_list<std::string_view> codes) {
  for (std::string_view code : codes) {
    if (status.aws_code() == code) return status.AsNotFound();
  }
  return status;
}

const nlohmann::json& Member(const nlohmann::json& object, const char* key) {
  if (!object.is_object()) return Null();
  auto it = object.find(key);
  return it == object.end() ? Null() : *it;
}

std::string Str(const nlohmann::json& object, const char* key) {
  const nlohmann::json& v = Member(object, key);
  return v.is_null() ? std::string() : v.get<std::string>();
}

long long Int(const nlohmann::json& object, const char* key) {
  const nlohmann::json& v = Member(object, key);
  return v.is_null() ? 0 : v.get<long long>();
}

bool Bool(const nlohmann::json& object, const char* key) {
  const nlohmann::json& v = Member(object, key);
  return v.is_null() ? false : v.get<bool>();
}

const nlohmann::json& Array(const nlohmann::json& object, const char* key) {
  const nlohmann::json& v = Member(object, key);
  if (v.is_null()) return EmptyArray();
  if (!v.is_array()) {
    throw std::runtime_error(std::string(key) + " is not a list");
  }
  return v;
}

std::map<std::string, std::string> TagListToMap(const nlohmann::json& list) {
  std::map<std::string, std::string> tags;
  for (const nlohmann::json& tag : list) {
    tags[Str(tag, "Key")] = Str(tag, "Value");
  }
  return tags;
}

}  // namespace arm::wire
