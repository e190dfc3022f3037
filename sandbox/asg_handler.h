#pragma once
// EC2 Auto Scaling (query protocol, 2011-01-01, signing name "autoscaling"):
// DescribeAutoScalingGroups, UpdateAutoScalingGroup, SuspendProcesses,
// ResumeProcesses, DescribeScheduledActions over the estate's "autoscaling"
// section (sandbox/asg_store.h).
#include <memory>

#include "sandbox/service_handler.h"

namespace sandbox {

// Instances start and stop after `context.asg_instance_seconds` (the
// estate's "autoscaling.instance_seconds" wins).
std::unique_ptr<ServiceHandler> MakeAsgHandler(const Context& context);

}  // namespace sandbox
