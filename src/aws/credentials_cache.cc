#include "aws/credentials_cache.h"

namespace arm {

bool CredentialsCache::Fresh(const Credentials& c) const {
  return !c.expiration || clock_.Now() < *c.expiration - refresh_window_;
}

Result<Credentials> CredentialsCache::Get(const std::function<Result<Credentials>()>& fetch) {
  std::lock_guard<std::mutex> l(mu_);
  if (cached_ && Fresh(*cached_)) return *cached_;
  Result<Credentials> fresh = fetch();
  if (fresh.ok()) {
    cached_ = *fresh;
    return fresh;
  }
  if (cached_ && cached_->expiration && clock_.Now() < *cached_->expiration) return *cached_;
  cached_.reset();
  return fresh;
}

void CredentialsCache::Clear() {
  std::lock_guard<std::mutex> l(mu_);
  cached_.reset();
}

}  // namespace arm
