#include "schedule/exemption.h"

#include <gtest/gtest.h>

#include "tests/testing/fake_resource_type.h"

namespace arm {
namespace {

TEST(ExemptionTest, ExemptResourcesLeaveTheStopPlanWithANote) {
  testing::FakeWorld world;
  testing::FakeResourceType fake(world, "fake", "fake", 1);
  Plan plan;
  plan.command = "stop";
  PlanStage stage{"fake", 1, {}};
  stage.actions.push_back(ResourceAction("fake", "keep-me", "fake:Set", "Set keep-me 0", {}));
  stage.actions.push_back(ResourceAction("fake", "park-me", "fake:Set", "Set park-me 0", {}));
  plan.stages.push_back(stage);
  plan.records.push_back({"fake", "keep-me", nlohmann::json(1), {}});
  plan.records.push_back({"fake", "park-me", nlohmann::json(1), {}});
  plan.selected.push_back({"fake", "keep-me", {}});
  ExemptFromPlan({{"fake", "keep-me"}, {"other", "park-me"}}, {&fake}, plan);
  ASSERT_EQ(plan.stages.size(), 1u);
  ASSERT_EQ(plan.stages[0].actions.size(), 1u);
  EXPECT_EQ(plan.stages[0].actions[0].names, std::vector<std::string>{"park-me"});
  ASSERT_EQ(plan.records.size(), 1u);
  EXPECT_EQ(plan.records[0].name, "park-me");
  EXPECT_TRUE(plan.selected.empty());
  ASSERT_EQ(plan.notes.size(), 1u);
  EXPECT_EQ(plan.notes[0].severity, Severity::kInfo);
  EXPECT_NE(plan.notes[0].message.find("aws-resource-manager:schedule=never"), std::string::npos);
}

TEST(ExemptionTest, NothingExemptChangesNothing) {
  testing::FakeWorld world;
  testing::FakeResourceType fake(world, "fake", "fake", 1);
  Plan plan;
  PlanStage stage{"fake", 1, {}};
  stage.actions.push_back(ResourceAction("fake", "a", "fake:Set", "Set a 0", {}));
  plan.stages.push_back(stage);
  ExemptFromPlan({}, {&fake}, plan);
  EXPECT_EQ(plan.ActionCount(), 1u);
  EXPECT_TRUE(plan.notes.empty());
}

}  // namespace
}  // namespace arm
