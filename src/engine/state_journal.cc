#include "engine/state_journal.h"

#include <utility>

namespace arm {

StateJournal::StateJournal(State& state, std::string type)
    : state_(state), type_(std::move(type)) {}

Status StateJournal::Edit(const std::string& name,
                          const std::function<void(nlohmann::json&)>& edit) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!index_) index_.emplace(state_);
  ResourceState* e = index_->Find(state_, type_, name);
  if (e == nullptr) return Status::Internal("no state file entry for " + type_ + " " + name);
  edit(e->extra);
  ++edits_;
  return Status::Ok();
}

int StateJournal::edits() const {
  std::lock_guard<std::mutex> lock(mu_);
  return edits_;
}

}  // namespace arm
