#include "core/file_system.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace arm {
namespace {

Status Errno(const std::string& what, const std::string& path) {
  return Status::IoError(what + " " + path + ": " + std::strerror(errno));
}

std::string FormatMode(mode_t mode) {
  char buf[8];
  std::snprintf(buf, sizeof(buf), "%04o", static_cast<unsigned>(mode & 07777));
  return buf;
}

Status FsyncDir(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Errno("open folder", dir);
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return Errno("fsync folder", dir);
  return Status::Ok();
}

}  // namespace

std::string DirName(const std::string& path) {
  auto pos = path.find_last_of('/');
  if (pos == std::string::npos) return ".";
  if (pos == 0) return "/";
  return path.substr(0, pos);
}

std::string JoinPath(const std::string& a, const std::string& b) {
  if (a.empty() || (!b.empty() && b[0] == '/')) return b;
  if (a.back() == '/') return a + b;
  return a + "/" + b;
}

Status TooLarge(const std::string& path, size_t max_bytes) {
  return Status::InvalidArgument(
      path + " is larger than " + std::to_string(max_bytes / kMiB) +
      " MiB; check that it is the file you meant (larger inputs are refused "
      "so that they cannot exhaust memory)");
}

Status ForeignOwner(const std::string& path, long owner_uid, long my_uid) {
  return Status::InvalidArgument(
      "refusing " + path + ": it belongs to uid " + std::to_string(owner_uid) +
      ", not to this user (uid " + std::to_string(my_uid) +
      "), so someone else may have written it; remove it, or chown it if you "
      "trust its content, or use a state file in a folder of your own");
}

Result<std::string> RealFileSystem::ReadFile(const std::string& path, const ReadLimits& limits) {
  int flags = O_RDONLY | O_CLOEXEC;
  // O_NONBLOCK: a planted FIFO must not block the open before fstat refuses it.
  if (limits.own_regular_file) flags |= O_NOFOLLOW | O_NONBLOCK;
  if (limits.regular_file) flags |= O_NONBLOCK;
  int fd = ::open(path.c_str(), flags);
  if (fd < 0) {
    if (errno == ENOENT) return Status::NotFound(path + ": no such file");
    if (errno == ELOOP && limits.own_regular_file)
      return Status::InvalidArgument("refusing " + path +
                                     ": it is a symbolic link; point at the "
                                     "real file instead");
    return Errno("open", path);
  }
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    Status s = Errno("stat", path);
    ::close(fd);
    return s;
  }
  if (limits.regular_file && !S_ISREG(st.st_mode)) {
    ::close(fd);
    return Status::InvalidArgument(path + ": not a regular file (" +
                                   (S_ISDIR(st.st_mode)    ? "a folder"
                                    : S_ISFIFO(st.st_mode) ? "a FIFO"
                                                           : "a device or socket") +
                                   "); give the path of a file");
  }
  if (limits.own_regular_file) {
    Status refused;
    if (!S_ISREG(st.st_mode)) {
      refused =
          Status::InvalidArgument("refusing " + path + ": it is not a regular file; remove it");
    } else if (st.st_uid != ::geteuid() && st.st_uid != 0) {
      refused = ForeignOwner(path, static_cast<long>(st.st_uid), static_cast<long>(::geteuid()));
    }
    if (!refused.ok()) {
      ::close(fd);
      return refused;
    }
  }
  if (S_ISREG(st.st_mode) && static_cast<uint64_t>(st.st_size) > limits.max_bytes) {
    ::close(fd);
    return TooLarge(path, limits.max_bytes);
  }
  std::string out;
  if (S_ISREG(st.st_mode)) out.reserve(static_cast<size_t>(st.st_size));
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof(buf));
    if (n < 0) {
      if (errno == EINTR) continue;
      Status s = Errno("read", path);
      ::close(fd);
      return s;
    }
    if (n == 0) break;
    // Counted while reading: /dev/zero, a FIFO or a growing file.
    if (static_cast<size_t>(n) > limits.max_bytes - out.size()) {
      ::close(fd);
      return TooLarge(path, limits.max_bytes);
    }
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}

namespace {

// Streams to a temp file beside `path` through a small buffer; a piece as large
// as the buffer is written directly (a state file is not copied once more).
class RealDurableFileWriter final : public DurableFileWriter {
 public:
  RealDurableFileWriter(std::string path, std::string tmp, int fd)
      : path_(std::move(path)), tmp_(std::move(tmp)), fd_(fd) {}
  ~RealDurableFileWriter() override {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_) ::unlink(tmp_.c_str());
  }

  Status Append(std::string_view data) override {
    ARM_RETURN_IF_ERROR(Usable());
    if (buffer_.size() + data.size() < kBufferSize) {
      buffer_.append(data);
      return Status::Ok();
    }
    ARM_RETURN_IF_ERROR(Flush());
    if (data.size() < kBufferSize) {
      buffer_.append(data);
      return Status::Ok();
    }
    return Write(data);
  }

  Status Commit() override {
    ARM_RETURN_IF_ERROR(Usable());
    ARM_RETURN_IF_ERROR(Flush());
    if (::fsync(fd_) != 0) return Fail(Errno("fsync", tmp_));
    int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) return Fail(Errno("close", tmp_));
    if (::rename(tmp_.c_str(), path_.c_str()) != 0) return Fail(Errno("rename to", path_));
    committed_ = true;
    return FsyncDir(DirName(path_));
  }

 private:
  static constexpr size_t kBufferSize = 64 * 1024;

  Status Usable() const {
    if (!failed_.ok()) return failed_;
    if (committed_ || fd_ < 0)
      return Status::Internal("write " + tmp_ + ": the file is already closed");
    return Status::Ok();
  }
  Status Fail(Status s) {
    failed_ = s;
    return s;
  }
  Status Flush() {
    Status s = Write(buffer_);
    buffer_.clear();
    return s;
  }
  Status Write(std::string_view data) {
    size_t off = 0;
    while (off < data.size()) {
      ssize_t n = ::write(fd_, data.data() + off, data.size() - off);
      if (n < 0) {
        if (errno == EINTR) continue;
        return Fail(Errno("write", tmp_));
      }
      off += static_cast<size_t>(n);
    }
    return Status::Ok();
  }

  std::string path_, tmp_;
  int fd_ = -1;
  bool committed_ = false;
  Status failed_;
  std::string buffer_;
};

// The default for file systems without a streaming write: the pieces are
// kept and written by WriteFileDurable at Commit.
class BufferedDurableFileWriter final : public DurableFileWriter {
 public:
  BufferedDurableFileWriter(FileSystem& fs, std::string path, int mode)
      : fs_(fs), path_(std::move(path)), mode_(mode) {}
  Status Append(std::string_view data) override {
    if (committed_) return Status::Internal("write " + path_ + ": the file is already closed");
    data_.append(data);
    return Status::Ok();
  }
  Status Commit() override {
    if (committed_) return Status::Internal("write " + path_ + ": the file is already closed");
    committed_ = true;
    return fs_.WriteFileDurable(path_, data_, mode_);
  }

 private:
  FileSystem& fs_;
  std::string path_;
  int mode_;
  std::string data_;
  bool committed_ = false;
};

class RealAppendFile final : public AppendFile {
 public:
  RealAppendFile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  ~RealAppendFile() override { ::close(fd_); }
  Status Append(std::string_view data) override {
    size_t off = 0;
    while (off < data.size()) {
      ssize_t n = ::write(fd_, data.data() + off, data.size() - off);
      if (n < 0) {
        if (errno == EINTR) continue;
        return Errno("write", path_);
      }
      off += static_cast<size_t>(n);
    }
    return Status::Ok();
  }
  Status Sync() override {
    if (::fdatasync(fd_) != 0) return Errno("fsync", path_);
    return Status::Ok();
  }

 private:
  std::string path_;
  int fd_;
};

class BufferedAppendFile final : public AppendFile {
 public:
  BufferedAppendFile(FileSystem& fs, std::string path, int mode)
      : fs_(fs), path_(std::move(path)), mode_(mode) {}
  Status Append(std::string_view data) override {
    data_.append(data);
    return Status::Ok();
  }
  Status Sync() override { return fs_.WriteFileDurable(path_, data_, mode_); }

 private:
  FileSystem& fs_;
  std::string path_;
  int mode_;
  std::string data_;
};

}  // namespace

Result<std::unique_ptr<AppendFile>> FileSystem::CreateAppend(const std::string& path, int mode) {
  if (Exists(path)) return Status::IoError("create " + path + ": it already exists");
  ARM_RETURN_IF_ERROR(WriteFileDurable(path, "", mode));
  return std::unique_ptr<AppendFile>(new BufferedAppendFile(*this, path, mode));
}

Result<std::unique_ptr<AppendFile>> RealFileSystem::CreateAppend(const std::string& path,
                                                                 int mode) {
  int fd =
      ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_NOFOLLOW | O_CLOEXEC, mode);
  if (fd < 0) return Errno("create", path);
  ::fchmod(fd, static_cast<mode_t>(mode));  // whatever the umask
  Status synced = FsyncDir(DirName(path));
  if (!synced.ok()) {
    ::close(fd);
    return synced;
  }
  return std::unique_ptr<AppendFile>(new RealAppendFile(path, fd));
}

Result<std::unique_ptr<DurableFileWriter>> FileSystem::OpenDurable(const std::string& path,
                                                                   int mode) {
  return std::unique_ptr<DurableFileWriter>(new BufferedDurableFileWriter(*this, path, mode));
}

Result<std::unique_ptr<DurableFileWriter>> RealFileSystem::OpenDurable(const std::string& path,
                                                                       int mode) {
  // An unpredictable name created new (O_CREAT|O_EXCL: never through a
  // symlink, never a file someone planted and keeps open), in the target's
  // folder so the rename is atomic.
  std::string tmp = path + ".tmp.XXXXXX";
  int fd = ::mkostemp(tmp.data(), O_CLOEXEC);
  if (fd < 0) return Errno("create", tmp);
  ::fchmod(fd, static_cast<mode_t>(mode));  // whatever the umask
  return std::unique_ptr<DurableFileWriter>(new RealDurableFileWriter(path, tmp, fd));
}

Status RealFileSystem::WriteFileDurable(const std::string& path, std::string_view data, int mode) {
  auto writer = OpenDurable(path, mode);
  if (!writer.ok()) return writer.status();
  ARM_RETURN_IF_ERROR((*writer)->Append(data));
  return (*writer)->Commit();
}

bool RealFileSystem::Exists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

bool RealFileSystem::IsSymlink(const std::string& path) {
  struct stat st;
  return ::lstat(path.c_str(), &st) == 0 && S_ISLNK(st.st_mode);
}

Status RealFileSystem::CheckPrivateFolder(const std::string& dir) {
  struct stat st;
  if (::stat(dir.c_str(), &st) != 0) {
    if (errno == ENOENT) return Status::Ok();
    return Errno("stat folder", dir);
  }
  if (!S_ISDIR(st.st_mode)) return Status::InvalidArgument(dir + " is not a folder");
  uid_t me = ::geteuid();
  if (st.st_uid != me && st.st_uid != 0)
    return Status::InvalidArgument("refusing folder " + dir + ": it belongs to uid " +
                                   std::to_string(st.st_uid) + ", not to this user (uid " +
                                   std::to_string(me) + "); use a folder of your own, or chown it");
  if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0 && (st.st_mode & S_ISVTX) == 0)
    return Status::InvalidArgument("refusing folder " + dir + ": others can write to it (mode " +
                                   FormatMode(st.st_mode) +
                                   "), so they could replace its files; run chmod go-w on it");
  return Status::Ok();
}

Status RealFileSystem::CreateDirs(const std::string& path, int mode) {
  if (path.empty() || Exists(path)) return Status::Ok();
  std::string parent = DirName(path);
  if (parent != path && parent != "." && parent != "/")
    ARM_RETURN_IF_ERROR(CreateDirs(parent, mode));
  if (::mkdir(path.c_str(), static_cast<mode_t>(mode)) != 0 && errno != EEXIST)
    return Errno("mkdir", path);
  ::chmod(path.c_str(), static_cast<mode_t>(mode));
  return Status::Ok();
}

Status RealFileSystem::Remove(const std::string& path) {
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) return Errno("remove", path);
  return Status::Ok();
}

Status RealFileSystem::Rename(const std::string& from, const std::string& to) {
  if (::rename(from.c_str(), to.c_str()) != 0) return Errno("rename " + from + " to", to);
  return FsyncDir(DirName(to));
}

Result<std::vector<std::string>> RealFileSystem::ListDir(const std::string& dir) {
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) {
    if (errno == ENOENT) return Status::NotFound(dir + ": no such folder");
    return Errno("opendir", dir);
  }
  std::vector<std::string> names;
  while (dirent* e = ::readdir(d)) {
    std::string n = e->d_name;
    if (n != "." && n != "..") names.push_back(n);
  }
  ::closedir(d);
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace arm
