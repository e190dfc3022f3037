#pragma once
// Which host serves a service in a region, with the AWS SDKs' overrides:
// --endpoint-url, AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, the profile's
// endpoint_url. Plain http:// only ever comes from an explicit override.
#include <string>
#include <string_view>

#include "core/environment.h"
#include "core/status.h"

namespace arm {

struct ServiceSpec {
  std::string_view service_id;       // AWS "serviceId": "Kinesis", "Application Auto Scaling"
  std::string_view endpoint_prefix;  // "kinesis", "api.sagemaker", "monitoring"
  std::string_view signing_name;     // "kinesis", "sagemaker", "monitoring"
  // The prefix IAM policies name its actions with, when not signing_name
  // (CloudWatch signs as "monitoring" and is "cloudwatch:" in IAM).
  std::string_view iam_name = {};
  std::string_view IamPrefix() const { return iam_name.empty() ? signing_name : iam_name; }
};

namespace services {
inline constexpr ServiceSpec kSts{"STS", "sts", "sts"};
inline constexpr ServiceSpec kSageMaker{"SageMaker", "api.sagemaker", "sagemaker"};
inline constexpr ServiceSpec kAutoScaling{"Application Auto Scaling", "application-autoscaling",
                                          "application-autoscaling"};
inline constexpr ServiceSpec kEcs{"ECS", "ecs", "ecs"};
inline constexpr ServiceSpec kEc2{"EC2", "ec2", "ec2"};
inline constexpr ServiceSpec kEc2AutoScaling{"Auto Scaling", "autoscaling", "autoscaling"};
inline constexpr ServiceSpec kRds{"RDS", "rds", "rds"};
inline constexpr ServiceSpec kEks{"EKS", "eks", "eks"};
inline constexpr ServiceSpec kKinesis{"Kinesis", "kinesis", "kinesis"};
inline constexpr ServiceSpec kLambda{"Lambda", "lambda", "lambda"};
inline constexpr ServiceSpec kCloudWatch{"CloudWatch", "monitoring", "monitoring", "cloudwatch"};
inline constexpr ServiceSpec kDynamoDb{"DynamoDB", "dynamodb", "dynamodb"};
inline constexpr ServiceSpec kS3{"S3", "s3", "s3"};
inline constexpr ServiceSpec kSns{"SNS", "sns", "sns"};
inline constexpr ServiceSpec kTagging{"Resource Groups Tagging API", "tagging", "tagging", "tag"};
}  // namespace services

struct Endpoint {
  std::string scheme;     // "https" or (override only) "http"
  std::string host;       // with ":port" when not the default
  std::string base_path;  // path prefix from an override URL, usually ""
  bool overridden = false;
};

struct EndpointConfig {
  std::string region;
  std::string endpoint_url_flag;                 // --endpoint-url
  std::string profile_endpoint_url;              // endpoint_url in the profile
  bool ignore_configured_endpoint_urls = false;  // AWS_IGNORE_CONFIGURED_ENDPOINT_URLS
};

class EndpointResolver {
 public:
  EndpointResolver(EndpointConfig config, const Environment& env)
      : config_(std::move(config)), env_(env) {}
  Result<Endpoint> Resolve(const ServiceSpec& service) const;
  const std::string& region() const { return config_.region; }

 private:
  EndpointConfig config_;
  const Environment& env_;
};

// "Application Auto Scaling" -> "APPLICATION_AUTO_SCALING".
std::string EndpointEnvSuffix(std::string_view service_id);

}  // namespace arm
