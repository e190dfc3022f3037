#pragma once
// The bases of handlers whose service answers AccessDenied and throttling in
// its protocol's common shape, so that a handler declares only its own
// operations, estate and IAM mapping.
#include <string>
#include <string_view>

#include "sandbox/service_handler.h"

namespace sandbox {

// awsJson 1.0 / 1.1: AccessDeniedException and the throttling error, both
// HTTP 400 with {"__type", "message"}.
class AwsJsonHandler : public ServiceHandler {
 public:
  Response AccessDenied(const Request& request, const std::string& message) const override;
  Response Throttled(const Request& request) const override;

 protected:
  // The service's throttling answer (most say ThrottlingException "Rate
  // exceeded").
  struct Throttling {
    std::string_view code = "ThrottlingException";
    std::string_view message = "Rate exceeded";
  };
  AwsJsonHandler(std::string_view signing_name, std::string_view json_version,
                 Throttling throttling)
      : ServiceHandler(signing_name),
        json_version_(json_version),
        throttle_code_(throttling.code),
        throttle_message_(throttling.message) {}
  AwsJsonHandler(std::string_view signing_name, std::string_view json_version)
      : AwsJsonHandler(signing_name, json_version, Throttling{}) {}
  const std::string& json_version() const { return json_version_; }

 private:
  std::string json_version_;
  std::string throttle_code_;
  std::string throttle_message_;
};

// Query protocol (XML answers): AccessDenied as HTTP 403 with the service's
// code, throttling as HTTP 400 Throttling "Rate exceeded".
class QueryHandler : public ServiceHandler {
 public:
  Response AccessDenied(const Request& request, const std::string& message) const override;
  Response Throttled(const Request& request) const override;

 protected:
  QueryHandler(std::string_view signing_name, std::string_view xmlns,
               std::string_view access_denied_code)
      : ServiceHandler(signing_name), xmlns_(xmlns), access_denied_code_(access_denied_code) {}
  const std::string& xmlns() const { return xmlns_; }

 private:
  std::string xmlns_;
  std::string access_denied_code_;
};

}  // namespace sandbox
