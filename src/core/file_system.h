#pragma once
// Filesystem seam (ninja DiskInterface / LevelDB Env). The durable write is
// the product's core promise: temp file, fsync, rename, fsync of the folder.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace arm {

// A file written durably in pieces, for content too large to hold as one
// string (the audit report of a large estate). Nothing is visible at the
// target until Commit: temp file, fsync, rename, fsync of the folder, as
// WriteFileDurable. A writer destroyed without a successful Commit leaves the
// target untouched and removes its temp file. Not thread-safe.
class DurableFileWriter {
 public:
  virtual ~DurableFileWriter() = default;
  virtual Status Append(std::string_view data) = 0;
  // After OK the whole content survives a crash. At most once.
  virtual Status Commit() = 0;
};

// A new file written by appending (a journal): what Sync returned OK for
// survives a crash, the rest may be lost from the end. Not thread-safe.
class AppendFile {
 public:
  virtual ~AppendFile() = default;
  virtual Status Append(std::string_view data) = 0;
  // fdatasync: every Append before it is durable once it returns OK.
  virtual Status Sync() = 0;
};

class FileSystem {
 public:
  virtual ~FileSystem() = default;
  virtual Result<std::string> ReadFile(const std::string& path) = 0;
  // Replaces `path` atomically and durably with `data`, created with `mode`
  // whatever the umask. After OK the new content survives a crash.
  virtual Status WriteFileDurable(const std::string& path,
                                  std::string_view data, int mode) = 0;
  // The same content written in pieces (see DurableFileWriter). The default
  // keeps the pieces in memory and calls WriteFileDurable at Commit, so
  // fakes inject their faults there; RealFileSystem streams to the temp file.
  virtual Result<std::unique_ptr<DurableFileWriter>> OpenDurable(
      const std::string& path, int mode);
  // Creates `path` (which must not exist: never through a symlink or over a
  // file) with `mode` whatever the umask, durably (its folder synced), for
  // appending. The default rewrites the whole content with WriteFileDurable
  // at each Sync, so fakes need nothing more; RealFileSystem appends.
  virtual Result<std::unique_ptr<AppendFile>> CreateAppend(
      const std::string& path, int mode);
  virtual bool Exists(const std::string& path) = 0;
  // True when `path` itself is a symbolic link, whatever it points to (a
  // durable write replaces the link, never the file it points to).
  virtual bool IsSymlink(const std::string& path) = 0;
  // mkdir -p; folders created with `mode`.
  virtual Status CreateDirs(const std::string& path, int mode) = 0;
  // OK when `dir` does not exist, or is a folder owned by the effective user
  // (or root) that group and others cannot write to, unless its sticky bit
  // is set (/tmp). Otherwise InvalidArgument saying why and how to fix it:
  // in such a folder someone else could swap the files we write. Fakes have
  // no owners: OK.
  virtual Status CheckPrivateFolder(const std::string& dir) {
    (void)dir;
    return Status::Ok();
  }
  virtual Status Remove(const std::string& path) = 0;
  virtual Status Rename(const std::string& from, const std::string& to) = 0;
  // Names (not paths) of the entries in `dir`, sorted.
  virtual Result<std::vector<std::string>> ListDir(const std::string& dir) = 0;
};

class RealFileSystem final : public FileSystem {
 public:
  Result<std::string> ReadFile(const std::string& path) override;
  Status WriteFileDurable(const std::string& path, std::string_view data,
                          int mode) override;
  Result<std::unique_ptr<DurableFileWriter>> OpenDurable(
      const std::string& path, int mode) override;
  Result<std::unique_ptr<AppendFile>> CreateAppend(const std::string& path,
                                                   int mode) override;
  bool Exists(const std::string& path) override;
  bool IsSymlink(const std::string& path) override;
  Status CreateDirs(const std::string& path, int mode) override;
  Status CheckPrivateFolder(const std::string& dir) override;
  Status Remove(const std::string& path) override;
  Status Rename(const std::string& from, const std::string& to) override;
  Result<std::vector<std::string>> ListDir(const std::string& dir) override;
};

// Folder part of a path ("." when there is none).
std::string DirName(const std::string& path);
std::string JoinPath(const std::string& a, const std::string& b);

}  // namespace arm
