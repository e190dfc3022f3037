#pragma once
// A child process the test can signal while it runs: the crash and signal
// suites start aws-resource-manager, wait for a chosen moment, then kill it.
// stdout/stderr go to files so a killed child never blocks on a full pipe.
#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace arm::testing {

struct ChildExit {
  int exit_code = -1;  // -1 when killed by a signal
  int signal = 0;      // the signal that ended it, 0 when it exited
  std::string out, err;
};

class ChildProcess {
 public:
  // Starts argv (argv[0] an absolute path) with exactly `env`, stdin from
  // /dev/null, output to <output_prefix>.out/.err, in folder `cwd` (empty:
  // ours). False when fork fails.
  bool Start(const std::vector<std::string>& argv,
             const std::vector<std::string>& env,
             const std::string& output_prefix, const std::string& cwd = "");
  // True while the child has not been reaped and has not exited.
  bool Running();
  void Signal(int sig);
  // Waits for the end (SIGKILL after `timeout`) and returns its outcome.
  ChildExit Wait(std::chrono::milliseconds timeout = std::chrono::seconds(60));
  ~ChildProcess();

 private:
  pid_t pid_ = -1;
  bool reaped_ = false;
  int status_ = 0;
  std::string prefix_;
};

}  // namespace arm::testing
