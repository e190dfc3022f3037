// SageMaker notebook instances end to end: the real binary against
// aws-sandbox with the demo estate. stop stops the explorer notebook and
// waits until it is Stopped; the research notebook, already Stopped, is left
// so, and start starts only the explorer: the notebooks are exactly as
// before. The other project's notebooks (billing-service-*, and the prefix
// neighbour user-journey-analytics-v2-*) are never called.
#include <gtest/gtest.h>

#include <fstream>

#include "tests/e2e/manager_fixture.h"

namespace arm::testing {
namespace {

using nlohmann::json;

constexpr char kE2eExplorer[] = "user-journey-analytics-explorer";
constexpr char kE2eResearch[] = "user-journey-analytics-research";

class SageMakerNotebookE2eTest : public ManagerFixture {
 protected:
  json Notebooks() { return Estate().at("sagemaker").at("notebook_instances"); }
  std::string NotebookStatus(const std::string& name) {
    for (const auto& n : Notebooks())
      if (n.value("name", "") == name) return n.value("status", "");
    ADD_FAILURE() << "no notebook " << name;
    return "";
  }
  // Mutating calls whose request names `what`.
  int NotebookCallsNaming(const std::string& what) {
    int n = 0;
    const json state = State();
    for (const auto& e : state.at("calls").value("mutating_log", json::array()))
      n += e.value("request", "").find(what) != std::string::npos;
    return n;
  }
};

TEST_F(SageMakerNotebookE2eTest, StopThenStartRestoresTheNotebooksExactly) {
  const json before = Notebooks();

  auto stop = Manager({"stop", "--force"});
  ASSERT_EQ(stop.exit_code, 0) << stop.out << stop.err;
  EXPECT_EQ(NotebookStatus(kE2eExplorer), "Stopped");
  EXPECT_EQ(NotebookStatus(kE2eResearch), "Stopped");
  EXPECT_EQ(NotebookStatus("billing-service-analysis"), "InService");
  EXPECT_EQ(NotebookStatus("user-journey-analytics-v2-explorer"), "InService");

  auto start = Manager({"start", "--force"});
  ASSERT_EQ(start.exit_code, 0) << start.out << start.err;
  EXPECT_EQ(NotebookStatus(kE2eResearch), "Stopped");
  const json after = Notebooks();
  EXPECT_TRUE(after == before) << json::diff(before, after).dump() << "\nstart:\n" << start.out;
  // One StopNotebookInstance and one StartNotebookInstance on the explorer;
  // none on the research notebook or the other projects'.
  EXPECT_EQ(NotebookCallsNaming("\"" + std::string(kE2eExplorer) + "\""), 2);
  EXPECT_EQ(NotebookCallsNaming(kE2eResearch), 0);
  EXPECT_EQ(NotebookCallsNaming("billing-service-analysis"), 0);
  EXPECT_EQ(NotebookCallsNaming("user-journey-analytics-v2-explorer"), 0);
  auto calls = MutatingCalls();
  EXPECT_EQ(calls["sagemaker:StopNotebookInstance"], 1);
  EXPECT_EQ(calls["sagemaker:StartNotebookInstance"], 1);
}

TEST_F(SageMakerNotebookE2eTest, StatusAndDryRunSayWhatAStoppedNotebookStillBills) {
  auto status = Manager({"status", "--only", "notebook"});
  ASSERT_EQ(status.exit_code, 0) << status.out << status.err;
  EXPECT_NE(status.out.find("ml.t3.medium InService, 20 GB ML storage"), std::string::npos)
      << status.out;
  EXPECT_NE(status.out.find("ml.t3.large Stopped, 50 GB ML storage"), std::string::npos)
      << status.out;
  auto plan = Manager({"stop", "--dry-run", "--only", "notebook"});
  ASSERT_EQ(plan.exit_code, 0) << plan.out << plan.err;
  EXPECT_NE(plan.out.find("StopNotebookInstance user-journey-analytics-explorer (ml.t3.medium)"),
            std::string::npos)
      << plan.out;
  EXPECT_NE(plan.out.find("stopped, it still bills 20 GB of ML storage"), std::string::npos)
      << plan.out;
  EXPECT_NE(plan.out.find("already Stopped; start leaves it stopped"), std::string::npos)
      << plan.out;
  EXPECT_TRUE(MutatingCalls().empty());
}

// A Failed notebook of ours: stop reports it with AWS's reason and touches
// nothing.
class SageMakerNotebookFailedE2eTest : public SageMakerNotebookE2eTest {
 protected:
  sandbox::ServerOptions Options() override {
    sandbox::ServerOptions o = DefaultOptions();
    o.estate["sagemaker"]["notebook_instances"].push_back(
        {{"NotebookInstanceName", "user-journey-analytics-broken"},
         {"NotebookInstanceStatus", "Failed"},
         {"FailureReason", "Insufficient capacity for ml.t3.medium"}});
    return o;
  }
};

TEST_F(SageMakerNotebookFailedE2eTest, AFailedNotebookIsReportedWithAwsReason) {
  std::string conf = dir_ + "/failed.conf";
  std::ofstream(conf) << "PROJECT_NAME=\"user-journey-analytics\"\nENVIRONMENT=\"demo\"\n"
                         "AWS_REGION=\"us-east-1\"\nNAME_PREFIX=\"\"\n"
                         "SAGEMAKER_NOTEBOOKS=\"user-journey-analytics-broken\"\n";
  set_config(conf);
  auto stop = Manager({"stop", "--force"});
  EXPECT_EQ(stop.exit_code, 1) << stop.out << stop.err;
  EXPECT_NE((stop.out + stop.err).find("Insufficient capacity for ml.t3.medium"), std::string::npos)
      << stop.out << stop.err;
  EXPECT_TRUE(MutatingCalls().empty());
}

}  // namespace
}  // namespace arm::testing
