#pragma once
// Constant-time (type, name) lookups in a State for the loops that look up
// every resource (planning, status, recording outcomes): State::Find is
// linear, so those loops were quadratic in the number of resources. Built
// from one State and valid for it as long as entries are only added through
// Upsert here (no Erase, no reordering in between).
#include <string>
#include <string_view>
#include <unordered_map>

#include "state/state_file.h"

namespace arm {

class StateIndex {
 public:
  StateIndex() = default;
  explicit StateIndex(const State& state);

  const ResourceState* Find(const State& state, std::string_view type, std::string_view name) const;
  ResourceState* Find(State& state, std::string_view type, std::string_view name) const;
  // As State::Upsert; the returned reference is invalidated by the next Upsert.
  ResourceState& Upsert(State& state, std::string_view type, std::string_view name);

 private:
  static std::string Key(std::string_view type, std::string_view name);
  std::unordered_map<std::string, size_t> positions_;
};

}  // namespace arm
