#pragma once
// credential_process: runs the profile's command (split like Python's
// shlex.split, no shell) and reads {"Version": 1, "AccessKeyId", ...} from
// its stdout. Its stderr goes to ours, so prompts and diagnostics show.
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "aws/credentials.h"
#include "core/process.h"

namespace arm {

// POSIX-mode shlex.split: quotes, backslash escapes, no comments.
Result<std::vector<std::string>> ShellSplit(std::string_view command);

class ProcessCredentialsProvider final : public CredentialsProvider {
 public:
  static constexpr std::chrono::milliseconds kDefaultTimeout{60000};

  ProcessCredentialsProvider(std::string profile_name, std::string command, ProcessRunner& runner,
                             std::chrono::milliseconds timeout = kDefaultTimeout)
      : profile_name_(std::move(profile_name)),
        command_(std::move(command)),
        runner_(runner),
        timeout_(timeout) {}
  // Credentials error when the command cannot run, fails, times out or
  // prints something other than version 1 credentials. Messages name the
  // program, not its arguments nor its output.
  Result<Credentials> GetCredentials() override;
  std::string Name() const override { return "credential_process (profile " + profile_name_ + ")"; }

 private:
  std::string profile_name_;
  std::string command_;
  ProcessRunner& runner_;
  std::chrono::milliseconds timeout_;
};

}  // namespace arm
