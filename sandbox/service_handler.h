#pragma once
// One handler per AWS service. The server authenticates the request (SigV4),
// applies fault injection, checks the caller's allow list and IAM policy on
// each of the request's resources, then hands the request to the handler
// whose signing_name() matches the credential scope.
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "http/http.h"
#include "sandbox/iam_policy.h"

namespace sandbox {

struct Caller {
  std::string access_key_id;
  std::string account_id;
  std::string arn;
  // The credential's allow list (empty: everything).
  std::vector<std::string> allow;
  // aws-sandbox --iam-policy (null: none), applied to every caller.
  std::shared_ptr<const IamPolicy> policy;
  std::string region;  // aws:RequestedRegion

  // The AccessDenied message when the allow list or the policy refuses
  // `action` on `resource`; nullopt when both allow it. Handlers ask it for
  // the second permissions AWS checks on the caller's behalf (DeleteEndpoint
  // with auto scaling, RegisterScalableTarget, ...).
  std::optional<std::string> Denial(std::string_view action, std::string_view resource,
                                    IamConditionKeys keys = {}) const;
};

struct Request {
  std::string method;
  std::string path;   // raw, percent-encoded
  std::string query;  // raw, without '?'
  arm::Headers headers;
  std::string body;
  std::string service;  // signing name from the credential scope
  std::string region;
  Caller caller;
  const std::string* Header(std::string_view name) const { return arm::FindHeader(headers, name); }
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  arm::Headers headers;
  std::string body;
};

// Every resource a tag query (Resource Groups Tagging API) can see.
struct TaggedResource {
  std::string arn;
  std::map<std::string, std::string> tags;
};

// Shared by all handlers: the clock for timed transitions, the region and
// account of the estate, and the call counters.
struct Context {
  arm::Clock* clock = nullptr;
  std::string region = "us-east-1";
  std::string account_id = "000000000000";
  double endpoint_create_seconds = 3;
  double endpoint_delete_seconds = 1;
  double kinesis_update_seconds = 1;
  double ecs_task_seconds = 2;
  double asg_instance_seconds = 2;
};

// The request's own protocol error shape (see ServiceHandler::Error).
Response ProtocolError(const Request& request, int status, std::string_view code,
                       std::string_view message);

// The interface the server routes to. A handler derives from the base of its
// protocol (protocol_handler.h) when that base answers AccessDenied and
// throttling as the service does, and implements only what is its own.
class ServiceHandler {
 public:
  virtual ~ServiceHandler() = default;
  ServiceHandler(const ServiceHandler&) = delete;
  ServiceHandler& operator=(const ServiceHandler&) = delete;
  // The credential scope's service name that routes requests here.
  std::string_view signing_name() const { return signing_name_; }
  // IAM action for allow lists ("kinesis:UpdateShardCount"), or "" when the
  // request names no known operation (Handle then answers the protocol's
  // unknown-operation error).
  virtual std::string IamAction(const Request& request) const = 0;
  // The resources the request acts on, as the Service Authorization
  // Reference names them (ARNs; "*" for actions without resource-level
  // permissions). The caller must be allowed the action on each of them;
  // none: AWS authorizes nothing (sts:GetCallerIdentity).
  virtual std::vector<std::string> IamResources(const Request& request) const {
    (void)request;
    return {"*"};
  }
  // The request's own condition keys (lower-case names), e.g. Application
  // Auto Scaling's service namespace and scalable dimension.
  virtual IamConditionKeys IamRequestKeys(const Request& request) const {
    (void)request;
    return {};
  }
  // The service's own AccessDenied answer.
  virtual Response AccessDenied(const Request& request, const std::string& message) const = 0;
  // The service's own throttling answer (fault injection).
  virtual Response Throttled(const Request& request) const = 0;
  virtual Response Handle(const Request& request) = 0;

  // Estate: load this service's section of the estate JSON (replacing all
  // state), dump the current state for GET /_sandbox/state.
  virtual void Load(const nlohmann::json& estate) = 0;
  virtual nlohmann::json Dump() const = 0;
  // Adds generated resources for the large-estate generator: counts by kind
  // (sandbox/estate_generator.h lists them).
  virtual void Generate(const std::map<std::string, int>& counts, nlohmann::json& estate) const {
    (void)counts;
    (void)estate;
  }
  virtual void CollectTagged(std::vector<TaggedResource>& out) const { (void)out; }

  // An error answer in this service's protocol, used by the server for
  // authentication failures, injected 500/503 faults and unroutable requests.
  // The default shapes it from the request (X-Amz-Target: awsJson; lambda:
  // restJson; s3: restXml; otherwise query XML). Override for other shapes.
  virtual Response Error(const Request& request, int status, std::string_view code,
                         std::string_view message) const {
    return ProtocolError(request, status, code, message);
  }
  // True when the request may be served without a signature
  // (sts:AssumeRoleWithWebIdentity).
  virtual bool AllowsAnonymous(const Request& request) const {
    (void)request;
    return false;
  }

 protected:
  explicit ServiceHandler(std::string_view signing_name) : signing_name_(signing_name) {}

 private:
  std::string signing_name_;
};

}  // namespace sandbox
