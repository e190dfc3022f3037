#include <gtest/gtest.h>

#include "core/environment.h"
#include "cost/cost_model.h"
#include "cost/price_table.h"
#include "resources/registry.h"
#include "resources/types.h"
#include "services/sagemaker_client.h"
#include "tests/testing/mem_file_system.h"
#include "tests/testing/service_test_env.h"

namespace arm {
namespace {

using nlohmann::json;

Snapshot Notebook(const std::string& status, const std::string& reason = "") {
  Snapshot s;
  s.type = "sagemaker-notebook";
  s.name = "nb";
  s.transitioning = status != "InService" && status != "Stopped" && status != "Failed";
  s.config = {{"status", status}, {"instance_type", "ml.t3.medium"}};
  s.details = {{"arn", "arn:aws:sagemaker:us-east-1:000000000000:notebook-instance/nb"},
               {"volume_gb", 20},
               {"failure_reason", reason}};
  return s;
}

const json kNotebookInService = {{"status", "InService"}, {"instance_type", "ml.t3.medium"}};

std::vector<std::string> NotebookApis(const PlanOutput& out) {
  std::vector<std::string> apis;
  for (const auto& a : out.actions) apis.push_back(a.api);
  return apis;
}

json NotebookDescription(const std::string& status, const std::string& reason = "") {
  json d = {
      {"NotebookInstanceName", "nb"},
      {"NotebookInstanceArn", "arn:aws:sagemaker:us-east-1:000000000000:notebook-instance/nb"},
      {"NotebookInstanceStatus", status},
      {"InstanceType", "ml.t3.medium"},
      {"VolumeSizeInGB", 20}};
  if (!reason.empty()) d["FailureReason"] = reason;
  return d;
}

class SageMakerNotebookTest : public ::testing::Test {
 protected:
  void TearDown() override {
    if (pure_) {
      EXPECT_TRUE(env_.requests().empty());
    }
  }
  PlanOutput Stop(const Snapshot& s, const std::string& saved = "",
                  const json& original = nullptr) const {
    return type_->PlanStop({{&s, original.is_null() ? s.config : original, saved}});
  }
  PlanOutput Start(const Snapshot& s, const json& original = kNotebookInService) const {
    return type_->PlanStart({{&s, original, "stopped"}});
  }

  bool pure_ = true;
  testing::ServiceTestEnv env_;
  SageMakerClient sm_{env_.client()};
  std::unique_ptr<ResourceType> type_ = MakeSageMakerNotebookType(sm_, env_.clock());
};

TEST_F(SageMakerNotebookTest, StopStopsAnInServiceNotebookAndSaysTheStorageStillBills) {
  PlanOutput out = Stop(Notebook("InService"));
  ASSERT_EQ(NotebookApis(out), (std::vector<std::string>{"sagemaker:StopNotebookInstance",
                                                         "sagemaker:DescribeNotebookInstance"}));
  EXPECT_EQ(out.actions[0].summary, "StopNotebookInstance nb (ml.t3.medium)");
  EXPECT_TRUE(out.actions[0].mutating);
  EXPECT_FALSE(out.actions[1].mutating);
  EXPECT_EQ(out.actions[1].params.at("status"), "Stopped");
  ASSERT_EQ(out.notes.size(), 1u);
  EXPECT_EQ(out.notes[0].message, "stopped, it still bills 20 GB of ML storage");
}

TEST_F(SageMakerNotebookTest, AStoppedNotebookIsLeftAndStartLeavesItStopped) {
  PlanOutput out = Stop(Notebook("Stopped"));
  EXPECT_TRUE(out.actions.empty());
  ASSERT_EQ(out.notes.size(), 1u);
  EXPECT_EQ(out.notes[0].severity, Severity::kInfo);
  EXPECT_EQ(out.notes[0].message, "already Stopped; start leaves it stopped");
  json stopped = {{"status", "Stopped"}, {"instance_type", "ml.t3.medium"}};
  PlanOutput start = Start(Notebook("Stopped"), stopped);
  EXPECT_TRUE(start.actions.empty());
  EXPECT_EQ(start.notes.at(0).message, "was Stopped when recorded; left as it is");
}

TEST_F(SageMakerNotebookTest, NotebooksAwsIsChangingAreReportedOrWaitedFor) {
  for (const char* status : {"Pending", "Updating", "Stopping", "Deleting"}) {
    PlanOutput out = Stop(Notebook(status));
    EXPECT_TRUE(out.actions.empty()) << status;
    ASSERT_EQ(out.notes.size(), 1u) << status;
    EXPECT_EQ(out.notes[0].severity, Severity::kError);
    EXPECT_EQ(out.notes[0].message, std::string("notebook instance is ") + status +
                                        "; run stop again once it is InService");
  }
  // Ours half-way: a stop that was cut short waits for Stopped; a start cut
  // short waits for InService, then stops.
  EXPECT_EQ(NotebookApis(Stop(Notebook("Stopping"), "stopping", kNotebookInService)),
            (std::vector<std::string>{"sagemaker:DescribeNotebookInstance"}));
  PlanOutput pending = Stop(Notebook("Pending"), "starting", kNotebookInService);
  ASSERT_EQ(pending.actions.size(), 3u);
  EXPECT_EQ(pending.actions[0].params.at("status"), "InService");
  EXPECT_EQ(pending.actions[1].api, "sagemaker:StopNotebookInstance");
}

TEST_F(SageMakerNotebookTest, AFailedNotebookIsReportedWithAwsReason) {
  PlanOutput out = Stop(Notebook("Failed", "Insufficient capacity"));
  EXPECT_TRUE(out.actions.empty());
  ASSERT_EQ(out.notes.size(), 1u);
  EXPECT_EQ(out.notes[0].severity, Severity::kError);
  EXPECT_EQ(out.notes[0].message,
            "notebook instance is Failed: Insufficient capacity; AWS stops only those InService; "
            "left as it is");
  EXPECT_EQ(type_->Classify(Notebook("Failed"), nullptr), Condition::kDrifted);
}

TEST_F(SageMakerNotebookTest, StartStartsOnlyWhatWasRecordedInService) {
  EXPECT_EQ(NotebookApis(Start(Notebook("Stopped"))),
            (std::vector<std::string>{"sagemaker:StartNotebookInstance",
                                      "sagemaker:DescribeNotebookInstance"}));
  EXPECT_TRUE(Start(Notebook("InService")).actions.empty());
  EXPECT_EQ(NotebookApis(Start(Notebook("Stopping"))),
            (std::vector<std::string>{"sagemaker:DescribeNotebookInstance",
                                      "sagemaker:StartNotebookInstance",
                                      "sagemaker:DescribeNotebookInstance"}));
  EXPECT_EQ(NotebookApis(Start(Notebook("Pending"))),
            (std::vector<std::string>{"sagemaker:DescribeNotebookInstance"}));
  PlanOutput failed = Start(Notebook("Failed", "disk full"));
  ASSERT_EQ(failed.actions.size(), 2u);
  EXPECT_EQ(failed.actions[0].summary,
            "StartNotebookInstance nb (ml.t3.medium), Failed: disk full");
  PlanOutput updating = Start(Notebook("Updating"));
  EXPECT_TRUE(updating.actions.empty());
  EXPECT_EQ(updating.notes.at(0).severity, Severity::kError);
  Snapshot gone = Notebook("Stopped");
  gone.exists = false;
  EXPECT_EQ(Start(gone).notes.at(0).severity, Severity::kError);
}

TEST_F(SageMakerNotebookTest, VerifyAndCheckOriginalNameTheField) {
  EXPECT_EQ(type_->Verify(Notebook("InService"), kNotebookInService), "");
  EXPECT_EQ(type_->Verify(Notebook("Stopped"), kNotebookInService),
            "notebook instance is Stopped, expected InService");
  Snapshot bigger = Notebook("InService");
  bigger.config["instance_type"] = "ml.t3.large";
  EXPECT_EQ(type_->Verify(bigger, kNotebookInService),
            "instance type is ml.t3.large, recorded ml.t3.medium");
  EXPECT_EQ(type_->Classify(bigger, &kNotebookInService), Condition::kDrifted);
  EXPECT_TRUE(type_->CheckOriginal(kNotebookInService).ok());
  json bad = kNotebookInService;
  bad["status"] = "Pending";
  EXPECT_EQ(type_->CheckOriginal(bad).message().rfind("status:", 0), 0u);
  bad = kNotebookInService;
  bad.erase("instance_type");
  EXPECT_EQ(type_->CheckOriginal(bad).message().rfind("instance_type:", 0), 0u);
}

TEST_F(SageMakerNotebookTest, AStoppedNotebookStillPaysForItsStorage) {
  testing::MemFileSystem fs;
  auto prices = PriceTable::Load(fs, MapEnvironment(), TypePriceKeys());
  ASSERT_TRUE(prices.ok()) << prices.status().ToString();
  Snapshot running = Notebook("InService");
  Cost c = type_->CostOf(running, *prices, "us-east-1");
  EXPECT_TRUE(c.known);
  EXPECT_NEAR(c.hourly_usd, 0.05 + 20 * 0.14 / 720, 1e-9);
  Cost parked = type_->CostOf(type_->Parked(running), *prices, "us-east-1");
  EXPECT_NEAR(parked.hourly_usd, 20 * 0.14 / 720, 1e-9);
  Snapshot unknown = Notebook("InService");
  unknown.config["instance_type"] = "ml.x9.huge";
  EXPECT_FALSE(type_->CostOf(unknown, *prices, "us-east-1").known);
}

TEST_F(SageMakerNotebookTest, StatusTextSaysTheStorageAndTheFailure) {
  EXPECT_EQ(type_->StatusText(Notebook("InService"), kNotebookInService),
            "ml.t3.medium InService, 20 GB ML storage");
  EXPECT_EQ(type_->StatusText(Notebook("Stopped"), kNotebookInService),
            "ml.t3.medium Stopped, 20 GB ML storage; was InService");
  EXPECT_EQ(type_->StatusText(Notebook("Failed", "no capacity"), json()),
            "ml.t3.medium Failed, 20 GB ML storage (no capacity)");
}

TEST_F(SageMakerNotebookTest, DiscoverListsByPrefixAndDescribesEach) {
  pure_ = false;
  env_.EnqueueJson(
      {{"NotebookInstances",
        {{{"NotebookInstanceName", "nb"}, {"NotebookInstanceStatus", "InService"}},
         {{"NotebookInstanceName", "other"}, {"NotebookInstanceStatus", "Stopped"}}}}});
  env_.EnqueueJson(NotebookDescription("InService"));
  TypeSelection sel;
  sel.name_prefix = "nb";
  auto snaps = type_->Discover(sel);
  ASSERT_TRUE(snaps.ok()) << snaps.status().ToString();
  ASSERT_EQ(snaps->size(), 1u);
  EXPECT_EQ(snaps->at(0).config, kNotebookInService);
  EXPECT_EQ(snaps->at(0).details.at("volume_gb"), 20);
  EXPECT_EQ(env_.JsonBody(0), (json{{"MaxResults", 100}, {"NameContains", "nb"}}));
  EXPECT_EQ(env_.JsonBody(1), (json{{"NotebookInstanceName", "nb"}}));
}

TEST_F(SageMakerNotebookTest, DiscoverOfAGoneRecordedNotebookSaysItIsMissing) {
  pure_ = false;
  env_.EnqueueJsonError(400, "ValidationException", "RecordNotFound");
  TypeSelection sel;
  sel.saved_names = {"nb"};
  sel.skip_listing = true;
  auto snaps = type_->Discover(sel);
  ASSERT_TRUE(snaps.ok()) << snaps.status().ToString();
  ASSERT_EQ(snaps->size(), 1u);
  EXPECT_FALSE(snaps->at(0).exists);
}

TEST_F(SageMakerNotebookTest, ApplyStopsThenWaitsOnTheClockUntilStopped) {
  pure_ = false;
  PlanOutput out = Stop(Notebook("InService"));
  env_.EnqueueJson(json::object());
  ASSERT_TRUE(type_->Apply(out.actions[0], ApplyOptions()).ok());
  EXPECT_EQ(env_.Header(0, "X-Amz-Target"), "SageMaker.StopNotebookInstance");
  env_.EnqueueJson(NotebookDescription("Stopping"));
  env_.EnqueueJson(NotebookDescription("Stopped"));
  std::vector<std::string> progress;
  ApplyOptions options;
  options.progress = [&](const std::string& p) { progress.push_back(p); };
  Status s = type_->Apply(out.actions[1], options);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(env_.requests().size(), 3u);
  EXPECT_FALSE(env_.clock().sleeps().empty());
  ASSERT_FALSE(progress.empty());
  EXPECT_NE(progress[0].find("notebook instance nb: Stopping"), std::string::npos);
}

TEST_F(SageMakerNotebookTest, AStartThatEndsFailedFailsTheWaitWithAwsReason) {
  pure_ = false;
  env_.EnqueueJson(NotebookDescription("Failed", "Insufficient capacity"));
  Status s = type_->Apply(Start(Notebook("Stopped")).actions[1], ApplyOptions());
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("Insufficient capacity"), std::string::npos) << s.ToString();
}

TEST_F(SageMakerNotebookTest, AwsRefusalIsKeptWithItsMessage) {
  pure_ = false;
  env_.EnqueueJsonError(400, "ValidationException",
                        "Status (Pending) not in ([InService]). Unable to transition to "
                        "(Stopping) for Notebook Instance (arn:nb).");
  Status s = type_->Apply(Stop(Notebook("InService")).actions[0], ApplyOptions());
  EXPECT_TRUE(s.IsAws("ValidationException"));
  EXPECT_NE(s.message().find("Status (Pending) not in ([InService])"), std::string::npos);
  EXPECT_NE(type_->FixHint("ValidationException", "sagemaker:StopNotebookInstance"), "");
}

}  // namespace
}  // namespace arm
