#pragma once
// Filesystem seam (ninja DiskInterface / LevelDB Env). The durable write is
// the product's core promise: temp file, fsync, rename, fsync of the folder.
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace arm {

class FileSystem {
 public:
  virtual ~FileSystem() = default;
  virtual Result<std::string> ReadFile(const std::string& path) = 0;
  // Replaces `path` atomically and durably with `data`, created with `mode`
  // whatever the umask. After OK the new content survives a crash.
  virtual Status WriteFileDurable(const std::string& path, std::string_view data, int mode) = 0;
  virtual bool Exists(const std::string& path) = 0;
  // mkdir -p; folders created with `mode`.
  virtual Status CreateDirs(const std::string& path, int mode) = 0;
  virtual Status Remove(const std::string& path) = 0;
  virtual Status Rename(const std::string& from, const std::string& to) = 0;
  // Names (not paths) of the entries in `dir`, sorted.
  virtual Result<std::vector<std::string>> ListDir(const std::string& dir) = 0;
};

class RealFileSystem final : public FileSystem {
 public:
  Result<std::string> ReadFile(const std::string& path) override;
  Status WriteFileDurable(const std::string& path, std::string_view data, int mode) override;
  bool Exists(const std::string& path) override;
  Status CreateDirs(const std::string& path, int mode) override;
  Status Remove(const std::string& path) override;
  Status Rename(const std::string& from, const std::string& to) override;
  Result<std::vector<std::string>> ListDir(const std::string& dir) override;
};

// Folder part of a path ("." when there is none).
std::string DirName(const std::string& path);
std::string JoinPath(const std::string& a, const std::string& b);

}  // namespace arm
