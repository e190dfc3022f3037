#pragma once
// EC2 instance metadata (IMDSv2): PUT /latest/api/token, then
// GET /latest/meta-data/iam/security-credentials/ and .../<role>.
// Last in the chain; never fatal: anything wrong means "no credentials".
#include "aws/credentials.h"
#include "core/environment.h"
#include "http/http.h"

namespace arm {

class ImdsCredentialsProvider final : public CredentialsProvider {
 public:
  static constexpr std::chrono::milliseconds kTimeout{1000};
  static constexpr const char* kDefaultEndpoint = "http://169.254.169.254";

  ImdsCredentialsProvider(const Environment& env, HttpTransport& transport)
      : env_(env), transport_(transport) {}
  // NotFound (with the reason) when disabled (AWS_EC2_METADATA_DISABLED=true),
  // unreachable, or without an instance role.
  Result<Credentials> GetCredentials() override;
  std::string Name() const override;

 private:
  bool Disabled() const;
  Result<HttpResponse> Send(const std::string& method, const std::string& path,
                            const Headers& headers);

  const Environment& env_;
  HttpTransport& transport_;
};

}  // namespace arm
