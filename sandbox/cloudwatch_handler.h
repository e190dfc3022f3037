#pragma once
// CloudWatch (signing name "monitoring"): DescribeAlarms,
// DisableAlarmActions, EnableAlarmActions. Speaks both protocols AWS accepts,
// chosen per request: X-Amz-Target present -> awsJson 1.0, else query.
#include <memory>
#include <mutex>

#include "sandbox/cloudwatch_alarms.h"
#include "sandbox/service_handler.h"

namespace sandbox {

class CloudWatchHandler final : public ServiceHandler {
 public:
  // Keeps a copy of `context`; the clock it points to must outlive the handler.
  explicit CloudWatchHandler(const Context& context)
      : ServiceHandler("monitoring"), context_(context) {}

  std::string IamAction(const Request& request) const override;
  // DescribeAlarms: "*"; the others: one alarm ARN per AlarmNames entry.
  std::vector<std::string> IamResources(const Request& request) const override;
  // In the request's protocol: awsJson 1.0 or query XML.
  Response AccessDenied(const Request& request, const std::string& message) const override;
  Response Throttled(const Request& request) const override;
  Response Handle(const Request& request) override;

  // Reads estate["cloudwatch"].
  void Load(const nlohmann::json& estate) override;
  nlohmann::json Dump() const override;
  void Generate(const std::map<std::string, int>& counts, nlohmann::json& estate) const override;
  void CollectTagged(std::vector<TaggedResource>& out) const override;

 private:
  TimePoint Now() const;

  Context context_;
  mutable std::mutex mu_;
  AlarmStore store_;
};

std::unique_ptr<ServiceHandler> MakeCloudWatchHandler(const Context& context);

}  // namespace sandbox
