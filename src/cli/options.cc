#include "cli/options.h"

#include "core/file_system.h"

namespace arm {

void ResolvePathsFrom(const std::string& caller_dir, GlobalOptions* global,
                      SnapshotOptions* snapshot, PlanOptions* plan, IamPolicyOptions* iam_policy) {
  if (caller_dir.empty()) return;
  auto resolve = [&](std::string* path) {
    if (path->empty() || *path == "-" || (*path)[0] == '/') return;
    *path = JoinPath(caller_dir, *path);
  };
  resolve(&global->config_file);
  resolve(&global->state_file);
  resolve(&snapshot->output_file);
  resolve(&plan->resources_file);
  resolve(&plan->state_file);
  if (iam_policy != nullptr) resolve(&iam_policy->output_file);
}

}  // namespace arm
