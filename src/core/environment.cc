#include "core/environment.h"

#include <cstdlib>

namespace arm {

std::string Environment::GetOr(const std::string& name, const std::string& fallback) const {
  auto v = Get(name);
  if (!v || v->empty()) return fallback;
  return *v;
}

std::optional<std::string> RealEnvironment::Get(const std::string& name) const {
  const char* v = std::getenv(name.c_str());
  if (v == nullptr) return std::nullopt;
  return std::string(v);
}

std::optional<std::string> MapEnvironment::Get(const std::string& name) const {
  auto it = vars_.find(name);
  if (it == vars_.end()) return std::nullopt;
  return it->second;
}

}  // namespace arm
