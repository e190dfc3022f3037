#include "config/region.h"

#include <gtest/gtest.h>

namespace arm {
namespace {

Profile ProfileWithRegion(const std::string& region) {
  Profile p;
  p.name = "dev";
  p.config_display = "~/.aws/config";
  if (!region.empty()) p.values["region"] = region;
  return p;
}

TEST(RegionTest, PrecedenceFlagEnvProfileProject) {
  MapEnvironment env;
  Profile p = ProfileWithRegion("eu-west-3");
  EXPECT_EQ(*ResolveRegion("", env, ProfileWithRegion(""), "ap-east-1"), "ap-east-1");
  EXPECT_EQ(*ResolveRegion("", env, p, "ap-east-1"), "eu-west-3");
  env.Set("AWS_DEFAULT_REGION", "us-west-1");
  EXPECT_EQ(*ResolveRegion("", env, p, "ap-east-1"), "us-west-1");
  env.Set("AWS_REGION", "us-west-2");
  EXPECT_EQ(*ResolveRegion("", env, p, "ap-east-1"), "us-west-2");
  EXPECT_EQ(*ResolveRegion("eu-north-1", env, p, "ap-east-1"), "eu-north-1");
}

TEST(RegionTest, EmptyEnvironmentValueIsUnset) {
  MapEnvironment env;
  env.Set("AWS_REGION", "");
  EXPECT_EQ(*ResolveRegion("", env, ProfileWithRegion("eu-west-1"), ""), "eu-west-1");
}

TEST(RegionTest, NoRegionIsAClearError) {
  MapEnvironment env;
  auto r = ResolveRegion("", env, ProfileWithRegion(""), "");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().message(),
            "no AWS region: pass --region, set AWS_REGION, or add region to profile dev in "
            "~/.aws/config");
}

TEST(RegionTest, InvalidRegionNamesItsSource) {
  MapEnvironment env;
  env.Set("AWS_REGION", "evil.com/x");
  auto r = ResolveRegion("", env, ProfileWithRegion(""), "");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("AWS_REGION"), std::string::npos);
  EXPECT_TRUE(IsValidRegionName("us-gov-west-1"));
  EXPECT_FALSE(IsValidRegionName("-us"));
  EXPECT_FALSE(IsValidRegionName("us east"));
}

}  // namespace
}  // namespace arm
