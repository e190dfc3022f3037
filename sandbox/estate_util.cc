#include "sandbox/estate_util.h"

namespace sandbox {

std::string EstateString(const nlohmann::json& estate, const char* key,
                         const std::string& fallback) {
  if (!estate.is_object()) return fallback;
  auto it = estate.find(key);
  if (it == estate.end() || !it->is_string()) return fallback;
  return it->get<std::string>();
}

nlohmann::json EstateList(const nlohmann::json& estate, const char* section, const char* key) {
  nlohmann::json out = nlohmann::json::array();
  if (!estate.is_object()) return out;
  auto s = estate.find(section);
  if (s == estate.end() || !s->is_object()) return out;
  auto list = s->find(key);
  if (list == s->end() || !list->is_array()) return out;
  for (const auto& item : *list) {
    if (item.is_object()) out.push_back(item);
  }
  return out;
}

std::map<std::string, std::string> TagsFromJson(const nlohmann::json& tags) {
  std::map<std::string, std::string> out;
  if (tags.is_array()) {
    for (const auto& t : tags) {
      if (t.is_object() && t.contains("Key") && t["Key"].is_string()) {
        out[t["Key"].get<std::string>()] = t.value("Value", "");
      }
    }
  } else if (tags.is_object()) {
    for (const auto& [k, v] : tags.items()) {
      if (v.is_string()) out[k] = v.get<std::string>();
    }
  }
  return out;
}

nlohmann::json TagsToJsonList(const std::map<std::string, std::string>& tags) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [k, v] : tags) out.push_back({{"Key", k}, {"Value", v}});
  return out;
}

}  // namespace sandbox
