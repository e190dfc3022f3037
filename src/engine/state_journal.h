#pragma once
// Edits of state entries' bookkeeping while a stage runs (Kinesis: the time
// of each UpdateShardCount). Workers call Edit at once; the edits change the
// state in memory only, and the save after the stage writes them. What must
// be on disk before a call was saved before the stage
// (ResourceType::ReserveBeforeStage). While the stage runs, only the journal
// touches the state.
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "engine/state_index.h"
#include "state/state_file.h"

namespace arm {

class StateJournal {
 public:
  // Entries of `type` in `state`.
  StateJournal(State& state, std::string type);

  // Applies `edit` to the extra of entry (type, name) in memory. An entry
  // that is absent is an Internal error (nothing edited).
  Status Edit(const std::string& name, const std::function<void(nlohmann::json&)>& edit);

  int edits() const;

 private:
  State& state_;
  std::string type_;
  mutable std::mutex mu_;
  std::optional<StateIndex> index_;  // guarded by mu_; built by the first edit
  int edits_ = 0;                    // guarded by mu_
};

}  // namespace arm
