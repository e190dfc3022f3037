// Selection by tag (TAG_KEY/TAG_VALUE through the Resource Groups Tagging
// API) end to end: with a name prefix that matches nothing and no name lists,
// exactly the resources tagged Project=user-journey-analytics are managed.
#include <gtest/gtest.h>

#include <fstream>

#include "tests/e2e/manager_fixture.h"

namespace arm::testing {
namespace {

class TagSelectionTest : public ManagerFixture {
 protected:
  void SetUp() override {
    ManagerFixture::SetUp();
    std::string conf = dir_ + "/tags.conf";
    std::ofstream(conf) << "PROJECT_NAME=\"user-journey-analytics\"\nENVIRONMENT=\"demo\"\n"
                           "AWS_REGION=\"us-east-1\"\nNAME_PREFIX=\"matches-nothing-\"\n"
                           "TAG_KEY=\"Project\"\nTAG_VALUE=\"user-journey-analytics\"\n";
    set_config(conf);
  }
};

TEST_F(TagSelectionTest, ManagesExactlyTheTaggedResources) {
  auto plan = Manager({"stop", "--dry-run"});
  ASSERT_EQ(plan.exit_code, 0) << plan.out << plan.err;
  // Tagged Project=user-journey-analytics, none named with the prefix.
  EXPECT_NE(plan.out.find("DeleteEndpoint user-journey-analytics-exit-risk-endpoint"),
            std::string::npos)
      << plan.out;
  EXPECT_NE(plan.out.find("PutFunctionConcurrency intervention-executor 5 -> 0"), std::string::npos)
      << plan.out;
  // The other project's resources carry Project=billing-service.
  EXPECT_EQ(plan.out.find("billing-service"), std::string::npos) << plan.out;
  EXPECT_TRUE(MutatingCalls().empty());

  nlohmann::json before = Estate();
  auto stop = Manager({"stop", "--force"});
  ASSERT_EQ(stop.exit_code, 0) << stop.out << stop.err;
  EXPECT_NE(Estate(), before);
  auto start = Manager({"start", "--force"});
  ASSERT_EQ(start.exit_code, 0) << start.out << start.err;
  nlohmann::json after = Estate();
  EXPECT_TRUE(after == before) << nlohmann::json::diff(before, after).dump();
}

TEST_F(TagSelectionTest, TagValueWithoutKeyIsRefusedBeforeAnyCall) {
  std::string conf = dir_ + "/bad.conf";
  std::ofstream(conf) << "PROJECT_NAME=\"user-journey-analytics\"\nTAG_VALUE=\"x\"\n";
  set_config(conf);
  auto r = Manager({"status"});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("TAG_KEY"), std::string::npos) << r.err;
  EXPECT_EQ(State().at("calls").value("total", -1), 0);
}

}  // namespace
}  // namespace arm::testing
