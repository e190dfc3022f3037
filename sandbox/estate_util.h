#pragma once
// Tolerant readers for the estate JSON shared by the handlers: a missing or
// mistyped section reads as empty instead of throwing.
#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace sandbox {

std::string EstateString(const nlohmann::json& estate, const char* key,
                         const std::string& fallback);
// estate[section][key] when it is an array of objects, else an empty array.
nlohmann::json EstateList(const nlohmann::json& estate, const char* section, const char* key);
// [{"Key": k, "Value": v}, ...] or {"k": "v", ...}.
std::map<std::string, std::string> TagsFromJson(const nlohmann::json& tags);
nlohmann::json TagsToJsonList(const std::map<std::string, std::string>& tags);

}  // namespace sandbox
