#include "state/run_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>

#include "core/file_system.h"

namespace arm {
namespace {

Status Errno(const std::string& what, const std::string& path) {
  return Status::IoError(what + " " + path + ": " + std::strerror(errno));
}

Status CheckOwnRegularFile(int fd, const std::string& path) {
  struct stat st;
  if (::fstat(fd, &st) != 0) return Errno("stat lock file", path);
  if (!S_ISREG(st.st_mode))
    return Status::InvalidArgument("refusing lock file " + path +
                                   ": it is not a regular file; remove it");
  if (st.st_uid != ::geteuid())
    return Status::InvalidArgument("refusing lock file " + path + ": it belongs to uid " +
                                   std::to_string(st.st_uid) + ", not to this user (uid " +
                                   std::to_string(::geteuid()) + "); remove it");
  return Status::Ok();
}

std::string HostName() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof(buf) - 1) != 0) return "unknown";
  return buf;
}

std::string ReadAll(int fd) {
  std::string out;
  char buf[4096];
  off_t off = 0;
  for (;;) {
    ssize_t n = ::pread(fd, buf, sizeof(buf), off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
    off += n;
    if (out.size() > 65536) break;
  }
  return out;
}

// "pid 123 on host h, command 'stop', since 2026-01-01T00:00:00Z".
std::string DescribeHolder(const std::string& text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return "holder unknown";
  auto str = [&](const char* key) {
    auto it = j.find(key);
    if (it == j.end()) return std::string("?");
    return it->is_string() ? it->get<std::string>() : it->dump();
  };
  return "pid " + str("pid") + " on host " + str("host") + ", command '" + str("command") +
         "', since " + str("since");
}

Status WriteHolder(int fd, const std::string& path, const std::string& command,
                   const Clock& clock) {
  nlohmann::json holder = {{"pid", static_cast<int64_t>(::getpid())},
                           {"host", HostName()},
                           {"command", command},
                           {"since", FormatIso8601(clock.Now())}};
  std::string text = holder.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  if (::ftruncate(fd, 0) != 0) return Errno("truncate", path);
  size_t off = 0;
  while (off < text.size()) {
    ssize_t n = ::pwrite(fd, text.data() + off, text.size() - off, static_cast<off_t>(off));
    if (n < 0) {
      if (errno == EINTR) continue;
      return Errno("write", path);
    }
    off += static_cast<size_t>(n);
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<RunLock>> RunLock::Acquire(const std::string& state_path,
                                                  const std::string& command, const Clock& clock) {
  std::string path = state_path + ".lock";
  std::string dir = DirName(path);
  if (dir != "." && dir != "/") {
    RealFileSystem fs;
    ARM_RETURN_IF_ERROR(fs.CreateDirs(dir, 0700));
  }
  // The holder removes the file on release; a file we locked after it was
  // unlinked (or replaced) protects nothing, so retry on the new one.
  for (int attempt = 0; attempt < 10; ++attempt) {
    // Never through a symlink, and only a regular file of ours: the lock is
    // truncated and rewritten, so a planted link or file would be clobbered.
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0600);
    if (fd < 0 && errno == ELOOP)
      return Status::InvalidArgument("refusing lock file " + path +
                                     ": it is a symbolic link; remove it");
    if (fd < 0) return Errno("open lock file", path);
    Status owned = CheckOwnRegularFile(fd, path);
    if (!owned.ok()) {
      ::close(fd);
      return owned;
    }
    ::fchmod(fd, 0600);
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      int err = errno;
      std::string holder = DescribeHolder(ReadAll(fd));
      ::close(fd);
      if (err != EWOULDBLOCK) {
        errno = err;
        return Errno("lock", path);
      }
      return Status::Conflict("another aws-resource-manager run holds the lock: " + holder +
                              "; wait for it to finish, or remove " + path +
                              " if that process is gone");
    }
    struct stat by_fd, by_path;
    if (::fstat(fd, &by_fd) != 0 || ::stat(path.c_str(), &by_path) != 0 ||
        by_fd.st_ino != by_path.st_ino || by_fd.st_dev != by_path.st_dev) {
      ::close(fd);
      continue;
    }
    Status s = WriteHolder(fd, path, command, clock);
    if (!s.ok()) {
      ::close(fd);
      return s;
    }
    return std::unique_ptr<RunLock>(new RunLock(path, fd));
  }
  return Status::Conflict("could not take the lock " + path +
                          ": it keeps being replaced by another run");
}

RunLock::~RunLock() {
  // Unlink while still holding the lock, so nobody locks a file about to
  // vanish.
  ::unlink(path_.c_str());
  ::close(fd_);
}

}  // namespace arm
