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
  bool Start(const std::vector<std::string>& argv, const std::vector<std::string>& env,
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

namespace arm::testing {

// A child whose stdin, stdout and stderr are a pseudo-terminal, as when a
// user runs it in a terminal: isatty() holds, and Ctrl-C typed into the
// terminal reaches it as SIGINT from the terminal driver. Synchronise on
// what it prints (WaitForOutput), never on time.
class TerminalChild {
 public:
  // Starts argv (argv[0] an absolute path) with exactly `env` as the leader
  // of a new session whose controlling terminal is the pseudo-terminal.
  bool Start(const std::vector<std::string>& argv, const std::vector<std::string>& env);
  // Reads what the terminal shows until `text` has appeared (true), or the
  // child closed the terminal or `timeout` passed (false).
  bool WaitForOutput(const std::string& text,
                     std::chrono::milliseconds timeout = std::chrono::seconds(60));
  // As typed at the keyboard: "n\n", "\x03" (Ctrl-C), "\x04" (Ctrl-D).
  void Type(const std::string& keys);
  // Reads the terminal until the child has closed it, then reaps the child
  // (SIGKILL after `timeout`). out: everything the terminal showed.
  ChildExit Wait(std::chrono::milliseconds timeout = std::chrono::seconds(60));
  ~TerminalChild();

 private:
  // Reads what is available within `timeout_ms`; false once the terminal is
  // closed (the child and its descendants exited).
  bool ReadSome(int timeout_ms);

  pid_t pid_ = -1;
  int master_ = -1;
  std::string output_;
};

}  // namespace arm::testing
