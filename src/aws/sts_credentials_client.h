#pragma once
// The two STS calls the credential chain needs, behind an interface so that
// chain tests use a fake. The real client speaks the query protocol.
#include <optional>
#include <string>

#include "aws/credentials.h"
#include "aws/endpoints.h"
#include "aws/retry.h"
#include "core/clock.h"
#include "http/http.h"

namespace arm {

struct AssumeRoleParams {
  std::string role_arn;
  std::string role_session_name;
  std::string external_id;              // empty: not sent
  std::optional<int> duration_seconds;  // unset: STS default (1 h)
};

struct WebIdentityParams {
  std::string role_arn;
  std::string role_session_name;
  std::string web_identity_token;  // a secret: never logged
  std::optional<int> duration_seconds;
};

class StsCredentialsClient {
 public:
  virtual ~StsCredentialsClient() = default;
  // sts:AssumeRole signed with `source`. AWS errors are Status::Aws.
  virtual Result<Credentials> AssumeRole(const AssumeRoleParams& params,
                                         const Credentials& source) = 0;
  // sts:AssumeRoleWithWebIdentity, unsigned.
  virtual Result<Credentials> AssumeRoleWithWebIdentity(const WebIdentityParams& params) = 0;
};

inline constexpr std::string_view kStsVersion = "2011-06-15";

class QueryStsCredentialsClient final : public StsCredentialsClient {
 public:
  QueryStsCredentialsClient(HttpTransport& transport, const EndpointResolver& endpoints,
                            Clock& clock, RetryOptions retry)
      : transport_(transport), endpoints_(endpoints), clock_(clock), retry_(retry) {}
  Result<Credentials> AssumeRole(const AssumeRoleParams& params,
                                 const Credentials& source) override;
  Result<Credentials> AssumeRoleWithWebIdentity(const WebIdentityParams& params) override;

 private:
  HttpTransport& transport_;
  const EndpointResolver& endpoints_;
  Clock& clock_;
  RetryOptions retry_;
};

}  // namespace arm
