#include "config/region.h"

#include <cctype>

namespace arm {

bool IsValidRegionName(const std::string& region) {
  if (region.empty() || region.size() > 63) return false;
  if (region.front() == '-' || region.back() == '-') return false;
  for (char c : region) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
  }
  return true;
}

Result<std::string> ResolveRegion(const std::string& region_flag, const Environment& env,
                                  const Profile& profile, const std::string& project_region) {
  struct Source {
    std::string value;
    std::string what;
  };
  const Source sources[] = {
      {region_flag, "--region"},
      {env.GetOr("AWS_REGION", ""), "AWS_REGION"},
      {env.GetOr("AWS_DEFAULT_REGION", ""), "AWS_DEFAULT_REGION"},
      {profile.Get("region").value_or(""),
       "region in profile " + profile.name + " (" + profile.config_display + ")"},
      {project_region, "region in the project config file"},
  };
  for (const Source& s : sources) {
    if (s.value.empty()) continue;
    if (!IsValidRegionName(s.value)) {
      return Status::InvalidArgument("invalid AWS region '" + s.value + "' from " + s.what);
    }
    return s.value;
  }
  return Status::InvalidArgument(
      "no AWS region: pass --region, set AWS_REGION, or add region to profile " + profile.name +
      " in " + profile.config_display);
}

}  // namespace arm
