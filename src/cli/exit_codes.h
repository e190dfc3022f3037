#pragma once
// The one mapping from outcomes to exit codes (documented in --help, the man
// page, the README and docs/design.md).
#include "core/status.h"

namespace arm {

enum class ExitCode : int {
  kOk = 0,
  kPartialFailure = 1,  // some resources failed; the others were done
  kDeclined = 1,        // the confirmation was declined: nothing changed (as
                        // terraform apply, apt)
  kUsage = 2,           // usage, configuration or input error; nothing changed
  kCredentials = 3,     // no/invalid credentials, or a permission was denied
  kUnreachable = 4,     // AWS could not be reached, or refused, before anything
                        // changed: safe to retry
  kInterrupted = 130,   // SIGINT/SIGTERM: in-flight calls finished, state saved
};

// For the one error that ended a run before it changed anything (connecting,
// reading the state, the S3 copy of the state).
inline ExitCode ExitCodeFor(const Status& s) {
  switch (s.code()) {
    case StatusCode::kOk:
      return ExitCode::kOk;
    case StatusCode::kCredentials:
    case StatusCode::kPermission:
      return ExitCode::kCredentials;
    case StatusCode::kInterrupted:
      return ExitCode::kInterrupted;
    case StatusCode::kInvalidArgument:
    case StatusCode::kCorruption:
    case StatusCode::kConflict:
    case StatusCode::kNotFound:
    case StatusCode::kUnimplemented:
    case StatusCode::kIoError:  // a file we were given or must write: fix the
                                // path or its permissions
      return ExitCode::kUsage;
    case StatusCode::kNetworkError:
    case StatusCode::kAwsError:
      return ExitCode::kUnreachable;
    default:
      return ExitCode::kPartialFailure;
  }
}

// The line that follows the error when a run ends with kUnreachable.
inline constexpr char kUnreachableNote[] = "nothing was changed; safe to retry";

}  // namespace arm
