#include "cli/discovered.h"

#include "core/printable.h"

namespace arm {

ExitCode FailBeforeChanges(CommandContext& ctx, const Status& status) {
  ExitCode code = ExitCodeFor(status);
  ctx.err << "error: " << Printable(status.ToString());
  if (code == ExitCode::kUnreachable) ctx.err << "; " << kUnreachableNote;
  ctx.err << "\n";
  return code;
}

std::optional<ExitCode> ConnectAndDiscover(CommandContext& ctx, Discovered* out) {
  App& app = ctx.app;
  Status connected = app.Connect();
  if (!connected.ok()) return FailBeforeChanges(ctx, connected);
  std::vector<std::string> warnings;
  auto loaded = app.manager().LoadState(&warnings);
  for (const auto& w : warnings) ctx.err << "warning: " << Printable(w) << "\n";
  if (!loaded.ok()) {
    ctx.err << "error: " << Printable(loaded.status().ToString()) << "\n";
    return ExitCode::kUsage;
  }
  out->state = std::move(*loaded);
  const size_t errors_before = out->diagnostics.errors.size();
  out->snapshots = app.manager().Discover(out->state_ptr(), app.workers(), &out->diagnostics,
                                          &out->permission_error);
  Status named = app.manager().CheckResourceNames(out->snapshots,
                                                  out->diagnostics.errors.size() > errors_before);
  if (!named.ok()) {
    ctx.err << "error: " << named.message() << "\n";
    return ExitCode::kUsage;
  }
  return std::nullopt;
}

}  // namespace arm
