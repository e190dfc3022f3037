#pragma once
// Runs one stage of a plan: chains of actions in parallel on up to `workers`
// threads, the actions of one chain in order, a chain halted by its first
// failure. Other chains go on: a failing resource never stops the others.
#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "aws/call_record.h"
#include "core/clock.h"
#include "engine/plan.h"

namespace arm {

struct ActionOutcome {
  Action action;
  Status status;
  bool ran = false;       // the call was made (false: skipped or deferred)
  bool deferred = false;  // not waited for (--no-wait); to finish on a later run
  std::string started_at;
  long long duration_ms = 0;
  std::vector<CallRecord> calls;  // every AWS call Apply made (audit trail)
};

struct ExecOptions {
  int workers = 10;
  ApplyOptions apply;
  const std::atomic<bool>* interrupted = nullptr;  // set by SIGINT/SIGTERM
  // Called after each action (from worker threads; serialised by the caller).
  std::function<void(const ActionOutcome&)> on_outcome;
  // Called just before an action's first call (from worker threads;
  // serialised by the caller): with on_outcome, a run killed mid-action still
  // shows the action it was in.
  std::function<void(const Action&)> on_start;
};

std::vector<ActionOutcome> RunStage(const PlanStage& stage, ResourceType& type, Clock& clock,
                                    const ExecOptions& options);

}  // namespace arm
