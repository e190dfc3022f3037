// plan stop|start --resources SNAPSHOT: the dry run, offline. The snapshot
// stands in for discovery; everything after it (planning, costing,
// rendering) is the code `stop --dry-run` / `start --dry-run` run.
#include <algorithm>

#include "cli/commands.h"
#include "cli/report_output.h"
#include "core/printable.h"
#include "engine/snapshot_file.h"

namespace arm {
namespace {

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
  return out.empty() ? "(none)" : out;
}

// Why this snapshot cannot stand in for discovery under this selection; ""
// when it can.
std::string CoverageProblem(const Manager& manager, const SnapshotDocument& doc,
                            const std::string& path) {
  for (const auto& t : doc.types)
    if (manager.TypeById(t) == nullptr)
      return path + " lists resource type \"" + t + "\" that this version does not know";
  for (const ResourceType* t : manager.SelectedTypes()) {
    if (std::find(doc.types.begin(), doc.types.end(), t->type()) != doc.types.end()) continue;
    return path + " does not cover " + std::string(t->type()) + " (taken with --only " +
           Join(doc.only) + " --exclude " + Join(doc.exclude) +
           "); take a new snapshot that includes it, or plan with --only/--exclude to match";
  }
  const auto& names = manager.selection().resource_names;
  if (!doc.resource_names.empty()) {
    bool subset =
        !names.empty() && std::all_of(names.begin(), names.end(), [&](const std::string& n) {
          return std::find(doc.resource_names.begin(), doc.resource_names.end(), n) !=
                 doc.resource_names.end();
        });
    if (!subset)
      return path + " holds only --resource " + Join(doc.resource_names) +
             "; plan with --resource among those, or take a snapshot without --resource";
  }
  return "";
}

}  // namespace

ExitCode RunPlan(CommandContext& ctx, const PlanOptions& options) {
  App& app = ctx.app;
  Manager& manager = app.manager();
  auto usage = [&](const std::string& message) {
    ctx.err << "error: " << Printable(message) << "\n";
    return ExitCode::kUsage;
  };
  const std::string& path = options.resources_file;
  auto text = app.seams().fs.ReadFile(path);
  if (!text.ok()) {
    if (text.status().IsNotFound())
      return usage("--resources " + path +
                   ": file not found; write one with `aws-resource-manager snapshot --output " +
                   path + "`");
    return usage("--resources " + path + ": " + text.status().ToString());
  }
  auto doc = ParseSnapshot(*text, path);
  if (!doc.ok()) return usage(doc.status().ToString());
  const std::string& project = app.config().project_name;
  if (!project.empty() && doc->project != project)
    return usage(path + " is a snapshot of project " + doc->project + " but the config selects " +
                 project + "; use that project's config (--config) or its snapshot");
  if (!app.options().region.empty() && app.options().region != doc->region)
    return usage(path + " was taken in region " + doc->region + " but --region says " +
                 app.options().region + "; drop --region or use a snapshot of " +
                 app.options().region);
  if (std::string problem = CoverageProblem(manager, *doc, path); !problem.empty())
    return usage(problem);
  manager.set_region(doc->region);
  manager.set_account_id(doc->account_id);

  // The state: --state, else the configured state file (as stop/start use).
  std::string state_path =
      options.state_file.empty() ? app.state_store().path() : options.state_file;
  StateStore store(app.seams().fs, app.seams().clock, state_path);
  std::vector<std::string> warnings;
  auto loaded = store.Load(&warnings);
  if (!loaded.ok()) return usage(loaded.status().ToString());
  if (!loaded->has_value() && options.command == "start")
    return usage("state file " + state_path +
                 " not found: plan start needs the state file `stop` wrote (--state FILE)");
  State state;
  if (loaded->has_value()) {
    state = std::move(**loaded);
    Status belongs = CheckBelongs(state, doc->project, doc->account_id, doc->region);
    if (!belongs.ok())
      return usage(state_path + " does not match snapshot " + path + " (" + doc->project +
                   ", account " + doc->account_id + ", " + doc->region + "): " + belongs.message());
    // The checks `start` runs on load: a hand-edited original must be an
    // error here too, not a crash inside the planner.
    if (Status recorded = manager.CheckRecorded(state, state_path); !recorded.ok())
      return usage(recorded.ToString());
  } else {
    state.project = doc->project;
    state.environment = doc->environment;
    state.account_id = doc->account_id;
    state.region = doc->region;
  }

  // What discovery would have returned: the selection's entries only, and
  // every recorded entry inside it.
  std::vector<std::string> missing;
  SnapshotSet snaps = manager.WithinSelection(doc->resources, &state, &missing);
  if (!missing.empty())
    return usage(path + " has no entry for " + missing.front() + " that " + state_path +
                 " recorded; take the snapshot with --state-file " + state_path);
  if (Status named = manager.CheckResourceNames(snaps, false); !named.ok())
    return usage(named.message());

  OperationReport report;
  report.command = options.command;
  report.dry_run = true;
  report.diagnostics.warnings = std::move(warnings);
  manager.MakePlan(snaps, state, report);
  for (auto& n : manager.RecordedOutside(snaps, {}, state))
    report.plan.notes.push_back(std::move(n));
  std::string format = options.format.empty() ? app.options().output : options.format;
  ReportHeader header{options.command, true,        format == "json",
                      doc->account_id, doc->region, state_path};
  return RenderReport(ctx, header, report);
}

}  // namespace arm
