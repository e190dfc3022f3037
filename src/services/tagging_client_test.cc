#include "services/tagging_client.h"

#include <gtest/gtest.h>

#include "tests/testing/service_test_env.h"

namespace arm {
namespace {

using nlohmann::json;

class TaggingClientTest : public ::testing::Test {
 protected:
  testing::ServiceTestEnv env_;
  TaggingClient tagging_{env_.client()};
};

TEST_F(TaggingClientTest, GetResourcesSendsFiltersAndFollowsPaginationToken) {
  env_.EnqueueJson(
      {{"ResourceTagMappingList",
        {{{"ResourceARN", "arn:a"},
          {"Tags", {{{"Key", "env"}, {"Value", "dev"}}, {{"Key", "team"}, {"Value", "ml"}}}}}}},
       {"PaginationToken", "p2"}});
  env_.EnqueueJson(
      {{"ResourceTagMappingList", {{{"ResourceARN", "arn:b"}, {"Tags", json::array()}}}},
       {"PaginationToken", ""}});

  auto r = tagging_.GetResources({{"env", {"dev", "test"}}, {"owner", {}}},
                                 {"sagemaker:endpoint", "kinesis:stream"});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].arn, "arn:a");
  EXPECT_EQ((*r)[0].tags, (std::map<std::string, std::string>{{"env", "dev"}, {"team", "ml"}}));
  EXPECT_EQ((*r)[1].arn, "arn:b");
  EXPECT_TRUE((*r)[1].tags.empty());

  ASSERT_EQ(env_.requests().size(), 2u);
  EXPECT_EQ(env_.Header(0, "X-Amz-Target"), "ResourceGroupsTaggingAPI_20170126.GetResources");
  EXPECT_EQ(env_.Header(0, "Content-Type"), "application/x-amz-json-1.1");
  json expected = {
      {"ResourcesPerPage", 100},
      {"TagFilters", {{{"Key", "env"}, {"Values", {"dev", "test"}}}, {{"Key", "owner"}}}},
      {"ResourceTypeFilters", {"sagemaker:endpoint", "kinesis:stream"}}};
  EXPECT_EQ(env_.JsonBody(0), expected);
  expected["PaginationToken"] = "p2";
  EXPECT_EQ(env_.JsonBody(1), expected);
}

TEST_F(TaggingClientTest, NoFiltersSendsNoFilterMembers) {
  env_.EnqueueJson({{"ResourceTagMappingList", json::array()}});
  auto r = tagging_.GetResources({}, {});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->empty());
  EXPECT_EQ(env_.JsonBody(0), (json{{"ResourcesPerPage", 100}}));
}

}  // namespace
}  // namespace arm
