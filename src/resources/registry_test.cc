#include "resources/registry.h"

#include <gtest/gtest.h>

#include <set>

#include "core/file_system.h"
#include "tests/testing/testing.h"

namespace arm {
namespace {

TEST(RegistryTest, EveryRowIsCompleteAndUnique) {
  std::set<std::string_view> ids, selectors, keys;
  for (const auto& entry : Registry()) {
    const TypeInfo& i = *entry.info;
    EXPECT_FALSE(i.id.empty());
    EXPECT_FALSE(i.selector.empty()) << i.id;
    EXPECT_FALSE(i.selection_key().empty()) << i.id << ": no key names its resources";
    EXPECT_FALSE(i.arn.service.empty()) << i.id;
    EXPECT_NE(entry.make, nullptr) << i.id;
    EXPECT_TRUE(ids.insert(i.id).second) << i.id;
    EXPECT_TRUE(selectors.insert(i.selector).second) << i.selector;
  }
  for (const auto& k : TypeConfigKeys()) EXPECT_TRUE(keys.insert(k.name).second) << k.name;
}

TEST(RegistryTest, StopOrderIsTheRegistryOrder) {
  int last = -1;
  for (const auto& entry : Registry()) {
    EXPECT_GE(entry.info->stop_stage, last) << entry.info->id;
    last = entry.info->stop_stage;
  }
}

// What the tag query returns, read back to (type, name) by each row.
TEST(RegistryTest, EachTypeReadsItsOwnArnsOnly) {
  struct Case {
    const char* arn;
    const char* id;
    const char* name;
  };
  const Case cases[] = {
      {"arn:aws:sagemaker:us-east-1:1:endpoint/ep-a", "sagemaker-endpoint", "ep-a"},
      {"arn:aws:kinesis:us-east-1:1:stream/s", "kinesis-stream", "s"},
      {"arn:aws:lambda:us-east-1:1:function:f:PROD", "lambda-function", "f"},
      {"arn:aws:cloudwatch:us-east-1:1:alarm:a:b/c", "cloudwatch-alarm", "a:b/c"},
      {"arn:aws:dynamodb:us-east-1:1:table/t/index/i", "dynamodb-table", "t"},
      {"arn:aws:autoscaling:us-east-1:1:autoScalingGroup:0d1e:autoScalingGroupName/g",
       "autoscaling-group", "g"},
      {"arn:aws:autoscaling:us-east-1:1:autoScalingGroup:0d1e", "", ""},
      {"arn:aws:eks:us-east-1:1:nodegroup/c/ng/4ac9-77", "eks-nodegroup", "c/ng"},
      {"arn:aws:eks:us-east-1:1:nodegroup/c", "", ""},
      {"arn:aws:eks:us-east-1:1:cluster/c", "", ""},
      {"arn:aws:sagemaker:us-east-1:1:endpoint-config/ep-a", "", ""},
      {"arn:aws:kinesis:us-east-1:1:stream/", "", ""},
      {"not an arn", "", ""},
  };
  for (const auto& c : cases) {
    std::string id, name;
    for (const auto& entry : Registry()) {
      std::string n = entry.info->NameFromArn(c.arn);
      if (n.empty()) continue;
      EXPECT_TRUE(id.empty()) << c.arn << " read by " << id << " and " << entry.info->id;
      id = std::string(entry.info->id);
      name = n;
    }
    EXPECT_EQ(id, c.id) << c.arn;
    EXPECT_EQ(name, c.name) << c.arn;
  }
}

TEST(RegistryTest, TheManPageNamesEverySelectorAndKey) {
  RealFileSystem fs;
  auto man = fs.ReadFile(testing::SourceDir() + "/docs/aws-resource-manager.1");
  ASSERT_TRUE(man.ok());
  for (const auto& s : ResourceSelectors())
    EXPECT_NE(man->find("\\fB" + s + "\\fR"), std::string::npos) << s;
  for (const auto& k : TypeConfigKeys()) EXPECT_NE(man->find(k.name), std::string::npos) << k.name;
}

// ECS services and EKS node groups are named CLUSTER/NAME: the prefix rule
// reads their own name, so another project's service in a cluster whose
// name starts with the prefix is not selected, and ours in any cluster is.
TEST(RegistryTest, ThePrefixReadsTheOwnNameOfClusteredTypes) {
  for (const auto& entry : Registry()) {
    const TypeInfo& i = *entry.info;
    const bool clustered = i.id == "ecs-service" || i.id == "eks-nodegroup";
    EXPECT_EQ(i.prefix_on_own_name, clustered) << i.id;
  }
  TypeSelection sel;
  sel.name_prefix = "user-journey-analytics-";
  sel.prefix_on_own_name = true;
  EXPECT_FALSE(sel.Selects("user-journey-analytics-shared/billing-service-api"));
  EXPECT_TRUE(sel.Selects("shared/user-journey-analytics-api"));
  EXPECT_TRUE(sel.Selects("user-journey-analytics-api"));
  sel.prefix_on_own_name = false;
  EXPECT_TRUE(sel.Selects("user-journey-analytics-shared/billing-service-api"));
  EXPECT_EQ(OwnName("a/b/c"), "c");
  EXPECT_EQ(OwnName("abc"), "abc");
}

}  // namespace
}  // namespace arm
