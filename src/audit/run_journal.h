#pragma once
// The report of a run while it runs, so that a run killed at any point (even
// by SIGKILL) still leaves its audit trail: <stem>.jsonl beside the final
// <stem>.json in logs/operations/, created at the start (0600, never through
// a symlink or over a file), one JSON line per AWS call and per action. Each
// action's line is durable (fsync) before the next action is reported; call
// lines go to disk with it. When the run ends, the final report is written
// and the journal removed: a journal without its report is a run that never
// finished, which `history` shows as interrupted.
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "audit/operation_report.h"
#include "aws/call_record.h"
#include "core/file_system.h"

namespace arm {

inline constexpr int kRunJournalVersion = 1;

class RunJournal final : public CallObserver {
 public:
  // Creates the journal of `info.command` started at `when`, with a name
  // that neither a report nor a journal holds yet. `info` without its end.
  static Result<std::unique_ptr<RunJournal>> Create(FileSystem& fs, const std::string& log_dir,
                                                    std::chrono::system_clock::time_point when,
                                                    const OperationInfo& info);

  // Thread-safe. Kept for the final report, and appended (not synced).
  void OnCall(const CallRecord& record) override;
  // Appended (not synced) before the call goes out: a call that never got
  // its answer (the run was killed) is still on record. Thread-safe.
  void OnCallSent(const CallRecord& record) override;
  // Appended (not synced) before the action's first call: the action a kill
  // interrupts is on record, its outcome unknown. Thread-safe.
  void OnActionStarted(const Action& action);
  // Appended, with the calls before it, and synced. Thread-safe.
  void OnAction(const ActionOutcome& outcome);
  // Who the run is (once STS answered).
  void OnIdentity(const std::string& caller_arn, const std::string& account_id);

  std::vector<CallRecord> Calls() const;
  // The final report's path: the journal's with ".json" for ".jsonl".
  std::string report_path() const;
  const std::string& path() const { return path_; }
  // The final report was written: the journal goes.
  Status Remove();

 private:
  RunJournal(FileSystem& fs, std::string path, std::unique_ptr<AppendFile> file);
  // Appends `line` (+ "\n"); with `sync`, makes it and all before durable.
  // The first error is logged once; the run goes on without the journal.
  void Write(const nlohmann::json& line, bool sync);

  FileSystem& fs_;
  std::string path_;
  std::unique_ptr<AppendFile> file_;
  mutable std::mutex mu_;
  std::vector<CallRecord> calls_;
  bool failed_ = false;
};

// The history line of a journal left by a run that did not finish: its
// actions are those it reported and those it started without an outcome
// (HistoryEntry::in_flight), its calls those it sent.
Result<HistoryEntry> ParseJournalEntry(const std::string& text);

}  // namespace arm
