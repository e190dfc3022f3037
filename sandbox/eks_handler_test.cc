#include "sandbox/eks_handler.h"

#include <gtest/gtest.h>

#include "sandbox/json_handler_testing.h"
#include "tests/testing/fake_clock.h"

namespace sandbox {
namespace {

using nlohmann::json;

constexpr char kEksHandlerNodes[] =
    "/clusters/user-journey-analytics/node-groups/user-journey-analytics-nodes";

class EksHandlerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ctx_.clock = &clock_;
    handler_ = MakeEksHandler(ctx_);
    handler_->Load(testing::DemoEstate());  // eks.update_seconds 2
  }
  Response Call(const std::string& method, const std::string& path, const std::string& query = "",
                const std::string& body = "") {
    Request r;
    r.method = method;
    r.path = path;
    r.query = query;
    r.body = body;
    r.service = "eks";
    r.region = "us-east-1";
    return handler_->Handle(r);
  }
  Response Scale(const json& scaling, const std::string& path = kEksHandlerNodes) {
    return Call("POST", path + "/update-config", "", json{{"scalingConfig", scaling}}.dump());
  }
  json Nodegroup() {
    Response r = Call("GET", kEksHandlerNodes);
    EXPECT_EQ(r.status, 200) << r.body;
    return testing::Body(r)["nodegroup"];
  }
  static std::string ErrorType(const Response& r) {
    const std::string* t = arm::FindHeader(r.headers, "X-Amzn-ErrorType");
    return t ? *t : "";
  }

  arm::testing::FakeClock clock_;
  Context ctx_;
  std::unique_ptr<ServiceHandler> handler_;
};

TEST_F(EksHandlerTest, AnUpdateIsUpdatingForTheConfiguredTimeThenActive) {
  Response r = Scale({{"minSize", 0}, {"desiredSize", 0}});  // maxSize left as it is
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(testing::Body(r)["update"]["status"], "InProgress");
  json g = Nodegroup();
  EXPECT_EQ(g["status"], "UPDATING");
  EXPECT_EQ(g["scalingConfig"], json({{"minSize", 0}, {"maxSize", 3}, {"desiredSize", 0}}));
  // A second update meanwhile: 409 ResourceInUseException.
  Response busy = Scale({{"minSize", 1}, {"maxSize", 3}, {"desiredSize", 2}});
  EXPECT_EQ(busy.status, 409);
  EXPECT_EQ(ErrorType(busy), "ResourceInUseException");
  clock_.Advance(std::chrono::milliseconds(1999));
  EXPECT_EQ(Nodegroup()["status"], "UPDATING");
  clock_.Advance(std::chrono::milliseconds(1));
  EXPECT_EQ(Nodegroup()["status"], "ACTIVE");
  EXPECT_EQ(Scale({{"minSize", 1}, {"maxSize", 3}, {"desiredSize", 2}}).status, 200);
}

TEST_F(EksHandlerTest, SizeRulesAreInvalidParameterException) {
  for (const json& bad :
       {json{{"minSize", 0}, {"maxSize", 0}, {"desiredSize", 0}},
        json{{"minSize", 0}, {"maxSize", 3}, {"desiredSize", 4}},
        json{{"minSize", 3}, {"maxSize", 3}, {"desiredSize", 2}}, json{{"minSize", -1}}}) {
    Response r = Scale(bad);
    EXPECT_EQ(r.status, 400) << bad.dump();
    EXPECT_EQ(ErrorType(r), "InvalidParameterException") << bad.dump();
  }
  EXPECT_EQ(Nodegroup()["status"], "ACTIVE");
  EXPECT_EQ(Nodegroup()["scalingConfig"]["desiredSize"], 2);
}

TEST_F(EksHandlerTest, MissingClusterOrNodegroupIsResourceNotFound) {
  Response c = Call("GET", "/clusters/nope/node-groups");
  EXPECT_EQ(c.status, 404);
  EXPECT_EQ(ErrorType(c), "ResourceNotFoundException");
  EXPECT_EQ(testing::Body(c)["clusterName"], "nope");
  Response g = Scale({{"desiredSize", 1}}, "/clusters/user-journey-analytics/node-groups/nope");
  EXPECT_EQ(g.status, 404);
  EXPECT_EQ(testing::ErrorMessage(g), "No node group found for name: nope.");
}

TEST_F(EksHandlerTest, ListsPageAndCheckMaxResults) {
  Response first = Call("GET", "/clusters", "maxResults=2");
  ASSERT_EQ(first.status, 200);
  json b = testing::Body(first);
  EXPECT_EQ(b["clusters"], json({"billing-service", "user-journey-analytics"}));
  Response second =
      Call("GET", "/clusters", "maxResults=2&nextToken=" + b["nextToken"].get<std::string>());
  EXPECT_EQ(testing::Body(second)["clusters"], json({"user-journey-analytics-v2"}));
  EXPECT_FALSE(testing::Body(second).contains("nextToken"));
  EXPECT_EQ(ErrorType(Call("GET", "/clusters", "maxResults=101")), "InvalidParameterException");
}

TEST_F(EksHandlerTest, NodegroupsAreTaggedUnderTheirArnWithUuid) {
  std::vector<TaggedResource> tagged;
  handler_->CollectTagged(tagged);
  int nodegroups = 0;
  for (const auto& t : tagged) {
    if (t.arn.find(":nodegroup/") == std::string::npos) continue;
    ++nodegroups;
    if (t.tags.at("Project") == "user-journey-analytics") {
      EXPECT_EQ(t.arn, Nodegroup()["nodegroupArn"]);
    }
  }
  EXPECT_EQ(nodegroups, 3);
  Request r;
  r.method = "POST";
  r.path = std::string(kEksHandlerNodes) + "/update-config";
  r.region = "us-east-1";
  EXPECT_EQ(handler_->IamAction(r), "eks:UpdateNodegroupConfig");
  EXPECT_EQ(handler_->IamResources(r), std::vector<std::string>{Nodegroup()["nodegroupArn"]});
}

}  // namespace
}  // namespace sandbox
