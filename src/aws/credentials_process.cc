#include "aws/credentials_process.h"

#include <nlohmann/json.hpp>

#include "aws/credentials_util.h"

namespace arm {

Result<std::vector<std::string>> ShellSplit(std::string_view command) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  size_t i = 0;
  while (i < command.size()) {
    char c = command[i++];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
    } else if (c == '\\') {
      if (i >= command.size()) return Status::InvalidArgument("no escaped character after '\\'");
      word += command[i++];
      in_word = true;
    } else if (c == '\'') {
      size_t close = command.find('\'', i);
      if (close == std::string_view::npos) return Status::InvalidArgument("no closing quotation");
      word.append(command.substr(i, close - i));
      i = close + 1;
      in_word = true;
    } else if (c == '"') {
      // Inside double quotes a backslash only escapes '"' and '\'.
      for (;;) {
        if (i >= command.size()) return Status::InvalidArgument("no closing quotation");
        char d = command[i++];
        if (d == '"') break;
        if (d == '\\' && i < command.size() && (command[i] == '"' || command[i] == '\\'))
          d = command[i++];
        word += d;
      }
      in_word = true;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (in_word) words.push_back(std::move(word));
  return words;
}

Result<Credentials> ProcessCredentialsProvider::GetCredentials() {
  const std::string what = "credential_process of profile " + profile_name_;
  auto argv = ShellSplit(command_);
  if (!argv.ok())
    return Status::Credentials(what + ": cannot split the command: " + argv.status().message());
  if (argv->empty()) return Status::Credentials(what + " is empty");
  const std::string program = what + " (" + argv->front() + ")";

  auto run = runner_.Run(*argv, timeout_, 1 << 20);
  if (!run.ok()) {
    if (run.status().code() == StatusCode::kInterrupted) {
      return Status::Credentials(program + " timed out after " +
                                 std::to_string(timeout_.count() / 1000) + " s");
    }
    return Status::Credentials(program + " could not run: " + run.status().message());
  }
  if (run->exit_code != 0) {
    return Status::Credentials(program + " failed with exit code " +
                               std::to_string(run->exit_code) + " (its stderr is above)");
  }
  nlohmann::json j = nlohmann::json::parse(run->stdout_data, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object())
    return Status::Credentials(program + " did not print a JSON object");
  auto version = j.find("Version");
  if (version == j.end() || !version->is_number_integer() || version->get<int>() != 1) {
    return Status::Credentials(program + " printed an unsupported Version (must be 1)");
  }
  return CredentialsFromJson(run->stdout_data, "SessionToken", "credential-process", program);
}

}  // namespace arm
