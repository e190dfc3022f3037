#include "services/ec2_autoscaling_client.h"

#include <algorithm>

#include "aws/protocols/query_xml.h"

namespace arm {
namespace {

constexpr std::string_view kVersion = "2011-01-01";

AutoScalingGroup ParseGroup(pugi::xml_node m) {
  AutoScalingGroup g;
  g.name = m.child_value("AutoScalingGroupName");
  g.arn = m.child_value("AutoScalingGroupARN");
  g.status = m.child_value("Status");
  g.min_size = m.child("MinSize").text().as_int();
  g.max_size = m.child("MaxSize").text().as_int();
  g.desired_capacity = m.child("DesiredCapacity").text().as_int();
  g.new_instances_protected = m.child("NewInstancesProtectedFromScaleIn").text().as_bool();
  for (pugi::xml_node i : m.child("Instances").children("member")) {
    g.instances.push_back({i.child_value("InstanceId"), i.child_value("InstanceType"),
                           i.child_value("LifecycleState"), i.child_value("HealthStatus"),
                           i.child("ProtectedFromScaleIn").text().as_bool()});
  }
  for (pugi::xml_node p : m.child("SuspendedProcesses").children("member"))
    g.suspended_processes.emplace_back(p.child_value("ProcessName"));
  g.has_warm_pool = !m.child("WarmPoolConfiguration").empty();
  g.warm_pool_size = m.child("WarmPoolSize").text().as_int();
  for (pugi::xml_node t : m.child("Tags").children("member"))
    g.tags.emplace_back(t.child_value("Key"), t.child_value("Value"));
  return g;
}

}  // namespace

Result<std::vector<AutoScalingGroup>> Ec2AutoScalingClient::DescribeAutoScalingGroups(
    const std::vector<std::string>& names) {
  std::vector<AutoScalingGroup> out;
  size_t i = 0;
  do {
    size_t end = std::min(names.size(), i + kMaxNamesPerDescribe);
    std::string token;
    do {
      query_xml::Params params;
      for (size_t k = i; k < end; ++k)
        params.emplace_back("AutoScalingGroupNames.member." + std::to_string(k - i + 1), names[k]);
      params.emplace_back("MaxRecords", "100");
      if (!token.empty()) params.emplace_back("NextToken", token);
      auto page = query_xml::Call(client_, services::kEc2AutoScaling, "DescribeAutoScalingGroups",
                                  kVersion, params);
      if (!page.ok()) return page.status();
      for (pugi::xml_node m : page->result.child("AutoScalingGroups").children("member"))
        out.push_back(ParseGroup(m));
      token = page->result.child_value("NextToken");
    } while (!token.empty());
    i = end;
  } while (i < names.size());
  return out;
}

Status Ec2AutoScalingClient::UpdateCapacity(const std::string& group, int min_size, int max_size,
                                            int desired, CallStats* stats) {
  query_xml::Params params = {{"AutoScalingGroupName", group}};
  if (min_size >= 0) params.emplace_back("MinSize", std::to_string(min_size));
  if (max_size >= 0) params.emplace_back("MaxSize", std::to_string(max_size));
  if (desired >= 0) params.emplace_back("DesiredCapacity", std::to_string(desired));
  return query_xml::Call(client_, services::kEc2AutoScaling, "UpdateAutoScalingGroup", kVersion,
                         params, stats)
      .status();
}

Status Ec2AutoScalingClient::SuspendProcesses(const std::string& group,
                                              const std::vector<std::string>& processes,
                                              CallStats* stats) {
  return Processes("SuspendProcesses", group, processes, stats);
}

Status Ec2AutoScalingClient::ResumeProcesses(const std::string& group,
                                             const std::vector<std::string>& processes,
                                             CallStats* stats) {
  return Processes("ResumeProcesses", group, processes, stats);
}

Status Ec2AutoScalingClient::Processes(std::string_view action, const std::string& group,
                                       const std::vector<std::string>& processes,
                                       CallStats* stats) {
  // AWS reads an empty list as every process: never send one.
  if (processes.empty()) return Status::Ok();
  query_xml::Params params = {{"AutoScalingGroupName", group}};
  for (size_t i = 0; i < processes.size(); ++i)
    params.emplace_back("ScalingProcesses.member." + std::to_string(i + 1), processes[i]);
  return query_xml::Call(client_, services::kEc2AutoScaling, action, kVersion, params, stats)
      .status();
}

}  // namespace arm
