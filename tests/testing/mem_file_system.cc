#include "tests/testing/mem_file_system.h"

#include <algorithm>

namespace arm::testing {
namespace {

// "a//b/" -> "a/b"; "./a" -> "a". Keeps a leading "/".
std::string Normalize(const std::string& path) {
  std::string out;
  out.reserve(path.size());
  for (char c : path) {
    if (c == '/' && !out.empty() && out.back() == '/') continue;
    out.push_back(c);
  }
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  while (out.size() > 2 && out.compare(0, 2, "./") == 0) out.erase(0, 2);
  return out;
}

}  // namespace

MemFileSystem::MemFileSystem() {
  dirs_["/"] = 0755;
  dirs_["."] = 0755;
}

Status MemFileSystem::CheckWritableLocked() const {
  if (crashed_) return Status::IoError("simulated crash: file system unavailable until Restart()");
  if (read_only_) return Status::IoError("read-only file system");
  return Status::Ok();
}

bool MemFileSystem::ParentExistsLocked(const std::string& path) const {
  return dirs_.count(DirName(path)) > 0;
}

void MemFileSystem::CreateDirsLocked(const std::string& path, int mode) {
  if (path.empty() || dirs_.count(path)) return;
  std::string parent = DirName(path);
  if (parent != path) CreateDirsLocked(parent, mode);
  dirs_[path] = mode;
}

Result<std::string> MemFileSystem::ReadFile(const std::string& raw, const ReadLimits& limits) {
  std::lock_guard<std::mutex> l(mu_);
  if (crashed_) return Status::IoError("simulated crash: file system unavailable until Restart()");
  std::string path = Normalize(raw);
  if (auto link = links_.find(path); link != links_.end()) {
    if (limits.own_regular_file)
      return Status::InvalidArgument("refusing " + raw + ": it is a symbolic link");
    path = link->second;
  }
  auto it = files_.find(path);
  if (it == files_.end()) return Status::NotFound(raw + ": no such file");
  const File& f = it->second;
  if (limits.own_regular_file && f.owner != kMyUid && f.owner != 0)
    return ForeignOwner(raw, f.owner, kMyUid);
  if (f.data.size() > limits.max_bytes) return TooLarge(raw, limits.max_bytes);
  return f.data;
}

void MemFileSystem::SetFileOwner(const std::string& raw, long uid) {
  std::lock_guard<std::mutex> l(mu_);
  if (auto it = files_.find(Normalize(raw)); it != files_.end()) it->second.owner = uid;
}

Status MemFileSystem::WriteFileDurable(const std::string& raw, std::string_view data, int mode) {
  std::lock_guard<std::mutex> l(mu_);
  ARM_RETURN_IF_ERROR(CheckWritableLocked());
  std::string path = Normalize(raw);
  int n = ++writes_;
  if (!ParentExistsLocked(path)) return Status::IoError("create " + raw + ".tmp: no such folder");
  if (dirs_.count(path)) return Status::IoError("rename to " + raw + ": is a folder");
  if (fail_writes_.erase(n)) return Status::IoError("write " + raw + ".tmp: injected failure");
  std::string tmp = path + ".tmp";
  auto crash = crash_writes_.find(n);
  if (crash != crash_writes_.end()) {
    CrashPoint point = crash->second;
    crash_writes_.erase(crash);
    crashed_ = true;
    switch (point) {
      case CrashPoint::kBeforeTempCreated:
        break;
      case CrashPoint::kMidTempWrite:
        files_[tmp] = File{std::string(data.substr(0, data.size() / 2)), mode, true};
        break;
      case CrashPoint::kBeforeRename:
        files_[tmp] = File{std::string(data), mode, true};
        break;
      case CrashPoint::kAfterRename:
        links_.erase(path);
        files_[path] = File{std::string(data), mode, false};
        break;
    }
    return Status::IoError("simulated crash while writing " + raw);
  }
  links_.erase(path);
  files_[path] = File{std::string(data), mode, false};
  return Status::Ok();
}

bool MemFileSystem::Exists(const std::string& raw) {
  std::lock_guard<std::mutex> l(mu_);
  std::string path = Normalize(raw);
  if (auto link = links_.find(path); link != links_.end()) path = link->second;
  return files_.count(path) > 0 || dirs_.count(path) > 0;
}

bool MemFileSystem::IsSymlink(const std::string& raw) {
  std::lock_guard<std::mutex> l(mu_);
  return links_.count(Normalize(raw)) > 0;
}

Status MemFileSystem::CreateDirs(const std::string& raw, int mode) {
  std::lock_guard<std::mutex> l(mu_);
  std::string path = Normalize(raw);
  if (path.empty() || dirs_.count(path)) return Status::Ok();
  ARM_RETURN_IF_ERROR(CheckWritableLocked());
  if (files_.count(path)) return Status::IoError("mkdir " + raw + ": a file has that name");
  CreateDirsLocked(path, mode);
  return Status::Ok();
}

Status MemFileSystem::Remove(const std::string& raw) {
  std::lock_guard<std::mutex> l(mu_);
  ARM_RETURN_IF_ERROR(CheckWritableLocked());
  std::string path = Normalize(raw);
  if (links_.erase(path) == 0) files_.erase(path);
  return Status::Ok();
}

Status MemFileSystem::Rename(const std::string& raw_from, const std::string& raw_to) {
  std::lock_guard<std::mutex> l(mu_);
  ARM_RETURN_IF_ERROR(CheckWritableLocked());
  std::string from = Normalize(raw_from), to = Normalize(raw_to);
  auto it = files_.find(from);
  if (it == files_.end())
    return Status::IoError("rename " + raw_from + " to " + raw_to + ": no such file");
  if (!ParentExistsLocked(to))
    return Status::IoError("rename " + raw_from + " to " + raw_to + ": no such folder");
  File f = std::move(it->second);
  f.temp = false;
  files_.erase(it);
  links_.erase(to);
  files_[to] = std::move(f);
  return Status::Ok();
}

Result<std::vector<std::string>> MemFileSystem::ListDir(const std::string& raw) {
  std::lock_guard<std::mutex> l(mu_);
  if (crashed_) return Status::IoError("simulated crash: file system unavailable until Restart()");
  std::string dir = Normalize(raw);
  if (!dirs_.count(dir)) return Status::NotFound(raw + ": no such folder");
  std::set<std::string> names;
  for (const auto& [p, f] : files_) {
    if (DirName(p) == dir) names.insert(p.substr(p.find_last_of('/') + 1));
  }
  for (const auto& [p, m] : dirs_) {
    if (p != dir && p != "." && DirName(p) == dir) names.insert(p.substr(p.find_last_of('/') + 1));
  }
  return std::vector<std::string>(names.begin(), names.end());
}

void MemFileSystem::SetFile(const std::string& raw, std::string data, int mode) {
  std::lock_guard<std::mutex> l(mu_);
  std::string path = Normalize(raw);
  CreateDirsLocked(DirName(path), 0755);
  files_[path] = File{std::move(data), mode, false};
}

void MemFileSystem::SetSymlink(const std::string& raw, const std::string& target) {
  std::lock_guard<std::mutex> l(mu_);
  std::string path = Normalize(raw);
  CreateDirsLocked(DirName(path), 0755);
  files_.erase(path);
  links_[path] = Normalize(target);
}

int MemFileSystem::FileMode(const std::string& raw) const {
  std::lock_guard<std::mutex> l(mu_);
  auto it = files_.find(Normalize(raw));
  return it == files_.end() ? -1 : it->second.mode;
}

int MemFileSystem::DirMode(const std::string& raw) const {
  std::lock_guard<std::mutex> l(mu_);
  auto it = dirs_.find(Normalize(raw));
  return it == dirs_.end() ? -1 : it->second;
}

std::vector<std::string> MemFileSystem::Files() const {
  std::lock_guard<std::mutex> l(mu_);
  std::vector<std::string> out;
  for (const auto& [p, f] : files_) out.push_back(p);
  return out;
}

void MemFileSystem::FailWriteNumber(int n) {
  std::lock_guard<std::mutex> l(mu_);
  fail_writes_.insert(writes_ + n);
}

void MemFileSystem::SetReadOnly(bool read_only) {
  std::lock_guard<std::mutex> l(mu_);
  read_only_ = read_only;
}

void MemFileSystem::CrashAtWrite(int n, CrashPoint point) {
  std::lock_guard<std::mutex> l(mu_);
  crash_writes_[writes_ + n] = point;
}

bool MemFileSystem::crashed() const {
  std::lock_guard<std::mutex> l(mu_);
  return crashed_;
}

void MemFileSystem::Restart() {
  std::lock_guard<std::mutex> l(mu_);
  crashed_ = false;
  for (auto it = files_.begin(); it != files_.end();) {
    it = it->second.temp ? files_.erase(it) : std::next(it);
  }
}

int MemFileSystem::write_count() const {
  std::lock_guard<std::mutex> l(mu_);
  return writes_;
}

}  // namespace arm::testing
