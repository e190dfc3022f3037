#include "sandbox/sagemaker_notebooks.h"

#include <gtest/gtest.h>

#include "sandbox/json_handler_testing.h"
#include "sandbox/sagemaker_handler.h"
#include "tests/testing/fake_clock.h"

namespace sandbox {
namespace {

using nlohmann::json;
using testing::Body;
using testing::ErrorCode;
using testing::ErrorMessage;

constexpr char kNotebookArnPrefix[] = "arn:aws:sagemaker:us-east-1:000000000000:notebook-instance/";

json NotebookEstate() {
  json nb = json::array();
  nb.push_back({{"NotebookInstanceName", "Team-Explorer"},
                {"InstanceType", "ml.t3.medium"},
                {"VolumeSizeInGB", 20},
                {"Tags", {{{"Key", "Project"}, {"Value", "team"}}}}});
  nb.push_back({{"NotebookInstanceName", "team-research"},
                {"NotebookInstanceStatus", "Stopped"},
                {"InstanceType", "ml.t3.large"},
                {"DefaultCodeRepository", "https://github.com/example/research"}});
  nb.push_back({{"NotebookInstanceName", "team-broken"},
                {"NotebookInstanceStatus", "Stopped"},
                {"SandboxStartFailure", "Insufficient capacity"}});
  for (int i = 0; i < 3; ++i)
    nb.push_back({{"NotebookInstanceName", "other-" + std::to_string(i)}});
  return {{"sagemaker", {{"notebook_state_seconds", 30}, {"notebook_instances", nb}}}};
}

class SageMakerNotebooksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ctx_.clock = &clock_;
    handlers_ = MakeSageMakerHandlers(ctx_);
    handlers_[0]->Load(NotebookEstate());
  }
  Response Call(const std::string& op, const json& body) {
    return handlers_[0]->Handle(testing::JsonRequest("SageMaker." + op, body));
  }
  std::string NotebookStatus(const std::string& name) {
    return Body(Call("DescribeNotebookInstance", {{"NotebookInstanceName", name}}))
        .value("NotebookInstanceStatus", "");
  }
  void Advance(int seconds) { clock_.Advance(std::chrono::seconds(seconds)); }

  arm::testing::FakeClock clock_;
  Context ctx_;
  std::vector<std::unique_ptr<ServiceHandler>> handlers_;
};

TEST_F(SageMakerNotebooksTest, DescribeAnswersAwsShapeWithLowerCaseArn) {
  Response r = Call("DescribeNotebookInstance", {{"NotebookInstanceName", "Team-Explorer"}});
  ASSERT_EQ(r.status, 200) << r.body;
  json d = Body(r);
  EXPECT_EQ(d["NotebookInstanceName"], "Team-Explorer");
  EXPECT_EQ(d["NotebookInstanceArn"], std::string(kNotebookArnPrefix) + "team-explorer");
  EXPECT_EQ(d["NotebookInstanceStatus"], "InService");
  EXPECT_EQ(d["InstanceType"], "ml.t3.medium");
  EXPECT_EQ(d["VolumeSizeInGB"], 20);
  EXPECT_TRUE(d.contains("RoleArn"));
  EXPECT_FALSE(d.contains("FailureReason"));
  Response missing = Call("DescribeNotebookInstance", {{"NotebookInstanceName", "nope"}});
  EXPECT_EQ(ErrorCode(missing), "ValidationException");
  EXPECT_EQ(ErrorMessage(missing), "RecordNotFound");
  Response bad = Call("DescribeNotebookInstance", {{"NotebookInstanceName", "bad_name"}});
  EXPECT_NE(ErrorMessage(bad).find("regular expression pattern"), std::string::npos);
  EXPECT_EQ(ErrorCode(Call("DescribeNotebookInstance", json::object())), "ValidationException");
}

TEST_F(SageMakerNotebooksTest, StopAndStartFollowAwsStateMachine) {
  ASSERT_EQ(Call("StopNotebookInstance", {{"NotebookInstanceName", "team-explorer"}}).status, 200);
  EXPECT_EQ(NotebookStatus("team-explorer"), "Stopping");
  Response again = Call("StopNotebookInstance", {{"NotebookInstanceName", "team-explorer"}});
  EXPECT_EQ(ErrorCode(again), "ValidationException");
  EXPECT_EQ(ErrorMessage(again), std::string("Status (Stopping) not in ([InService]). Unable to "
                                             "transition to (Stopping) for Notebook Instance (") +
                                     kNotebookArnPrefix + "team-explorer).");
  Response early = Call("StartNotebookInstance", {{"NotebookInstanceName", "team-explorer"}});
  EXPECT_NE(ErrorMessage(early).find("Status (Stopping) not in ([Stopped, Failed]). Unable to "
                                     "transition to (Pending)"),
            std::string::npos);
  Advance(30);
  EXPECT_EQ(NotebookStatus("team-explorer"), "Stopped");
  ASSERT_EQ(Call("StartNotebookInstance", {{"NotebookInstanceName", "team-explorer"}}).status, 200);
  EXPECT_EQ(NotebookStatus("team-explorer"), "Pending");
  Advance(29);
  EXPECT_EQ(NotebookStatus("team-explorer"), "Pending");
  Advance(1);
  EXPECT_EQ(NotebookStatus("team-explorer"), "InService");
}

TEST_F(SageMakerNotebooksTest, AStartThatFailsEndsFailedWithReasonAndMayStartAgain) {
  ASSERT_EQ(Call("StartNotebookInstance", {{"NotebookInstanceName", "team-broken"}}).status, 200);
  Advance(30);
  json d = Body(Call("DescribeNotebookInstance", {{"NotebookInstanceName", "team-broken"}}));
  EXPECT_EQ(d["NotebookInstanceStatus"], "Failed");
  EXPECT_EQ(d["FailureReason"], "Insufficient capacity");
  EXPECT_EQ(ErrorCode(Call("StopNotebookInstance", {{"NotebookInstanceName", "team-broken"}})),
            "ValidationException");
  EXPECT_EQ(Call("StartNotebookInstance", {{"NotebookInstanceName", "team-broken"}}).status, 200);
}

TEST_F(SageMakerNotebooksTest, ListFiltersSortsAndPages) {
  json all = Body(Call("ListNotebookInstances", json::object()));
  ASSERT_EQ(all["NotebookInstances"].size(), 6u);
  EXPECT_EQ(all["NotebookInstances"][0]["NotebookInstanceName"], "other-0");  // by Name
  json team = Body(Call("ListNotebookInstances", {{"NameContains", "TEAM"}}));
  EXPECT_EQ(team["NotebookInstances"].size(), 3u);
  json stopped = Body(Call("ListNotebookInstances", {{"StatusEquals", "Stopped"}}));
  EXPECT_EQ(stopped["NotebookInstances"].size(), 2u);
  json repo = Body(Call("ListNotebookInstances", {{"DefaultCodeRepositoryContains", "research"}}));
  ASSERT_EQ(repo["NotebookInstances"].size(), 1u);
  EXPECT_EQ(repo["NotebookInstances"][0]["InstanceType"], "ml.t3.large");
  json page = Body(Call("ListNotebookInstances", {{"MaxResults", 4}}));
  ASSERT_EQ(page["NotebookInstances"].size(), 4u);
  ASSERT_TRUE(page.contains("NextToken"));
  json rest =
      Body(Call("ListNotebookInstances", {{"MaxResults", 4}, {"NextToken", page["NextToken"]}}));
  EXPECT_EQ(rest["NotebookInstances"].size(), 2u);
  EXPECT_FALSE(rest.contains("NextToken"));
  EXPECT_EQ(ErrorCode(Call("ListNotebookInstances", {{"MaxResults", 101}})), "ValidationException");
  EXPECT_EQ(ErrorCode(Call("ListNotebookInstances", {{"NameContains", "a_b"}})),
            "ValidationException");
  EXPECT_EQ(ErrorCode(Call("ListNotebookInstances", {{"StatusEquals", "Running"}})),
            "ValidationException");
  EXPECT_EQ(ErrorCode(Call("ListNotebookInstances", {{"NextToken", "forged"}})),
            "ValidationException");
}

TEST_F(SageMakerNotebooksTest, TagsAreServedAndSeenByTheTaggingApi) {
  std::string arn = std::string(kNotebookArnPrefix) + "team-explorer";
  json tags = Body(Call("ListTags", {{"ResourceArn", arn}}));
  EXPECT_EQ(tags["Tags"], json::parse(R"([{"Key":"Project","Value":"team"}])"));
  EXPECT_EQ(
      ErrorMessage(Call("ListTags", {{"ResourceArn", std::string(kNotebookArnPrefix) + "gone"}})),
      "RecordNotFound");
  std::vector<TaggedResource> tagged;
  handlers_[0]->CollectTagged(tagged);
  ASSERT_EQ(tagged.size(), 1u);
  EXPECT_EQ(tagged[0].arn, arn);
}

TEST_F(SageMakerNotebooksTest, IamNamesTheNotebookAndDumpKeepsNoTimes) {
  Request stop =
      testing::JsonRequest("SageMaker.StopNotebookInstance", {{"NotebookInstanceName", "Team-X"}});
  EXPECT_EQ(handlers_[0]->IamAction(stop), "sagemaker:StopNotebookInstance");
  EXPECT_EQ(handlers_[0]->IamResources(stop),
            std::vector<std::string>{std::string(kNotebookArnPrefix) + "team-x"});
  Request list = testing::JsonRequest("SageMaker.ListNotebookInstances", json::object());
  EXPECT_EQ(handlers_[0]->IamResources(list), std::vector<std::string>{"*"});
  json before = handlers_[0]->Dump()["notebook_instances"];
  Call("StopNotebookInstance", {{"NotebookInstanceName", "team-explorer"}});
  Advance(30);
  Call("StartNotebookInstance", {{"NotebookInstanceName", "team-explorer"}});
  Advance(30);
  EXPECT_EQ(handlers_[0]->Dump()["notebook_instances"], before);
}

TEST_F(SageMakerNotebooksTest, GeneratedNotebooksAreInServiceAndTagged) {
  json estate = json::object();
  handlers_[0]->Generate({{"notebooks", 3}}, estate);
  ASSERT_EQ(estate["sagemaker"]["notebook_instances"].size(), 3u);
  handlers_[0]->Load(estate);
  EXPECT_EQ(NotebookStatus("generated-00002-notebook"), "InService");
}

}  // namespace
}  // namespace sandbox
