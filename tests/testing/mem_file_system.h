#pragma once
// In-memory FileSystem with fault injection (LevelDB FaultInjectionTestEnv):
// fail the Nth durable write, read-only mode, and crashes at chosen points of
// the write-temp -> fsync -> rename sequence. After a crash every call fails
// until Restart(), which drops temp files that were never renamed.
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/file_system.h"

namespace arm::testing {

class MemFileSystem final : public FileSystem {
 public:
  // Where a simulated crash stops a WriteFileDurable call.
  enum class CrashPoint {
    kBeforeTempCreated,  // nothing written
    kMidTempWrite,       // temp file holds the first half of the data
    kBeforeRename,       // temp file complete and synced, target untouched
    kAfterRename,        // target replaced, call did not return
  };

  MemFileSystem();

  Result<std::string> ReadFile(const std::string& path, const ReadLimits& limits = {}) override;
  Status WriteFileDurable(const std::string& path, std::string_view data, int mode) override;
  bool Exists(const std::string& path) override;
  bool IsSymlink(const std::string& path) override;
  Status CreateDirs(const std::string& path, int mode) override;
  Status Remove(const std::string& path) override;
  Status Rename(const std::string& from, const std::string& to) override;
  Result<std::vector<std::string>> ListDir(const std::string& dir) override;

  // Test setup: writes a file (parents created 0755), bypassing faults.
  void SetFile(const std::string& path, std::string data, int mode = 0644);
  // Test setup: `path` becomes a symbolic link to `target` (a path). Reads
  // follow it; a write or rename to `path` replaces the link, as rename(2).
  void SetSymlink(const std::string& path, const std::string& target);
  // Test setup: the file now belongs to `uid` (files are created owned by
  // kMyUid, the effective user; 0 is root).
  void SetFileOwner(const std::string& path, long uid);
  static constexpr long kMyUid = 1000;
  // -1 when the file or folder does not exist.
  int FileMode(const std::string& path) const;
  int DirMode(const std::string& path) const;
  // Every file path, sorted (temp files included).
  std::vector<std::string> Files() const;

  // The n-th WriteFileDurable from now (1 = the next one) fails with an
  // IoError and leaves the target untouched.
  void FailWriteNumber(int n);
  // Every mutating call fails with "read-only file system".
  void SetReadOnly(bool read_only);
  // The n-th WriteFileDurable from now crashes at `point`.
  void CrashAtWrite(int n, CrashPoint point);
  bool crashed() const;
  // "Reboot": temp data that was never renamed is dropped, calls work again.
  void Restart();
  // WriteFileDurable calls attempted so far.
  int write_count() const;

 private:
  struct File {
    std::string data;
    int mode = 0644;
    bool temp = false;  // written by WriteFileDurable, not yet renamed
    long owner = kMyUid;
  };
  Status CheckWritableLocked() const;
  bool ParentExistsLocked(const std::string& path) const;
  void CreateDirsLocked(const std::string& path, int mode);

  mutable std::mutex mu_;
  std::map<std::string, File> files_;
  std::map<std::string, int> dirs_;           // path -> mode
  std::map<std::string, std::string> links_;  // path -> target
  bool read_only_ = false;
  bool crashed_ = false;
  int writes_ = 0;
  std::set<int> fail_writes_;               // absolute write numbers
  std::map<int, CrashPoint> crash_writes_;  // absolute write number -> point
};

}  // namespace arm::testing
