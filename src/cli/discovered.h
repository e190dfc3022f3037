#pragma once
// What status and snapshot both start with: connect (STS), load the state
// file (checked against project/account/region), discover every selected
// type. Errors and warnings go to ctx.err as one line each.
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.h"

namespace arm {

struct Discovered {
  std::optional<State> state;  // none: no state file
  SnapshotSet snapshots;
  // Discovery errors (types left out) and warnings (said, not failures: a
  // prefix neighbour left alone).
  Diagnostics diagnostics;
  bool permission_error = false;

  const State* state_ptr() const { return state ? &*state : nullptr; }
};

// For an error that ends a run before any change: prints it as one line
// ("error: ...", and "nothing was changed; safe to retry" when AWS could not
// be reached) and returns its exit code (ExitCodeFor).
ExitCode FailBeforeChanges(CommandContext& ctx, const Status& status);

// The exit code to end with when connecting or loading the state failed;
// otherwise fills *out (discovery errors are left to the caller).
std::optional<ExitCode> ConnectAndDiscover(CommandContext& ctx, Discovered* out);

}  // namespace arm
