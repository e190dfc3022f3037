#pragma once
// Errors as values (LevelDB style). A Status keeps what happened: for AWS
// calls the service's error code, HTTP status, request id and retryability.
#include <optional>
#include <string>
#include <utility>

namespace arm {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  // bad input from the user: config, flags, files
  kNotFound,
  kIoError,       // filesystem
  kCorruption,    // unreadable/invalid persisted data
  kNetworkError,  // connection refused/reset, timeout, DNS
  kAwsError,      // a service answered with an error
  kCredentials,   // no usable credentials / expired / unknown key
  kPermission,    // AccessDenied and friends
  kConflict,      // lock held, resource in use
  kInterrupted,
  kAborted,  // not attempted because an earlier step failed
  kUnimplemented,
  kInternal,
};

class Status {
 public:
  Status() = default;
  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string msg) {
    return Status(StatusCode::kInvalidArgument, std::move(msg));
  }
  static Status NotFound(std::string msg) { return Status(StatusCode::kNotFound, std::move(msg)); }
  static Status IoError(std::string msg) { return Status(StatusCode::kIoError, std::move(msg)); }
  static Status Corruption(std::string msg) {
    return Status(StatusCode::kCorruption, std::move(msg));
  }
  static Status NetworkError(std::string msg, bool retryable = true) {
    Status s(StatusCode::kNetworkError, std::move(msg));
    s.retryable_ = retryable;
    return s;
  }
  static Status Credentials(std::string msg) {
    return Status(StatusCode::kCredentials, std::move(msg));
  }
  static Status Permission(std::string msg) {
    return Status(StatusCode::kPermission, std::move(msg));
  }
  static Status Conflict(std::string msg) { return Status(StatusCode::kConflict, std::move(msg)); }
  static Status Interrupted(std::string msg) {
    return Status(StatusCode::kInterrupted, std::move(msg));
  }
  static Status Aborted(std::string msg) { return Status(StatusCode::kAborted, std::move(msg)); }
  static Status Unimplemented(std::string msg) {
    return Status(StatusCode::kUnimplemented, std::move(msg));
  }
  static Status Internal(std::string msg) { return Status(StatusCode::kInternal, std::move(msg)); }

  // An error answered by an AWS service. The StatusCode is derived from the
  // AWS error code (AccessDenied -> kPermission, unknown key -> kCredentials).
  static Status Aws(std::string aws_code, std::string message, int http_status,
                    std::string request_id, bool retryable, bool throttling = false);

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // Empty unless the error came from an AWS service.
  const std::string& aws_code() const { return aws_code_; }
  int http_status() const { return http_status_; }
  const std::string& request_id() const { return request_id_; }
  bool retryable() const { return retryable_; }
  bool throttling() const { return throttling_; }

  bool IsNotFound() const { return code_ == StatusCode::kNotFound; }
  bool IsAws(const std::string& aws_code) const { return aws_code_ == aws_code; }

  // "ThrottlingException: Rate exceeded (HTTP 400, request id abc)".
  std::string ToString() const;
  // The same error classified as NotFound, AWS fields kept (a service's
  // "does not exist" answer, e.g. ResourceNotFoundException).
  Status AsNotFound() const {
    Status s = *this;
    s.code_ = StatusCode::kNotFound;
    return s;
  }
  // Prefixes the message with context: "describe stream x: <message>".
  Status WithContext(const std::string& context) const;

 private:
  Status(StatusCode code, std::string msg) : code_(code), message_(std::move(msg)) {}
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::string aws_code_;
  int http_status_ = 0;
  std::string request_id_;
  bool retryable_ = false;
  bool throttling_ = false;
};

// A value or the Status explaining why there is none.
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}         // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT
    if (status_.ok()) status_ = Status::Internal("Result constructed from OK status without value");
  }
  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

#define ARM_RETURN_IF_ERROR(expr) \
  do {                            \
    ::arm::Status _st = (expr);   \
    if (!_st.ok()) return _st;    \
  } while (0)

}  // namespace arm
