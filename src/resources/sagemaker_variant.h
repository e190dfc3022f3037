#pragma once
// How a SageMaker production variant's capacity reads to a user, the same in
// status, the plan and the audit trail: "ml.m5.large x 1" or "serverless
// 2048 MB, max concurrency 5".
#include <nlohmann/json.hpp>
#include <string>

namespace arm {

// `variant` as a snapshot records it: instance_type, instance_count,
// serverless, serverless_memory_mb, serverless_max_concurrency (0 or absent:
// unknown).
inline std::string VariantCapacityText(const nlohmann::json& variant) {
  if (variant.value("serverless", false)) {
    std::string out = "serverless";
    int memory = variant.value("serverless_memory_mb", 0);
    int concurrency = variant.value("serverless_max_concurrency", 0);
    if (memory > 0) out += " " + std::to_string(memory) + " MB";
    if (concurrency > 0)
      out += std::string(memory > 0 ? "," : "") + " max concurrency " + std::to_string(concurrency);
    return out;
  }
  std::string type = variant.value("instance_type", "");
  return (type.empty() ? "unknown instance type" : type) + " x " +
         std::to_string(variant.value("instance_count", 0));
}

// The same for a variant as AWS describes it (ProductionVariants of
// DescribeEndpointConfig: InstanceType, InitialInstanceCount,
// ServerlessConfig.MemorySizeInMB/MaxConcurrency).
inline std::string AwsVariantCapacityText(const nlohmann::json& v) {
  nlohmann::json ours = {{"serverless", v.contains("ServerlessConfig")},
                         {"instance_type", v.value("InstanceType", "")},
                         {"instance_count", v.value("InitialInstanceCount", 0)}};
  if (v.contains("ServerlessConfig") && v["ServerlessConfig"].is_object()) {
    ours["serverless_memory_mb"] = v["ServerlessConfig"].value("MemorySizeInMB", 0);
    ours["serverless_max_concurrency"] = v["ServerlessConfig"].value("MaxConcurrency", 0);
  }
  return VariantCapacityText(ours);
}

}  // namespace arm
