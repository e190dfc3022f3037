#pragma once
// ECS/EKS container credentials: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI
// (http://169.254.170.2<uri>) or AWS_CONTAINER_CREDENTIALS_FULL_URI (https,
// or http to loopback or the ECS/EKS agent addresses), with
// AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE or _TOKEN as Authorization header.
#include "aws/credentials.h"
#include "core/environment.h"
#include "core/file_system.h"
#include "http/http.h"

namespace arm {

class ContainerCredentialsProvider final : public CredentialsProvider {
 public:
  static constexpr std::chrono::milliseconds kTimeout{2000};
  static constexpr int kAttempts = 3;

  ContainerCredentialsProvider(const Environment& env, FileSystem& fs, HttpTransport& transport)
      : env_(env), fs_(fs), transport_(transport) {}
  // NotFound when neither URI variable is set; otherwise a disallowed URL,
  // an unreachable agent or a bad answer is a Credentials error.
  Result<Credentials> GetCredentials() override;
  std::string Name() const override {
    return "container credentials (AWS_CONTAINER_CREDENTIALS_*_URI)";
  }

 private:
  Result<HttpRequest> BuildRequest();

  const Environment& env_;
  FileSystem& fs_;
  HttpTransport& transport_;
};

// Hosts a plain-http full URI may name: loopback, the ECS agent
// (169.254.170.2) and EKS Pod Identity (169.254.170.23, fd00:ec2::23).
bool IsAllowedContainerHost(const std::string& hostname);

}  // namespace arm
