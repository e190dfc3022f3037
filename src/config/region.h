#pragma once
// Region resolution in the AWS CLI's order, then the project's own config.
#include <string>

#include "config/aws_shared_config.h"
#include "core/environment.h"
#include "core/status.h"

namespace arm {

// --region > AWS_REGION > AWS_DEFAULT_REGION > the profile's `region` >
// `project_region` (the project config file). None, or a value that is not
// a region name, is InvalidArgument with a message saying how to set one.
Result<std::string> ResolveRegion(const std::string& region_flag, const Environment& env,
                                  const Profile& profile, const std::string& project_region);

// Letters, digits and inner hyphens, at most 63 characters ("us-east-1").
bool IsValidRegionName(const std::string& region);

}  // namespace arm
