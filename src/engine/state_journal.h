#pragma once
// Durable edits of state entries' bookkeeping while a stage runs (Kinesis:
// the time of each UpdateShardCount, written before the call). Workers call
// Edit at once; the edits queued while a save is in flight go to disk
// together in the next save (group commit), so a stage of many streams does
// not pay one full state save per call. While the stage runs, only the
// journal touches the state.
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "engine/state_index.h"
#include "state/state_file.h"

namespace arm {

class StateJournal {
 public:
  // Entries of `type` in `state`; saved through `store` without the S3 hook
  // (the save after the stage uploads).
  StateJournal(StateStore& store, State& state, std::string type);

  // Applies `edit` to the extra of entry (type, name) and returns once a
  // save holding it has finished: OK means the edit is on disk. An entry
  // that is absent is an Internal error (nothing saved for it).
  Status Edit(const std::string& name, const std::function<void(nlohmann::json&)>& edit);

  int saves() const;

 private:
  struct Pending {
    uint64_t seq;
    const std::string* name;
    const std::function<void(nlohmann::json&)>* edit;  // the caller waits in Edit
  };

  StateStore& store_;
  State& state_;
  std::string type_;
  std::optional<StateIndex> index_;  // guarded by save_mu_; built by the first edit
  std::mutex queue_mu_;
  std::vector<Pending> queue_;  // guarded by queue_mu_
  uint64_t next_seq_ = 0;       // guarded by queue_mu_
  mutable std::mutex save_mu_;
  std::map<uint64_t, Status> results_;  // guarded by save_mu_: edits saved by another caller
  int saves_ = 0;                       // guarded by save_mu_
};

}  // namespace arm
