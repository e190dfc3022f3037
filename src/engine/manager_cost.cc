// Manager: the idle cost before a run and once its plan is carried out.
#include "engine/manager.h"
#include "engine/state_index.h"

namespace arm {

void Manager::EstimateCosts(const SnapshotSet& snaps, const State& state,
                            OperationReport& report) const {
  // Amounts only: nothing shows the priced lines of every resource, and on a
  // large estate they were megabytes kept for the whole run.
  report.cost_before = Cost();
  report.cost_after = Cost();
  report.changes.clear();
  const StateIndex index(state);
  std::set<std::pair<std::string, std::string>> acted;
  for (const auto& st : report.plan.stages)
    for (const auto& a : st.actions)
      for (const auto& n : a.names) acted.insert({a.type, n});
  for (const auto& [type_id, list] : snaps) {
    const ResourceType* type = TypeById(type_id);
    for (const auto& s : list) {
      // The resource after the run: itself unless acted on (no copy then).
      const Snapshot* target = &s;
      Snapshot changed;
      if (acted.count({type_id, s.name})) {
        if (report.command == "stop") {
          changed = type->Parked(s);
        } else {
          changed = s;
          if (const ResourceState* e = index.Find(state, type_id, s.name)) {
            changed.config = e->original;
            changed.exists = true;
          }
        }
        target = &changed;
        report.changes.push_back({type_id, s.name, s.config, changed.config});
      }
      if (prices_ == nullptr) continue;
      Cost before = type->CostOf(s, *prices_, region_);
      Cost after = type->CostOf(*target, *prices_, region_);
      if (target != &s) {
        report.changes.back().hourly_before_usd = before.hourly_usd;
        report.changes.back().hourly_after_usd = after.hourly_usd;
      }
      report.cost_before.AddAmount(before);
      report.cost_after.AddAmount(after);
    }
  }
}

}  // namespace arm
