#include "core/environment.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

extern char** environ;

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

std::vector<std::string> RealEnvironment::NamesStartingWith(const std::string& prefix) const {
  std::vector<std::string> out;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    const char* eq = std::strchr(*e, '=');
    if (eq == nullptr) continue;
    std::string name(*e, static_cast<size_t>(eq - *e));
    if (name.starts_with(prefix)) out.push_back(std::move(name));
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> MapEnvironment::NamesStartingWith(const std::string& prefix) const {
  std::vector<std::string> out;
  for (auto it = vars_.lower_bound(prefix); it != vars_.end() && it->first.starts_with(prefix);
       ++it)
    out.push_back(it->first);
  return out;
}

std::optional<std::string> MapEnvironment::Get(const std::string& name) const {
  auto it = vars_.find(name);
  if (it == vars_.end()) return std::nullopt;
  return it->second;
}

}  // namespace arm
