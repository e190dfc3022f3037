#pragma once
// Amazon EC2 (signing name "ec2", the EC2 query protocol 2016-11-15):
// DescribeInstances, DescribeVolumes, StopInstances and StartInstances.
// Answers are XML in EC2's namespace with <item> lists and a lower-case
// <requestId>; every error, the server's own included, is EC2's
// <Response><Errors><Error>..</Error></Errors><RequestID>.
//
// Instances move pending -> running and stopping -> stopped after the
// estate's "ec2.state_seconds" on the sandbox clock, evaluated lazily on
// each request. AWS's refusals are modelled: an instance-store root or a
// one-time spot instance cannot be stopped (UnsupportedOperation), a
// pending instance cannot be stopped nor a stopping one started
// (IncorrectInstanceState), hibernation needs HibernationOptions.Configured
// (UnsupportedHibernationConfiguration). An auto-assigned public IPv4
// address is released while the instance is stopped (the sandbox gives the
// same one back at start, so that a restore compares equal); an Elastic IP
// stays.
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "sandbox/compute_estate.h"
#include "sandbox/ec2_wire.h"
#include "sandbox/service_handler.h"

namespace sandbox {

class Ec2Handler final : public ServiceHandler {
 public:
  explicit Ec2Handler(const Context& context) : ServiceHandler("ec2"), context_(context) {}

  std::string IamAction(const Request& request) const override;
  // StopInstances / StartInstances: each instance's ARN; the describes "*".
  std::vector<std::string> IamResources(const Request& request) const override;
  // UnauthorizedOperation (403) and RequestLimitExceeded (503), EC2's shape.
  Response AccessDenied(const Request& request, const std::string& message) const override;
  Response Throttled(const Request& request) const override;
  Response Error(const Request& request, int status, std::string_view code,
                 std::string_view message) const override;
  Response Handle(const Request& request) override;

  // Reads estate["ec2"]: {"state_seconds", "instances": [{id, instance_type,
  // state, root_device_type, lifecycle, spot_request_type,
  // hibernation_configured, tags, public_ip, elastic_ip, volumes: [{id,
  // size_gb, volume_type}]}]}.
  void Load(const nlohmann::json& estate) override;
  nlohmann::json Dump() const override;
  // Kind "instances" (sandbox/compute_estate.h).
  void Generate(const std::map<std::string, int>& counts, nlohmann::json& estate) const override {
    GenerateEc2Estate(GeneratedCount(counts, "instances"), GeneratedPrefix(estate), estate);
  }
  void CollectTagged(std::vector<TaggedResource>& out) const override;

 private:
  std::chrono::system_clock::time_point Now() const;
  // Settles transitions that are due.
  void Advance();
  Response DescribeInstances(const FormParams& form);
  Response DescribeVolumes(const FormParams& form);
  Response ChangeState(const std::string& op, const FormParams& form);

  Context context_;
  mutable std::mutex mu_;
  double state_seconds_ = 2;
  std::map<std::string, Ec2SandboxInstance> instances_;
  std::map<std::string, Ec2SandboxVolume> volumes_;
};

std::unique_ptr<ServiceHandler> MakeEc2Handler(const Context& context);

}  // namespace sandbox
