#pragma once
// The one mapping from outcomes to exit codes (documented in --help).
#include "core/status.h"

namespace arm {

enum class ExitCode : int {
  kOk = 0,
  kPartialFailure = 1,  // some resources failed; the others were done
  kUsage = 2,           // usage, configuration or input error; nothing changed
  kCredentials = 3,     // no/invalid credentials, or a permission was denied
  kInterrupted = 130,   // SIGINT/SIGTERM: in-flight calls finished, state saved
};

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
      return ExitCode::kUsage;
    default:
      return ExitCode::kPartialFailure;
  }
}

}  // namespace arm
