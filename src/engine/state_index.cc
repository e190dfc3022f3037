#include "engine/state_index.h"

namespace arm {

std::string StateIndex::Key(std::string_view type, std::string_view name) {
  std::string key;
  key.reserve(type.size() + 1 + name.size());
  key.append(type).push_back('\0');
  key.append(name);
  return key;
}

StateIndex::StateIndex(const State& state) {
  positions_.reserve(state.resources.size());
  for (size_t i = 0; i < state.resources.size(); ++i) {
    // The first of duplicate entries, as State::Find.
    positions_.emplace(Key(state.resources[i].type, state.resources[i].name), i);
  }
}

const ResourceState* StateIndex::Find(const State& state, std::string_view type,
                                      std::string_view name) const {
  auto it = positions_.find(Key(type, name));
  return it == positions_.end() ? nullptr : &state.resources[it->second];
}

ResourceState* StateIndex::Find(State& state, std::string_view type, std::string_view name) const {
  auto it = positions_.find(Key(type, name));
  return it == positions_.end() ? nullptr : &state.resources[it->second];
}

ResourceState& StateIndex::Upsert(State& state, std::string_view type, std::string_view name) {
  auto [it, inserted] = positions_.emplace(Key(type, name), state.resources.size());
  if (inserted) {
    ResourceState r;
    r.type = std::string(type);
    r.name = std::string(name);
    state.resources.push_back(std::move(r));
  }
  return state.resources[it->second];
}

}  // namespace arm
