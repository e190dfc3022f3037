#pragma once
// STATE_BACKUP_S3_BUCKET: a copy of the state file in S3 (SSE AES256) after
// every save, and the way back for `start` when the local file is gone. The
// local durable file stays the source of safety: a failed upload only warns.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/operation_report.h"
#include "core/file_system.h"
#include "services/s3_client.h"

namespace arm {

class StateBackup {
 public:
  StateBackup(S3Client& s3, std::string bucket, std::string key);

  // "PROJECT/ENVIRONMENT/aws-resource-state.json"; an empty environment is
  // "default".
  static std::string KeyFor(const std::string& project, const std::string& environment);

  // The caller's account (sts:GetCallerIdentity), sent as
  // x-amz-expected-bucket-owner on every call: a bucket that changed hands
  // is refused by S3 (AccessDenied), never written to nor trusted. Set
  // before the first Upload or Download, which refuse to run without it.
  void set_expected_owner(std::string account_id) { expected_owner_ = std::move(account_id); }

  // PutObject with x-amz-server-side-encryption: AES256. Thread-safe.
  Status Upload(std::string_view bytes);
  // The object's bytes; nullopt when there is no copy.
  Result<std::optional<std::string>> Download();

  std::string url() const { return "s3://" + bucket_ + "/" + key_; }
  // Every S3 call made so far (audit trail).
  std::vector<SideCall> calls() const;

 private:
  S3Client& s3_;
  // Checked before the bucket is used at all.
  Status CheckOwnerKnown() const;

  std::string bucket_, key_;
  std::string expected_owner_;
  CallLog log_;
};

// Which copy of the state `start` uses. Fetches the S3 copy when `from_s3`
// or when the local file is missing; a fetched copy is validated, then written
// to `local_path` durably (0600; a local file it replaces is kept as
// <local_path>.bak). Returns the line to tell the user ("" when there is no
// state anywhere). An explicit --state-from-s3 with no S3 copy is NotFound.
Result<std::string> SelectStateCopy(FileSystem& fs, StateBackup& backup,
                                    const std::string& local_path, bool from_s3);

}  // namespace arm
