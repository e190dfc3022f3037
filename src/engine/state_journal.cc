#include "engine/state_journal.h"

#include <utility>

namespace arm {

StateJournal::StateJournal(StateStore& store, State& state, std::string type)
    : store_(store), state_(state), type_(std::move(type)) {}

Status StateJournal::Edit(const std::string& name, const std::function<void(nlohmann::json&)>& edit) {
  uint64_t mine = 0;
  {
    std::lock_guard<std::mutex> lock(queue_mu_);
    mine = ++next_seq_;
    queue_.push_back({mine, &name, &edit});
  }
  std::lock_guard<std::mutex> lock(save_mu_);
  if (auto it = results_.find(mine); it != results_.end()) {  // saved with an earlier caller's batch
    Status s = std::move(it->second);
    results_.erase(it);
    return s;
  }
  std::vector<Pending> batch;
  {
    std::lock_guard<std::mutex> q(queue_mu_);
    batch.swap(queue_);
  }
  if (!index_) index_.emplace(state_);
  std::map<uint64_t, Status> missing;
  for (const Pending& p : batch) {
    ResourceState* e = index_->Find(state_, type_, *p.name);
    if (e == nullptr) {
      missing[p.seq] = Status::Internal("no state file entry for " + type_ + " " + *p.name);
      continue;
    }
    (*p.edit)(e->extra);
  }
  Status saved = store_.Save(state_, StateStore::kLocalOnly);
  ++saves_;
  Status result = saved;
  for (const Pending& p : batch) {
    auto m = missing.find(p.seq);
    const Status& s = m != missing.end() ? m->second : saved;
    if (p.seq == mine) {
      result = s;
    } else {
      results_[p.seq] = s;
    }
  }
  return result;
}

int StateJournal::saves() const {
  std::lock_guard<std::mutex> lock(save_mu_);
  return saves_;
}

}  // namespace arm
