#pragma once
// Filesystem seam (ninja DiskInterface / LevelDB Env). The durable write is
// the product's core promise: temp file, fsync, rename, fsync of the folder.
#include <cstddef>
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

inline constexpr size_t kMiB = 1024 * 1024;
// State file, snapshot (--resources), audit reports: megabytes at most on a
// large estate.
inline constexpr size_t kMaxDataFileBytes = 64 * kMiB;
// Config files, AWS shared config and credentials, token files, price table.
inline constexpr size_t kMaxConfigFileBytes = 1 * kMiB;

// What a reader asks of the file it reads.
struct ReadLimits {
  // A larger file is refused (TooLarge), counted while reading: stat says
  // nothing of /dev/zero or a FIFO.
  size_t max_bytes = kMaxDataFileBytes;
  // Only a regular file owned by the effective user (or root), opened without
  // following a symbolic link: for files whose content decides changes (the
  // state file), which another user could plant in a sticky shared folder.
  bool own_regular_file = false;
  // Only a regular file (a symbolic link to one is followed), opened without
  // blocking: a FIFO, a device or a folder given as a path (SCHEDULE_HOLIDAYS)
  // is refused in one line instead of hanging or reading forever.
  bool regular_file = false;
};

// InvalidArgument "PATH is larger than N MiB; ..." (one line).
Status TooLarge(const std::string& path, size_t max_bytes);
// InvalidArgument naming the file, its owner and the fix (one line).
Status ForeignOwner(const std::string& path, long owner_uid, long my_uid);

class FileSystem {
 public:
  virtual ~FileSystem() = default;
  // NotFound when `path` does not exist; InvalidArgument when it breaks
  // `limits`.
  virtual Result<std::string> ReadFile(const std::string& path, const ReadLimits& limits = {}) = 0;
  // Replaces `path` atomically and durably with `data`, created with `mode`
  // whatever the umask. After OK the new content survives a crash.
  virtual Status WriteFileDurable(const std::string& path, std::string_view data, int mode) = 0;
  // The same content written in pieces (see DurableFileWriter). The default
  // keeps the pieces in memory and calls WriteFileDurable at Commit, so
  // fakes inject their faults there; RealFileSystem streams to the temp file.
  virtual Result<std::unique_ptr<DurableFileWriter>> OpenDurable(const std::string& path, int mode);
  // Creates `path` (which must not exist: never through a symlink or over a
  // file) with `mode` whatever the umask, durably (its folder synced), for
  // appending. The default rewrites the whole content with WriteFileDurable
  // at each Sync, so fakes need nothing more; RealFileSystem appends.
  virtual Result<std::unique_ptr<AppendFile>> CreateAppend(const std::string& path, int mode);
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
  Result<std::string> ReadFile(const std::string& path, const ReadLimits& limits = {}) override;
  Status WriteFileDurable(const std::string& path, std::string_view data, int mode) override;
  Result<std::unique_ptr<DurableFileWriter>> OpenDurable(const std::string& path,
                                                         int mode) override;
  Result<std::unique_ptr<AppendFile>> CreateAppend(const std::string& path, int mode) override;
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
