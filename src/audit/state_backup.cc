#include "audit/state_backup.h"

#include "state/state_file.h"

namespace arm {

StateBackup::StateBackup(S3Client& s3, std::string bucket, std::string key)
    : s3_(s3), bucket_(std::move(bucket)), key_(std::move(key)) {}

std::string StateBackup::KeyFor(const std::string& project, const std::string& environment) {
  return project + "/" + (environment.empty() ? "default" : environment) +
         "/aws-resource-state.json";
}

Status StateBackup::CheckOwnerKnown() const {
  if (!expected_owner_.empty()) return Status::Ok();
  return Status::Internal("the account is not known yet: " + url() +
                          " is not used without x-amz-expected-bucket-owner");
}

Status StateBackup::Upload(std::string_view bytes) {
  ARM_RETURN_IF_ERROR(CheckOwnerKnown().WithContext("back up the state to " + url()));
  ScopedCallObserver observe(&log_);
  return s3_.PutObject(bucket_, key_, std::string(bytes), "AES256", expected_owner_)
      .WithContext("back up the state to " + url());
}

Result<std::optional<std::string>> StateBackup::Download() {
  ARM_RETURN_IF_ERROR(CheckOwnerKnown().WithContext("fetch the state copy " + url()));
  ScopedCallObserver observe(&log_);
  auto body = s3_.GetObject(bucket_, key_, expected_owner_);
  if (!body.ok()) {
    if (body.status().IsNotFound()) return std::optional<std::string>();
    return body.status().WithContext("fetch the state copy " + url());
  }
  return std::optional<std::string>(std::move(*body));
}

std::vector<SideCall> StateBackup::calls() const {
  std::vector<SideCall> out;
  for (const auto& c : log_.Records()) out.push_back({"state backup", c});
  return out;
}

Result<std::string> SelectStateCopy(FileSystem& fs, StateBackup& backup,
                                    const std::string& local_path, bool from_s3) {
  bool local = fs.Exists(local_path);
  if (local && !from_s3) return "using the local state file " + local_path;
  auto copy = backup.Download();
  if (!copy.ok()) return copy.status();
  if (!copy->has_value()) {
    if (from_s3)
      return Status::NotFound("--state-from-s3: there is no state copy at " + backup.url() +
                              "; run without --state-from-s3 to use the local file " + local_path);
    return std::string();
  }
  auto parsed = ParseState(**copy, backup.url(), nullptr);
  if (!parsed.ok()) return parsed.status();
  std::string dir = DirName(local_path);
  if (dir != "." && dir != "/") ARM_RETURN_IF_ERROR(fs.CreateDirs(dir, 0700));
  if (local) {
    auto previous = fs.ReadFile(local_path, kStateReadLimits);
    if (!previous.ok()) return previous.status();
    ARM_RETURN_IF_ERROR(fs.WriteFileDurable(local_path + ".bak", *previous, 0600));
  }
  ARM_RETURN_IF_ERROR(fs.WriteFileDurable(local_path, **copy, 0600)
                          .WithContext("save the S3 copy as " + local_path));
  return "using the S3 copy " + backup.url() +
         (local ? " (the local file was kept as " + local_path + ".bak)"
                : " (no local state file " + local_path + ")");
}

}  // namespace arm
