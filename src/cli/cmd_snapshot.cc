// snapshot: what discovery finds, written as JSON for the offline planner.
#include <algorithm>

#include "cli/commands.h"
#include "cli/discovered.h"
#include "core/printable.h"
#include "engine/snapshot_file.h"
#include "version.h"

namespace arm {

ExitCode RunSnapshot(CommandContext& ctx, const SnapshotOptions& options) {
  App& app = ctx.app;
  const std::string& file = options.output_file;
  if (file == "text" || file == "json") {
    ctx.err << "error: snapshot --output takes a file name (or - for stdout) and always writes "
               "JSON; to write a "
               "file called \""
            << file << "\" use --output ./" << file << "\n";
    return ExitCode::kUsage;
  }
  Discovered found;
  if (auto failed = ConnectAndDiscover(ctx, &found)) return *failed;
  const State* state = found.state_ptr();
  const std::vector<std::string>& errors = found.diagnostics.errors;
  bool permission = found.permission_error;
  SnapshotSet& snaps = found.snapshots;
  for (const auto& w : found.diagnostics.warnings) ctx.err << "warning: " << Printable(w) << "\n";
  if (!errors.empty()) {
    // A partial snapshot would plan as if the missing types had nothing.
    for (const auto& e : errors) ctx.err << "error: " << Printable(e) << "\n";
    ctx.err << "error: no snapshot written: discovery failed for the types above\n";
    return permission ? ExitCode::kCredentials : ExitCode::kPartialFailure;
  }
  const ManagedSelection& sel = app.manager().selection();
  SnapshotDocument doc;
  doc.tool_version = ARM_VERSION;
  doc.taken_at = FormatIso8601(app.seams().clock.Now());
  doc.project = sel.project;
  doc.environment = sel.environment;
  doc.account_id = app.account_id();
  doc.region = app.region();
  for (const ResourceType* t : app.manager().SelectedTypes()) doc.types.emplace_back(t->type());
  doc.only.assign(sel.only_types.begin(), sel.only_types.end());
  doc.exclude.assign(sel.exclude_types.begin(), sel.exclude_types.end());
  doc.resource_names.assign(sel.resource_names.begin(), sel.resource_names.end());
  doc.state_file = state ? app.state_store().path() : "";
  doc.resources = std::move(snaps);
  std::string text = SerializeSnapshot(doc);
  size_t count = 0;
  for (const auto& [type, list] : doc.resources) count += list.size();
  if (file.empty() || file == "-") {
    ctx.out << text;
  } else {
    Status written = app.seams().fs.WriteFileDurable(file, text, 0600);
    if (!written.ok()) {
      ctx.err << "error: cannot write the snapshot to " << file << ": " << written.ToString()
              << " (check that its folder exists and is writable)\n";
      return ExitCode::kUsage;
    }
  }
  if (!app.options().quiet)
    ctx.err << "Snapshot of " << count << " resource" << (count == 1 ? "" : "s") << " ("
            << doc.project << ", " << doc.region << ") written to "
            << (file.empty() || file == "-" ? "stdout" : file) << "\n";
  return ExitCode::kOk;
}

}  // namespace arm
