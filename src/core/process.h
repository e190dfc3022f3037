#pragma once
// Subprocess seam: the only product use is the profile's credential_process.
// Runs argv directly (no shell); tests pass a fake or a script in a temp dir.
#include <chrono>
#include <string>
#include <vector>

#include "core/status.h"

namespace arm {

struct ProcessResult {
  int exit_code = 0;        // 128 + signal when killed by a signal
  std::string stdout_data;  // may hold secrets: never log it
};

class ProcessRunner {
 public:
  virtual ~ProcessRunner() = default;
  // Runs argv[0] found on PATH with argv, stdin and stderr inherited, stdout
  // captured (at most `max_output` bytes). The child is killed after
  // `timeout`. Errors: NotFound (no such program), Interrupted (timeout),
  // IoError (spawn or read failure, output too large).
  virtual Result<ProcessResult> Run(const std::vector<std::string>& argv,
                                    std::chrono::milliseconds timeout, size_t max_output) = 0;
};

class RealProcessRunner final : public ProcessRunner {
 public:
  Result<ProcessResult> Run(const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
                            size_t max_output) override;
};

}  // namespace arm
