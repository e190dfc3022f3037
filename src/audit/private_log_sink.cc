#include "audit/private_log_sink.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace arm {

Result<int> OpenPrivateAppend(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC,
                  0600);
  if (fd < 0 && errno == ELOOP)
    return Status::InvalidArgument("refusing log file " + path +
                                   ": it is a symbolic link; remove it");
  if (fd < 0) return Status::IoError("open " + path + ": " + std::strerror(errno));
  struct stat st;
  Status s;
  if (::fstat(fd, &st) != 0) {
    s = Status::IoError("stat " + path + ": " + std::strerror(errno));
  } else if (!S_ISREG(st.st_mode)) {
    s = Status::InvalidArgument("refusing log file " + path +
                                ": it is not a regular file; remove it");
  } else if (st.st_uid != ::geteuid()) {
    s = Status::InvalidArgument("refusing log file " + path + ": it belongs to uid " +
                                std::to_string(st.st_uid) + ", not to this user (uid " +
                                std::to_string(::geteuid()) + "); remove it");
  } else if (::fchmod(fd, 0600) != 0) {
    s = Status::IoError("chmod " + path + ": " + std::strerror(errno));
  }
  if (!s.ok()) {
    ::close(fd);
    return s;
  }
  return fd;
}

Result<std::shared_ptr<PrivateRotatingFileSink>> PrivateRotatingFileSink::Open(std::string path,
                                                                               size_t max_bytes,
                                                                               size_t max_files) {
  std::shared_ptr<PrivateRotatingFileSink> sink(
      new PrivateRotatingFileSink(std::move(path), max_bytes, max_files));
  ARM_RETURN_IF_ERROR(sink->OpenFile());
  return sink;
}

PrivateRotatingFileSink::~PrivateRotatingFileSink() {
  if (file_ != nullptr) std::fclose(file_);
}

std::string PrivateRotatingFileSink::RotatedName(const std::string& path, size_t index) {
  if (index == 0) return path;
  size_t slash = path.find_last_of('/');
  size_t dot = path.find_last_of('.');
  if (dot == std::string::npos || dot == 0 || (slash != std::string::npos && dot <= slash + 1))
    return path + "." + std::to_string(index);
  return path.substr(0, dot) + "." + std::to_string(index) + path.substr(dot);
}

Status PrivateRotatingFileSink::OpenFile() {
  Result<int> fd = OpenPrivateAppend(path_);
  if (!fd.ok()) return fd.status();
  struct stat st;
  size_ = ::fstat(*fd, &st) == 0 ? static_cast<size_t>(st.st_size) : 0;
  file_ = ::fdopen(*fd, "a");
  if (file_ == nullptr) {
    ::close(*fd);
    return Status::IoError("open " + path_ + ": " + std::strerror(errno));
  }
  return Status::Ok();
}

// log -> log.1, log.1 -> log.2, ..., the last one dropped; then a new log.
// rename(2) moves a name, never what a symlink points to.
void PrivateRotatingFileSink::Rotate() {
  std::fclose(file_);
  file_ = nullptr;
  for (size_t i = max_files_; i > 0; --i) {
    std::string from = RotatedName(path_, i - 1);
    struct stat st;
    if (::lstat(from.c_str(), &st) != 0) continue;
    ::rename(from.c_str(), RotatedName(path_, i).c_str());
  }
  if (max_files_ == 0) ::unlink(path_.c_str());
  Status s = OpenFile();
  if (!s.ok()) spdlog::throw_spdlog_ex(s.ToString());
}

void PrivateRotatingFileSink::sink_it_(const spdlog::details::log_msg& msg) {
  spdlog::memory_buf_t formatted;
  formatter_->format(msg, formatted);
  if (file_ == nullptr) {
    // A rotation failed to reopen: try once more, else the line is lost.
    if (!OpenFile().ok()) return;
  }
  if (size_ > 0 && size_ + formatted.size() > max_bytes_) Rotate();
  size_t n = std::fwrite(formatted.data(), 1, formatted.size(), file_);
  size_ += n;
}

void PrivateRotatingFileSink::flush_() {
  if (file_ != nullptr) std::fflush(file_);
}

}  // namespace arm
