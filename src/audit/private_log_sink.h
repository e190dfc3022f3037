#pragma once
// The log file sink: spdlog's rotating sink opens its files with fopen, which
// follows a symlink planted at the log path and creates files by the umask
// (0644 after a rotation). This one opens every file, the first and each
// one after a rotation, with O_NOFOLLOW | O_APPEND, mode 0600, and only
// writes to a regular file owned by the effective user.
#include <spdlog/sinks/base_sink.h>

#include <cstdio>
#include <mutex>
#include <string>

#include "core/status.h"

namespace arm {

class PrivateRotatingFileSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  // Opens (creates) `path`; InvalidArgument when it is a symlink, not a
  // regular file or another user's file, IoError when it cannot be opened.
  static Result<std::shared_ptr<PrivateRotatingFileSink>> Open(std::string path, size_t max_bytes,
                                                               size_t max_files);
  ~PrivateRotatingFileSink() override;

  // "dir/name.log" -> "dir/name.<index>.log" (index 0: the path itself).
  static std::string RotatedName(const std::string& path, size_t index);

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override;
  void flush_() override;

 private:
  PrivateRotatingFileSink(std::string path, size_t max_bytes, size_t max_files)
      : path_(std::move(path)), max_bytes_(max_bytes), max_files_(max_files) {}
  Status OpenFile();
  void Rotate();

  std::string path_;
  size_t max_bytes_, max_files_;
  std::FILE* file_ = nullptr;
  size_t size_ = 0;
};

// Opens `path` for appending, creating it 0600: never through a symlink, and
// only when it is a regular file owned by the effective user (see above).
Result<int> OpenPrivateAppend(const std::string& path);

}  // namespace arm
