#pragma once
// One run at a time: an exclusive flock(2) on "<state path>.lock". The lock
// file holds who holds it (pid, host, command, since) so a refused run can
// say so. Uses the real filesystem: flock has no in-memory equivalent.
#include <memory>
#include <string>

#include "core/clock.h"
#include "core/status.h"

namespace arm {

class RunLock {
 public:
  // Takes the lock for `command` ("stop", "start"). A lock file left by a
  // process that is gone is taken over. Conflict when another run holds it;
  // InvalidArgument when the lock path is a symlink, not a regular file, or
  // a file of another user (never followed, truncated or written).
  static Result<std::unique_ptr<RunLock>> Acquire(const std::string& state_path,
                                                  const std::string& command, const Clock& clock);
  // Releases the lock and removes the lock file.
  ~RunLock();
  RunLock(const RunLock&) = delete;
  RunLock& operator=(const RunLock&) = delete;

  const std::string& path() const { return path_; }

 private:
  RunLock(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  std::string path_;
  int fd_;
};

}  // namespace arm
