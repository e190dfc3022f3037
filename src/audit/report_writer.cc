#include "audit/report_writer.h"

#include <algorithm>
#include <cstdio>
#include <set>

#include "audit/run_journal.h"
#include "core/clock.h"

namespace arm {
namespace {

// Length of the time part of a report name ("20261125T214937.123Z-stop.json"
// -> 20), or 0 when `name` is not a report. Names without milliseconds are
// accepted too.
size_t TimePrefix(const std::string& name) {
  if (name.size() < 22 || name[8] != 'T' || name.compare(name.size() - 5, 5, ".json") != 0)
    return 0;
  size_t z = name.find("Z-");
  if (z == 15 || (z == 19 && name[15] == '.')) return z + 1;
  return 0;
}

// "<time>-stop.jsonl": the journal of a run (audit/run_journal.h).
bool IsJournal(const std::string& name) {
  return name.size() > 6 && name.compare(name.size() - 6, 6, ".jsonl") == 0 &&
         TimePrefix(name.substr(0, name.size() - 1)) > 0;
}

// UTC to the millisecond, so names sort in the order the runs started.
std::string FileTime(std::chrono::system_clock::time_point when) {
  long long ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(when.time_since_epoch()).count() % 1000;
  char buf[8];
  std::snprintf(buf, sizeof(buf), ".%03lld", ms);
  return FormatAmzDate(when).substr(0, 15) + buf + "Z";
}

}  // namespace

std::string OperationsDir(const std::string& log_dir) { return JoinPath(log_dir, "operations"); }

std::string NewReportStem(FileSystem& fs, const std::string& log_dir,
                          std::chrono::system_clock::time_point when, const std::string& command) {
  std::string base = JoinPath(OperationsDir(log_dir), FileTime(when) + "-" + command);
  std::string stem = base;
  for (int n = 2; fs.Exists(stem + ".json") || fs.Exists(stem + ".jsonl"); ++n)
    stem = base + "-" + std::to_string(n);
  return stem;
}

Status WriteOperationReport(FileSystem& fs, const std::string& path, const OperationInfo& info,
                            const OperationReport& report, const std::vector<SideCall>& side_calls,
                            const std::vector<CallRecord>& calls) {
  ARM_RETURN_IF_ERROR(fs.CreateDirs(DirName(path), 0700).WithContext("create the audit folder"));
  auto file = fs.OpenDurable(path, 0600);
  if (!file.ok()) return file.status().WithContext("write the audit report");
  DurableFileWriter& out = **file;
  ARM_RETURN_IF_ERROR(
      WriteOperationReportJson(info, report, side_calls, calls, [&](std::string_view piece) {
        return out.Append(piece);
      }).WithContext("write the audit report"));
  return out.Commit().WithContext("write the audit report");
}

Result<std::vector<HistoryEntry>> LoadHistory(FileSystem& fs, const std::string& log_dir,
                                              size_t limit, std::vector<std::string>* warnings) {
  std::string dir = OperationsDir(log_dir);
  auto names = fs.ListDir(dir);
  if (!names.ok()) {
    if (names.status().IsNotFound()) return std::vector<HistoryEntry>();
    return names.status();
  }
  std::vector<std::string> sorted;
  std::set<std::string> listed(names->begin(), names->end());
  for (const auto& n : *names) {
    if (TimePrefix(n) > 0) sorted.push_back(n);
    // A journal whose report was written is a finished run.
    if (IsJournal(n) && !listed.count(n.substr(0, n.size() - 1))) sorted.push_back(n);
  }
  // Newest first; "-2" copies of one millisecond sort before the first, as
  // they were written after it.
  std::sort(sorted.begin(), sorted.end(), [](const std::string& x, const std::string& y) {
    // A journal sorts as the report it stands for.
    std::string a = IsJournal(x) ? x.substr(0, x.size() - 1) : x;
    std::string b = IsJournal(y) ? y.substr(0, y.size() - 1) : y;
    std::string ta = a.substr(0, TimePrefix(a)), tb = b.substr(0, TimePrefix(b));
    if (ta != tb) return ta > tb;
    return a.size() != b.size() ? a.size() > b.size() : a > b;
  });
  std::vector<HistoryEntry> out;
  for (const auto& name : sorted) {
    if (limit != 0 && out.size() >= limit) break;
    std::string path = JoinPath(dir, name);
    auto text = fs.ReadFile(path);
    if (!text.ok()) {
      if (warnings) warnings->push_back("skipped " + path + ": " + text.status().ToString());
      continue;
    }
    if (IsJournal(name)) {
      auto entry = ParseJournalEntry(*text);
      if (!entry.ok()) {
        if (warnings) warnings->push_back("skipped " + path + ": " + entry.status().message());
        continue;
      }
      entry->file = name;
      out.push_back(std::move(*entry));
      continue;
    }
    // A history line reads only the top-level fields: the arrays (thousands
    // of actions on a large estate) are checked as JSON but not kept.
    nlohmann::json::parser_callback_t top_fields =
        [](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
          return !(event == nlohmann::json::parse_event_t::key && depth == 1 &&
                   (parsed == "actions" || parsed == "verification" || parsed == "notes" ||
                    parsed == "other_calls"));
        };
    nlohmann::json j = nlohmann::json::parse(*text, top_fields, /*allow_exceptions=*/false);
    text = std::string();
    if (j.is_discarded()) {
      if (warnings) warnings->push_back("skipped " + path + ": not valid JSON");
      continue;
    }
    auto entry = ParseHistoryEntry(j);
    if (!entry.ok()) {
      if (warnings) warnings->push_back("skipped " + path + ": " + entry.status().message());
      continue;
    }
    entry->file = name;
    out.push_back(std::move(*entry));
  }
  return out;
}

}  // namespace arm
