#include "engine/executor.h"

#include <map>
#include <mutex>

#include "core/parallel.h"

namespace arm {
namespace {

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ",") + n;
  return out;
}

}  // namespace

std::vector<ActionOutcome> RunStage(const PlanStage& stage, ResourceType& type, Clock& clock,
                                    const ExecOptions& options) {
  // Chains in first-appearance order; each holds indexes into stage.actions.
  std::vector<std::vector<size_t>> chains;
  std::map<std::string, size_t> chain_index;
  for (size_t i = 0; i < stage.actions.size(); ++i) {
    auto [it, inserted] = chain_index.emplace(stage.actions[i].chain, chains.size());
    if (inserted) chains.emplace_back();
    chains[it->second].push_back(i);
  }
  std::vector<ActionOutcome> outcomes(stage.actions.size());
  std::mutex report_mu;
  ParallelFor(chains.size(), options.workers, [&](size_t c) {
    bool halted = false, deferring = false;
    for (size_t idx : chains[c]) {
      ActionOutcome& o = outcomes[idx];
      o.action = stage.actions[idx];
      if (deferring) {
        o.deferred = true;
        o.status = Status::Ok();
      } else if (halted) {
        o.status = Status::Aborted(
            "not attempted: an earlier step for this resource did not "
            "complete");
      } else if (options.interrupted != nullptr && options.interrupted->load()) {
        o.status = Status::Interrupted("not attempted: interrupted");
        halted = true;
      } else if (!options.apply.wait && o.action.params.value("defer_if_no_wait", false)) {
        o.deferred = true;
        o.status = Status::Ok();
        deferring = true;  // later steps need what we did not wait for
      } else {
        o.started_at = FormatIso8601(clock.Now());
        if (options.on_start) {
          std::lock_guard<std::mutex> l(report_mu);
          options.on_start(o.action);
        }
        auto t0 = clock.Monotonic();
        CallLog calls;
        {
          ScopedCallObserver observe(&calls);
          ScopedCallTarget target(JoinNames(o.action.names));
          try {
            o.status = type.Apply(o.action, options.apply);
          } catch (const std::exception& e) {
            // An exception escaping a worker thread would end the process
            // with the state file mid-run: make it this step's error instead.
            o.status = Status::Internal(o.action.api + ": unexpected error: " + e.what());
          }
        }
        o.calls = calls.Records();
        o.ran = true;
        o.duration_ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(clock.Monotonic() - t0).count();
        if (!o.status.ok()) halted = true;
      }
      if (options.on_outcome) {
        std::lock_guard<std::mutex> l(report_mu);
        options.on_outcome(o);
      }
    }
  });
  return outcomes;
}

}  // namespace arm
