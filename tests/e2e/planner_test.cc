// snapshot + plan end to end: the offline plan prints exactly what the live
// dry run prints for the same estate, and needs no credentials or network.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "state/state_file.h"
#include "tests/e2e/manager_fixture.h"
#include "tests/testing/testing.h"

namespace arm::testing {
namespace {

using nlohmann::json;

void WriteText(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

class PlannerTest : public ManagerFixture {
 protected:
  std::string TakeSnapshot(const std::string& name) {
    std::string file = dir_ + "/" + name;
    auto r = Manager({"snapshot", "--output", file});
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_EQ(r.out, "");
    return file;
  }
  // The same command line as a dry run, and as an offline plan.
  void ExpectPlanEqualsDryRun(const std::string& command, const std::string& snapshot,
                              const std::vector<std::string>& plan_extra) {
    for (const std::string format : {"text", "json"}) {
      auto dry = Manager({"--output", format, command, "--dry-run"});
      std::vector<std::string> args = {"plan",   command,    "--resources",
                                       snapshot, "--format", format};
      args.insert(args.end(), plan_extra.begin(), plan_extra.end());
      auto plan = Manager(args);
      EXPECT_EQ(plan.exit_code, dry.exit_code) << plan.err;
      EXPECT_EQ(plan.out, dry.out) << format;
      EXPECT_EQ(plan.err, dry.err);
      if (format == "json") {
        json j = json::parse(plan.out);
        EXPECT_GT(j.at("plan").at("action_count").get<int>(), 0) << plan.out;
        EXPECT_GT(j.at("savings").at("running_daily_usd").get<double>(), 0) << plan.out;
      } else {
        EXPECT_NE(plan.out.find("running"), std::string::npos) << plan.out;
        EXPECT_NE(plan.out.find("% of the running cost"), std::string::npos) << plan.out;
      }
    }
  }
};

TEST_F(PlannerTest, PlanStopFromSnapshotPrintsExactlyTheDryRun) {
  std::string snap = TakeSnapshot("snap.json");
  json doc = json::parse(Slurp(snap));
  EXPECT_EQ(doc.at("project"), "user-journey-analytics");
  EXPECT_EQ(doc.at("region"), "us-east-1");
  EXPECT_FALSE(doc.at("account_id").get<std::string>().empty());
  EXPECT_EQ(doc.at("resources").at("kinesis-stream").size(),
            1u);  // the other stream is another project's
  EXPECT_EQ(doc.at("selection").at("types").size(), 12u);
  EXPECT_EQ(std::filesystem::status(snap).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  ExpectPlanEqualsDryRun("stop", snap, {});
  auto text = Manager({"plan", "stop", "--resources", snap});
  EXPECT_NE(text.out.find("DeleteEndpoint user-journey-analytics-exit-risk-endpoint"),
            std::string::npos)
      << text.out;
  EXPECT_TRUE(MutatingCalls().empty());
}

TEST_F(PlannerTest, PlanStartAfterARealStopPrintsExactlyTheDryRun) {
  auto stop = Manager({"stop", "--force"});
  ASSERT_EQ(stop.exit_code, 0) << stop.out << stop.err;
  std::string snap = TakeSnapshot("parked.json");
  ExpectPlanEqualsDryRun("start", snap, {"--state", state_path()});
  // Stopping again has nothing to do, offline as live.
  auto again = Manager({"plan", "stop", "--resources", snap});
  EXPECT_NE(again.out.find("Nothing to stop"), std::string::npos) << again.out;
}

// A hand-edited original: `start` refuses the state file on load with one
// line (exit 2); the offline plan used to go on and crash in the planner
// (std::terminate, exit 134).
TEST_F(PlannerTest, PlanRefusesABadStateEntryAsStartDoesNeverCrashes) {
  auto stop = Manager({"stop", "--force"});
  ASSERT_EQ(stop.exit_code, 0) << stop.out << stop.err;
  std::string snap = TakeSnapshot("parked.json");
  json state = json::parse(Slurp(state_path()));
  bool edited = false;
  for (auto& r : state["resources"]) {
    if (r["type"] == "kinesis-stream") {
      r["original"]["shard_count"] = "two";
      edited = true;
    }
  }
  ASSERT_TRUE(edited) << state.dump();
  WriteText(state_path(), state.dump(2));
  const std::string before = Slurp(state_path());

  auto start = Manager({"start", "--dry-run"});
  EXPECT_EQ(start.exit_code, 2) << start.out << start.err;
  for (const std::string command : {"start", "stop"}) {
    auto plan = Manager({"plan", command, "--resources", snap, "--state", state_path()});
    EXPECT_EQ(plan.exit_code, 2) << command << ": " << plan.out << plan.err;
    EXPECT_EQ(plan.out, "") << command;
    EXPECT_EQ(plan.err.rfind("error: ", 0), 0u) << plan.err;
    EXPECT_EQ(std::count(plan.err.begin(), plan.err.end(), '\n'), 1) << plan.err;
    EXPECT_NE(plan.err.find("user-journey-analytics-user-events"), std::string::npos) << plan.err;
    EXPECT_NE(plan.err.find("shard_count"), std::string::npos) << plan.err;
  }
  EXPECT_EQ(Slurp(state_path()), before);
}

// The config was narrowed after a stop: the offline plan leaves the entry
// outside the selection alone and lists it, exactly as the dry run does,
// whether the snapshot was taken with the narrow or the wider config.
TEST_F(PlannerTest, StateNarrowedAfterStopPlansOfflineAsTheDryRun) {
  ASSERT_EQ(Manager({"stop", "--force"}).exit_code, 0);
  const auto after_stop = MutatingCalls();
  std::string wide = TakeSnapshot("wide.json");
  std::string demo = Slurp(SourceDir() + "/config/demo.conf");
  const std::string list = "LAMBDA_FUNCTIONS=\"event_processor intervention-executor\"";
  ASSERT_NE(demo.find(list), std::string::npos);
  demo.replace(demo.find(list), list.size(), "LAMBDA_FUNCTIONS=\"event_processor\"");
  std::ofstream(dir_ + "/narrow.conf") << demo;
  set_config(dir_ + "/narrow.conf");
  std::string narrow = TakeSnapshot("narrow.json");
  ExpectPlanEqualsDryRun("start", narrow, {"--state", state_path()});
  auto plan = Manager({"plan", "start", "--resources", narrow, "--state", state_path()});
  ASSERT_EQ(plan.exit_code, 0) << plan.out << plan.err;
  EXPECT_NE(plan.out.find("To restore it: LAMBDA_FUNCTIONS=intervention-executor"),
            std::string::npos)
      << plan.out;
  EXPECT_EQ(plan.out.find("PutFunctionConcurrency intervention-executor"), std::string::npos)
      << plan.out;
  auto from_wide = Manager({"plan", "start", "--resources", wide, "--state", state_path()});
  EXPECT_EQ(from_wide.exit_code, 0) << from_wide.err;
  EXPECT_EQ(from_wide.out, plan.out);
  EXPECT_EQ(MutatingCalls(), after_stop);
}

TEST_F(PlannerTest, PlanNeedsNoCredentialsNoNetworkAndNoAwsEnvironment) {
  std::string snap = TakeSnapshot("snap.json");
  auto dry = Manager({"stop", "--dry-run"});
  int calls_before = State().at("calls").value("total", -1);
  // A credential_process that leaves a mark if anything resolves credentials.
  std::string marker = dir_ + "/credentials-were-resolved";
  std::filesystem::create_directories(dir_ + "/.aws");
  WriteText(dir_ + "/.aws/config",
            "[default]\ncredential_process = /bin/sh -c 'touch " + marker + "'\n");
  std::vector<std::string> argv = {BinaryDir() + "/aws-resource-manager",
                                   "--config",
                                   SourceDir() + "/config/demo.conf",
                                   "--endpoint-url",
                                   "http://127.0.0.1:1",
                                   "--state-file",
                                   state_path(),
                                   "plan",
                                   "stop",
                                   "--resources",
                                   snap};
  auto plan = RunProcess(argv, {"HOME=" + dir_, "PATH=/usr/bin:/bin"});
  EXPECT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_EQ(plan.out, dry.out);
  EXPECT_FALSE(std::filesystem::exists(marker));
  EXPECT_EQ(State().at("calls").value("total", -1), calls_before);
}

TEST_F(PlannerTest, BadInputIsOneClearLineAndExitTwo) {
  std::string snap = TakeSnapshot("snap.json");
  json doc = json::parse(Slurp(snap));
  auto one_line_error = [&](const std::vector<std::string>& args, const std::string& expected) {
    auto r = Manager(args);
    EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err.rfind("error: ", 0), 0u) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_NE(r.err.find(expected), std::string::npos) << r.err;
  };
  one_line_error({"plan", "stop", "--resources", dir_ + "/missing.json"}, "file not found");
  WriteText(dir_ + "/garbage.json", "{not json");
  one_line_error({"plan", "stop", "--resources", dir_ + "/garbage.json"}, "not valid JSON");
  WriteText(dir_ + "/state-like.json", R"({"schema_version": 1, "resources": []})");
  one_line_error({"plan", "stop", "--resources", dir_ + "/state-like.json"}, "not a snapshot file");
  json other = doc;
  other["project"] = "billing-service";
  WriteText(dir_ + "/other.json", other.dump());
  one_line_error({"plan", "stop", "--resources", dir_ + "/other.json"},
                 "snapshot of project billing-service");
  one_line_error({"--region", "eu-west-1", "plan", "stop", "--resources", snap},
                 "taken in region us-east-1");
  arm::State foreign;
  foreign.project = "user-journey-analytics";
  foreign.account_id = doc.at("account_id");
  foreign.region = "eu-west-1";
  WriteText(dir_ + "/foreign-state.json", SerializeState(foreign));
  one_line_error({"plan", "start", "--state", dir_ + "/foreign-state.json", "--resources", snap},
                 "region eu-west-1");
  one_line_error({"plan", "start", "--state", dir_ + "/none.json", "--resources", snap},
                 "not found");
  json partial = doc;
  partial["selection"]["types"] = json::array({"lambda-function"});
  partial["resources"] = json::object({{"lambda-function", doc["resources"]["lambda-function"]}});
  WriteText(dir_ + "/partial.json", partial.dump());
  one_line_error({"plan", "stop", "--resources", dir_ + "/partial.json"}, "does not cover");
  auto only = Manager({"--only", "lambda", "plan", "stop", "--resources", dir_ + "/partial.json"});
  EXPECT_EQ(only.exit_code, 0) << only.err;
  one_line_error({"snapshot", "--output", "json"}, "takes a file name");
}

TEST_F(PlannerTest, SnapshotOutputOptionWinsOverTheGlobalOutputFormat) {
  std::string file = dir_ + "/s.json";
  auto r = Manager({"--output", "text", "snapshot", "--output", file});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(json::parse(Slurp(file)).at("format"), "aws-resource-manager-snapshot");
  auto to_stdout = Manager({"--output", "json", "snapshot"});
  ASSERT_EQ(to_stdout.exit_code, 0) << to_stdout.err;
  EXPECT_EQ(json::parse(to_stdout.out).at("resources"), json::parse(Slurp(file)).at("resources"));
}

}  // namespace
}  // namespace arm::testing
