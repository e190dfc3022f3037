#pragma once
// Holds credentials until shortly before they expire (the SDKs refresh
// early so that no request is signed with credentials about to lapse).
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>

#include "aws/credentials.h"
#include "core/clock.h"

namespace arm {

inline constexpr std::chrono::minutes kCredentialsRefreshWindow{5};

class CredentialsCache {
 public:
  explicit CredentialsCache(Clock& clock,
                            std::chrono::seconds refresh_window = kCredentialsRefreshWindow)
      : clock_(clock), refresh_window_(refresh_window) {}

  // The cached credentials while they have no expiration or more than the
  // refresh window left; otherwise calls `fetch` (one caller at a time).
  // When a refresh fails but the old credentials have not expired yet they
  // are still returned. Thread-safe.
  Result<Credentials> Get(const std::function<Result<Credentials>()>& fetch);
  void Clear();

 private:
  bool Fresh(const Credentials& c) const;

  Clock& clock_;
  std::chrono::seconds refresh_window_;
  std::mutex mu_;
  std::optional<Credentials> cached_;
};

}  // namespace arm
