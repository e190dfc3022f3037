#pragma once
// Records STS credential calls and answers with numbered credentials that
// expire `lifetime` after the clock's now (or a queued error).
#include <deque>
#include <mutex>
#include <vector>

#include "aws/sts_credentials_client.h"
#include "core/clock.h"

namespace arm::testing {

class FakeStsCredentialsClient final : public StsCredentialsClient {
 public:
  explicit FakeStsCredentialsClient(const Clock& clock,
                                    std::chrono::seconds lifetime = std::chrono::hours(1))
      : clock_(clock), lifetime_(lifetime) {}

  Result<Credentials> AssumeRole(const AssumeRoleParams& params,
                                 const Credentials& source) override {
    std::lock_guard<std::mutex> l(mu_);
    assume_role_calls.push_back(params);
    sources.push_back(source);
    return Answer("ASIAROLE");
  }
  Result<Credentials> AssumeRoleWithWebIdentity(const WebIdentityParams& params) override {
    std::lock_guard<std::mutex> l(mu_);
    web_identity_calls.push_back(params);
    return Answer("ASIAWEB");
  }
  void FailNext(Status s) {
    std::lock_guard<std::mutex> l(mu_);
    errors_.push_back(std::move(s));
  }

  std::vector<AssumeRoleParams> assume_role_calls;
  std::vector<Credentials> sources;
  std::vector<WebIdentityParams> web_identity_calls;

 private:
  Result<Credentials> Answer(const std::string& prefix) {
    if (!errors_.empty()) {
      Status s = errors_.front();
      errors_.pop_front();
      return s;
    }
    ++count_;
    Credentials c;
    c.access_key_id = prefix + std::to_string(count_);
    c.secret_access_key = "secret-" + std::to_string(count_);
    c.session_token = "token-" + std::to_string(count_);
    c.expiration = clock_.Now() + lifetime_;
    return c;
  }

  const Clock& clock_;
  std::chrono::seconds lifetime_;
  std::mutex mu_;
  int count_ = 0;
  std::deque<Status> errors_;
};

}  // namespace arm::testing
