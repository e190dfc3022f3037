#include "audit/run_journal.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <set>
#include <sstream>

#include "audit/report_writer.h"

namespace arm {

Result<std::unique_ptr<RunJournal>> RunJournal::Create(FileSystem& fs, const std::string& log_dir,
                                                       std::chrono::system_clock::time_point when,
                                                       const OperationInfo& info) {
  ARM_RETURN_IF_ERROR(
      fs.CreateDirs(OperationsDir(log_dir), 0700).WithContext("create the audit folder"));
  std::string stem = NewReportStem(fs, log_dir, when, info.command);
  auto file = fs.CreateAppend(stem + ".jsonl", 0600);
  if (!file.ok()) return file.status().WithContext("start the audit report");
  std::unique_ptr<RunJournal> journal(new RunJournal(fs, stem + ".jsonl", std::move(*file)));
  // The process and host: `history` tells a run in progress from a killed one.
  char host[256] = {};
  if (::gethostname(host, sizeof(host) - 1) != 0) host[0] = '\0';
  journal->Write({{"journal_version", kRunJournalVersion},
                  {"report", OperationInfoJson(info)},
                  {"pid", static_cast<long>(::getpid())},
                  {"host", std::string(host)}},
                 /*sync=*/true);
  if (journal->failed_) return Status::IoError("could not write " + journal->path_);
  return journal;
}

RunJournal::RunJournal(FileSystem& fs, std::string path, std::unique_ptr<AppendFile> file)
    : fs_(fs), path_(std::move(path)), file_(std::move(file)) {}

void RunJournal::Write(const nlohmann::json& line, bool sync) {
  std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  Status s;
  {
    std::lock_guard<std::mutex> l(mu_);
    if (failed_) return;
    s = file_->Append(text);
    if (s.ok() && sync) s = file_->Sync();
    if (s.ok()) return;
    failed_ = true;
  }
  spdlog::warn(
      "the audit journal {} could not be written ({}); the report is written "
      "at the end of the run",
      path_, s.ToString());
}

void RunJournal::OnCall(const CallRecord& record) {
  {
    std::lock_guard<std::mutex> l(mu_);
    calls_.push_back(record);
  }
  nlohmann::json call = CallRecordToJson(record);
  call["id"] = record.id;
  Write({{"call", std::move(call)}}, /*sync=*/false);
}

void RunJournal::OnCallSent(const CallRecord& record) {
  Write({{"call_sent", {{"id", record.id}, {"api", CallApi(record)}, {"target", record.target}}}},
        /*sync=*/false);
}

void RunJournal::OnActionStarted(const Action& action) {
  Write({{"action_started",
          {{"resource_type", action.type},
           {"resources", action.names},
           {"api", action.api},
           {"summary", action.summary}}}},
        /*sync=*/false);
}

void RunJournal::OnAction(const ActionOutcome& outcome) {
  Write({{"action", ActionJson(outcome, nullptr)}}, /*sync=*/true);
}

void RunJournal::OnIdentity(const std::string& caller_arn, const std::string& account_id) {
  Write({{"identity", {{"caller_arn", caller_arn}, {"account_id", account_id}}}},
        /*sync=*/true);
}

std::vector<CallRecord> RunJournal::Calls() const {
  std::lock_guard<std::mutex> l(mu_);
  return calls_;
}

std::string RunJournal::report_path() const { return path_.substr(0, path_.size() - 1); }

Status RunJournal::Remove() {
  std::lock_guard<std::mutex> l(mu_);
  file_.reset();
  return fs_.Remove(path_);
}

Result<HistoryEntry> ParseJournalEntry(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  if (!std::getline(in, line)) return Status::InvalidArgument("an empty journal");
  nlohmann::json head = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (!head.is_object() || !head.contains("journal_version") || !head["report"].is_object())
    return Status::InvalidArgument("not a run journal");
  const nlohmann::json& r = head["report"];
  HistoryEntry e;
  e.unfinished = true;
  e.command = r.value("command", "");
  e.dry_run = r.value("dry_run", false);
  e.started_at = r.value("started_at", "");
  e.region = r.value("region", "");
  e.profile = r.value("profile", "");
  e.credentials = r.value("credentials", "");
  e.exit_code = -1;
  e.scheduled = r.value("scheduled", "");
  if (head.contains("pid") && head["pid"].is_number_integer()) e.pid = head["pid"].get<long>();
  if (head.contains("host") && head["host"].is_string()) e.host = head["host"].get<std::string>();
  // A line cut by the kill is the end of what is known.
  int started = 0, ended = 0;  // actions that made calls
  std::set<unsigned long long> unanswered;
  while (std::getline(in, line)) {
    nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object()) break;
    if (j.contains("identity")) {
      e.caller_arn = j["identity"].value("caller_arn", "");
      e.account_id = j["identity"].value("account_id", "");
    } else if (j.contains("action_started")) {
      ++started;
    } else if (j.contains("action")) {
      ++e.actions;
      std::string result = j["action"].value("result", "");
      e.failed += result == "failed";
      ended += result == "done" || result == "failed";
    } else if (j.contains("call_sent")) {
      ++e.calls;
      unanswered.insert(j["call_sent"].value("id", 0ULL));
    } else if (j.contains("call")) {
      unanswered.erase(j["call"].value("id", 0ULL));
    }
  }
  // Started, never reported: the kill came during these.
  e.in_flight = std::max(0, started - ended);
  e.actions += e.in_flight;
  e.calls_unanswered = static_cast<int>(unanswered.size());
  return e;
}

}  // namespace arm
