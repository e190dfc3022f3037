#include "audit/report_writer.h"

#include <algorithm>

#include "core/clock.h"

namespace arm {
namespace {

bool IsReportName(const std::string& name) {
  // "20261125T214937Z-stop.json": the time first, so names sort by time.
  return name.size() > 22 && name[8] == 'T' && name[15] == 'Z' && name[16] == '-' &&
         name.compare(name.size() - 5, 5, ".json") == 0;
}

}  // namespace

std::string OperationsDir(const std::string& log_dir) { return JoinPath(log_dir, "operations"); }

Result<std::string> WriteOperationReport(FileSystem& fs, const std::string& log_dir,
                                         std::chrono::system_clock::time_point when, const std::string& command,
                                         const nlohmann::json& report) {
  std::string dir = OperationsDir(log_dir);
  ARM_RETURN_IF_ERROR(fs.CreateDirs(dir, 0700).WithContext("create the audit folder"));
  std::string stem = FormatAmzDate(when) + "-" + command;
  std::string path = JoinPath(dir, stem + ".json");
  for (int n = 2; fs.Exists(path); ++n) path = JoinPath(dir, stem + "-" + std::to_string(n) + ".json");
  ARM_RETURN_IF_ERROR(fs.WriteFileDurable(path, report.dump(2) + "\n", 0600).WithContext("write the audit report"));
  return path;
}

Result<std::vector<HistoryEntry>> LoadHistory(FileSystem& fs, const std::string& log_dir, size_t limit,
                                              std::vector<std::string>* warnings) {
  std::string dir = OperationsDir(log_dir);
  auto names = fs.ListDir(dir);
  if (!names.ok()) {
    if (names.status().IsNotFound()) return std::vector<HistoryEntry>();
    return names.status();
  }
  std::vector<std::string> sorted;
  for (const auto& n : *names)
    if (IsReportName(n)) sorted.push_back(n);
  // Newest first: the names start with the UTC time; "-2" copies of one
  // second sort after the first, which is what happened later.
  std::sort(sorted.begin(), sorted.end(), [](const std::string& a, const std::string& b) {
    std::string ta = a.substr(0, 16), tb = b.substr(0, 16);
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
    nlohmann::json j = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
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
