#pragma once
// Environment-variable seam: the credential chain, region and endpoint
// resolution read variables only through this, so tests pass a map.
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace arm {

class Environment {
 public:
  virtual ~Environment() = default;
  // The value, or nullopt when unset. An empty value is returned as "".
  virtual std::optional<std::string> Get(const std::string& name) const = 0;
  // The names of the variables set that start with `prefix`, sorted.
  virtual std::vector<std::string> NamesStartingWith(const std::string& prefix) const = 0;
  // Unset or empty -> fallback.
  std::string GetOr(const std::string& name, const std::string& fallback) const;
};

class RealEnvironment final : public Environment {
 public:
  std::optional<std::string> Get(const std::string& name) const override;
  std::vector<std::string> NamesStartingWith(const std::string& prefix) const override;
};

class MapEnvironment final : public Environment {
 public:
  MapEnvironment() = default;
  explicit MapEnvironment(std::map<std::string, std::string> vars) : vars_(std::move(vars)) {}
  std::optional<std::string> Get(const std::string& name) const override;
  std::vector<std::string> NamesStartingWith(const std::string& prefix) const override;
  void Set(const std::string& name, const std::string& value) { vars_[name] = value; }
  void Unset(const std::string& name) { vars_.erase(name); }

 private:
  std::map<std::string, std::string> vars_;
};

}  // namespace arm
