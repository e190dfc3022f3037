#pragma once
// Where audit reports live: <log_dir>/operations/<UTC time>-<command>.json,
// files 0600 and folders 0700 whatever the umask, written durably.
#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "audit/operation_report.h"
#include "core/file_system.h"
#include "core/status.h"

namespace arm {

std::string OperationsDir(const std::string& log_dir);

// "<dir>/20261125T214937.123Z-stop" (UTC, milliseconds; a name already
// taken by a report or a journal gets "-2", "-3"...): the report's path
// without ".json", its journal's without ".jsonl" (audit/run_journal.h).
std::string NewReportStem(FileSystem& fs, const std::string& log_dir,
                          std::chrono::system_clock::time_point when, const std::string& command);

// Writes the report to `path` (0600, durably), streamed to the file action
// by action (WriteOperationReportJson). On an error no file is left.
Status WriteOperationReport(FileSystem& fs, const std::string& path, const OperationInfo& info,
                            const OperationReport& report, const std::vector<SideCall>& side_calls,
                            const std::vector<CallRecord>& calls);

// The reports under <log_dir>/operations, newest first, at most `limit`
// (0: all), and the journals of runs that never finished (no report beside
// them: HistoryEntry::unfinished). A file that cannot be read or is not a
// report is skipped with one line in *warnings. A missing folder is no history,
// not an error.
Result<std::vector<HistoryEntry>> LoadHistory(FileSystem& fs, const std::string& log_dir,
                                              size_t limit, std::vector<std::string>* warnings);

}  // namespace arm
