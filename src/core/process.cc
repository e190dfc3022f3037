#include "core/process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

extern char** environ;

namespace arm {
namespace {

class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() { Reset(); }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  void Reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

// Kills (when still running) and reaps the child; returns its exit code.
int Reap(pid_t pid, bool kill_first) {
  if (kill_first) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

}  // namespace

Result<ProcessResult> RealProcessRunner::Run(const std::vector<std::string>& argv,
                                             std::chrono::milliseconds timeout, size_t max_output) {
  if (argv.empty()) return Status::InvalidArgument("empty command");
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0)
    return Status::IoError(std::string("pipe: ") + std::strerror(errno));
  Fd read_end(fds[0]);
  Fd write_end(fds[1]);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, write_end.get(), STDOUT_FILENO);

  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);

  pid_t pid = 0;
  int rc = ::posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    if (rc == ENOENT) return Status::NotFound("program not found: " + argv[0]);
    return Status::IoError("run " + argv[0] + ": " + std::strerror(rc));
  }
  write_end.Reset();

  ProcessResult result;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  char buf[4096];
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      Reap(pid, true);
      return Status::Interrupted(argv[0] + " did not finish within " +
                                 std::to_string(timeout.count()) + " ms");
    }
    pollfd p{read_end.get(), POLLIN, 0};
    int n = ::poll(&p, 1, static_cast<int>(left.count()));
    if (n < 0) {
      if (errno == EINTR) continue;
      Reap(pid, true);
      return Status::IoError(std::string("poll: ") + std::strerror(errno));
    }
    if (n == 0) continue;
    ssize_t got = ::read(read_end.get(), buf, sizeof(buf));
    if (got < 0) {
      if (errno == EINTR) continue;
      Reap(pid, true);
      return Status::IoError(std::string("read: ") + std::strerror(errno));
    }
    if (got == 0) break;
    result.stdout_data.append(buf, static_cast<size_t>(got));
    if (result.stdout_data.size() > max_output) {
      Reap(pid, true);
      return Status::IoError(argv[0] + " printed more than " + std::to_string(max_output) +
                             " bytes");
    }
  }
  // stdout closed; the child may still be running (it could have closed
  // stdout early). Wait for it within what is left of the deadline.
  for (;;) {
    int status = 0;
    pid_t w = ::waitpid(pid, &status, WNOHANG);
    if (w == pid) {
      result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      return result;
    }
    if (w < 0 && errno != EINTR)
      return Status::IoError(std::string("waitpid: ") + std::strerror(errno));
    if (std::chrono::steady_clock::now() >= deadline) {
      Reap(pid, true);
      return Status::Interrupted(argv[0] + " did not finish within " +
                                 std::to_string(timeout.count()) + " ms");
    }
    ::usleep(10000);
  }
}

}  // namespace arm
