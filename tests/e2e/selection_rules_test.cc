// The selection boundary, rule by rule (issue 13, section 1), with the demo
// estate: billing-service-* is another project, user-journey-analytics-v2-*
// another project whose names start with our name prefix. The property over
// random combinations is in selection_boundary_test.cc.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "tests/e2e/manager_fixture.h"
#include "tests/testing/testing.h"

namespace arm::testing {
namespace {

using nlohmann::json;

// config/demo.conf with `key`'s line replaced by key="value".
std::string DemoConfWith(const std::string& key, const std::string& value) {
  std::istringstream in(Slurp(SourceDir() + "/config/demo.conf"));
  std::string out, line;
  while (std::getline(in, line))
    out += (line.rfind(key + "=", 0) == 0 ? key + "=\"" + value + "\"" : line) + "\n";
  return out;
}

std::vector<std::string> Words(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

class SelectionRulesTest : public ManagerFixture {
 protected:
  json Reserved(const std::string& function) {
    return State()
        .at("services")
        .at("lambda")
        .at("functions")
        .at(function)
        .at("reserved_concurrency");
  }
  int TotalCalls() { return State().at("calls").value("total", -1); }
  // The mutating calls whose request names `name`.
  int MutatingCallsNaming(const std::string& name) {
    int n = 0;
    const json state = State();  // a range-for over State().at(...) would dangle
    for (const auto& call : state.at("calls").at("mutating_log"))
      n += call.at("request").get<std::string>().find(name) != std::string::npos;
    return n;
  }
  void UseConf(const std::string& name, const std::string& text) {
    std::string path = dir_ + "/" + name;
    std::ofstream(path) << text;
    set_config(path);
  }
};

TEST_F(SelectionRulesTest, TagKeyWithoutValueInTheFileIsRefusedBeforeAnyCall) {
  UseConf("key.conf", Slurp(SourceDir() + "/config/demo.conf") + "TAG_KEY=\"Project\"\n");
  auto r = Manager({"stop", "--force"});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("TAG_KEY is set but TAG_VALUE is not"), std::string::npos) << r.err;
  EXPECT_EQ(TotalCalls(), 0);
  EXPECT_EQ(Reserved("billing-service-invoicer"), 10);
}

TEST_F(SelectionRulesTest, TagKeyWithoutValueInTheEnvironmentIsRefusedBeforeAnyCall) {
  auto r = Manager({"stop", "--force"}, {"TAG_KEY=Project"});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("TAG_VALUE"), std::string::npos) << r.err;
  EXPECT_EQ(TotalCalls(), 0);
}

TEST_F(SelectionRulesTest, ResourceOutsideTheSelectionIsRefusedWithNothingCalled) {
  auto r = Manager({"--resource", "billing-service-invoicer", "stop", "--force"});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("billing-service-invoicer is not managed by this configuration"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("nothing was changed"), std::string::npos) << r.err;
  // No rule could name it: refused before the first call.
  EXPECT_EQ(TotalCalls(), 0);
  EXPECT_EQ(Reserved("billing-service-invoicer"), 10);

  auto none = Manager({"--resource", "no-such-function", "start", "--force"});
  EXPECT_EQ(none.exit_code, 2) << none.out << none.err;
  EXPECT_NE(none.err.find("no-such-function is not managed by this configuration"),
            std::string::npos)
      << none.err;
  EXPECT_TRUE(MutatingCalls().empty());
}

TEST_F(SelectionRulesTest, ResourceOutsideATagSelectionIsRefusedAfterReadsOnly) {
  // A tag rule needs the tagging API to know what it selects: reads first,
  // then the refusal, no change.
  UseConf("tags.conf", DemoConfWith("NAME_PREFIX", "matches-nothing-") +
                           "TAG_KEY=\"Project\"\n"
                           "TAG_VALUE=\"user-journey-analytics\"\n");
  auto r = Manager({"--resource", "billing-service-invoicer", "stop", "--force"});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("billing-service-invoicer is not managed by this configuration"),
            std::string::npos)
      << r.out << r.err;
  EXPECT_TRUE(MutatingCalls().empty()) << State().at("calls").dump();
  EXPECT_EQ(Reserved("billing-service-invoicer"), 10);
}

TEST_F(SelectionRulesTest, ResourceNamingOneFunctionGivesNoErrorForTheOtherTypes) {
  json before = Estate();
  auto stop = Manager({"--resource", "intervention-executor", "stop", "--force"});
  ASSERT_EQ(stop.exit_code, 0) << stop.out << stop.err;
  EXPECT_EQ(stop.out.find("no longer exists"), std::string::npos) << stop.out;
  EXPECT_EQ(stop.err.find("no longer exists"), std::string::npos) << stop.err;
  EXPECT_EQ(stop.out.find("ERROR"), std::string::npos) << stop.out;
  EXPECT_EQ(MutatingCalls(), (std::map<std::string, int>{{"lambda:PutFunctionConcurrency", 1}}));
  EXPECT_EQ(Reserved("intervention-executor"), 0);

  auto start = Manager({"--resource", "intervention-executor", "start", "--force"});
  ASSERT_EQ(start.exit_code, 0) << start.out << start.err;
  EXPECT_EQ(start.out.find("no longer exists"), std::string::npos) << start.out;
  EXPECT_EQ(start.out.find("ERROR"), std::string::npos) << start.out;
  EXPECT_TRUE(Estate() == before) << json::diff(before, Estate()).dump();
}

TEST_F(SelectionRulesTest, EmptyOrContradictorySelectionIsRefusedBeforeAnyCall) {
  const std::vector<std::vector<std::string>> cases = {
      {"--only", "lambda", "--exclude", "lambda"},
      {"--exclude", "sagemaker",  "--exclude", "kinesis",     "--exclude", "lambda",
       "--exclude", "cloudwatch", "--exclude", "dynamodb",    "--exclude", "ecs",
       "--exclude", "ec2",        "--exclude", "asg",         "--exclude", "notebook",
       "--exclude", "rds",        "--exclude", "rds-cluster", "--exclude", "nodegroup"},
      {"--exclude",
       "sagemaker,kinesis,lambda,cloudwatch,dynamodb,ecs,ec2,asg,notebook,rds,rds-cluster,"
       "nodegroup"},
      {"--only", ""},
      {"--resource", ""},
  };
  for (const auto& flags : cases) {
    for (const char* command : {"stop", "start", "status"}) {
      std::vector<std::string> args = flags;
      args.push_back(command);
      if (std::string(command) != "status") args.push_back("--force");
      auto r = Manager(args);
      EXPECT_EQ(r.exit_code, 2) << ::testing::PrintToString(args) << "\n" << r.out << r.err;
    }
  }
  EXPECT_EQ(TotalCalls(), 0);
}

// The config is narrowed after a stop: intervention-executor stays recorded
// but leaves the selection.
TEST_F(SelectionRulesTest, EntryRecordedOutsideTheSelectionIsLeftAloneAndItsCommandRestoresIt) {
  json before = Estate();
  ASSERT_EQ(Manager({"stop", "--force"}).exit_code, 0);
  ASSERT_EQ(Reserved("intervention-executor"), 0);
  const int parked_calls = MutatingCallsNaming("intervention-executor");
  UseConf("narrow.conf", DemoConfWith("LAMBDA_FUNCTIONS", "event_processor"));

  // start restores the selection only, and says how to restore the rest.
  // The alarm watching the function left parked stays disabled (exit 1).
  auto start = Manager({"start", "--force"});
  ASSERT_EQ(start.exit_code, 1) << start.out << start.err;
  EXPECT_NE(start.out.find("user-journey-analytics-executor-throttles: actions left disabled"),
            std::string::npos)
      << start.out;
  EXPECT_EQ(Reserved("intervention-executor"), 0);
  EXPECT_EQ(MutatingCallsNaming("intervention-executor"), parked_calls);
  EXPECT_EQ(Reserved("event_processor"), nullptr);  // restored: no reservation
  std::string all = start.out + start.err;
  size_t at = all.find("To restore it: ");
  ASSERT_NE(at, std::string::npos) << all;
  std::string command = all.substr(at + 15, all.find('\n', at) - at - 15);
  EXPECT_NE(command.find("LAMBDA_FUNCTIONS=intervention-executor "), std::string::npos) << command;
  EXPECT_NE(command.find("--resource intervention-executor"), std::string::npos) << command;
  json state = json::parse(Slurp(state_path()));
  bool recorded = false;
  for (const auto& e : state.at("resources"))
    recorded = recorded || (e.at("name") == "intervention-executor" && e.at("status") == "stopped");
  EXPECT_TRUE(recorded) << state.dump(2);

  // The printed command, run as printed (plus --force: no terminal here).
  std::vector<std::string> words = Words(command);
  ASSERT_GE(words.size(), 3u) << command;
  ASSERT_EQ(words[1], "aws-resource-manager") << command;
  std::vector<std::string> argv = {BinaryDir() + "/aws-resource-manager"};
  argv.insert(argv.end(), words.begin() + 2, words.end());
  argv.push_back("--force");
  auto restore = RunProcess(argv, ManagerEnv(dir_, {words[0]}));
  ASSERT_EQ(restore.exit_code, 0) << command << "\n" << restore.out << restore.err;
  // With the function back, the next start re-arms its alarm.
  auto rearm = Manager({"start", "--force"});
  EXPECT_EQ(rearm.exit_code, 0) << rearm.out << rearm.err;
  EXPECT_TRUE(Estate() == before) << json::diff(before, Estate()).dump();
}

// A start narrowed to the alarms does not re-arm the alarms of resources
// that are still parked; the full start then brings everything back.
TEST_F(SelectionRulesTest, AlarmsOfResourcesStillParkedStayDisabledOnANarrowStart) {
  json before = Estate();
  ASSERT_EQ(Manager({"stop", "--force"}).exit_code, 0);
  CliResult alarms = Manager({"--only", "cloudwatch", "start", "--force"});
  EXPECT_EQ(alarms.exit_code, 1) << alarms.out << alarms.err;
  EXPECT_NE(alarms.out.find("actions left disabled"), std::string::npos) << alarms.out;
  json now = Estate().at("monitoring").at("alarms");
  for (const char* watching_parked :
       {"user-journey-analytics-endpoint-5xx-errors", "user-journey-analytics-stream-iterator-age",
        "user-journey-analytics-processor-errors"})
    EXPECT_EQ(now.at(watching_parked).at("actions_enabled"), false) << watching_parked;
  CliResult one =
      Manager({"--resource", "user-journey-analytics-endpoint-5xx-errors", "start", "--force"});
  EXPECT_EQ(one.exit_code, 1) << one.out << one.err;
  EXPECT_EQ(Estate()
                .at("monitoring")
                .at("alarms")
                .at("user-journey-analytics-endpoint-5xx-errors")
                .at("actions_enabled"),
            false);
  CliResult all = Manager({"start", "--force"});
  EXPECT_EQ(all.exit_code, 0) << all.out << all.err;
  EXPECT_EQ(Estate(), before);
}

TEST_F(SelectionRulesTest, StopNeverParksAnEntryRecordedOutsideTheSelection) {
  ASSERT_EQ(Manager({"stop", "--force"}).exit_code, 0);
  // Everything runs again while the state file still records every
  // resource as stopped; then the config is narrowed.
  server_->Reset();
  UseConf("narrow.conf", DemoConfWith("LAMBDA_FUNCTIONS", "event_processor"));
  auto stop = Manager({"stop", "--force"});
  ASSERT_EQ(stop.exit_code, 0) << stop.out << stop.err;
  EXPECT_EQ(Reserved("intervention-executor"), 5);
  EXPECT_EQ(MutatingCallsNaming("intervention-executor"), 0) << State().at("calls").dump();
  EXPECT_NE((stop.out + stop.err).find("outside this configuration's selection"), std::string::npos)
      << stop.out << stop.err;
  // The rest of the selection was parked.
  EXPECT_GT(MutatingCallsNaming("user-journey-analytics-user-events"), 0)
      << stop.out << State().at("calls").dump();
}

TEST_F(SelectionRulesTest, StatusAndPlanShowHowEachResourceWasSelected) {
  auto status = Manager({"status"});
  ASSERT_EQ(status.exit_code, 0) << status.out << status.err;
  EXPECT_NE(status.out.find("SELECTED BY"), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("prefix user-journey-analytics-"), std::string::npos) << status.out;
  // The demo config lists its resources: the prefix neighbour is not in it.
  EXPECT_EQ(status.out.find("user-journey-analytics-v2-"), std::string::npos) << status.out;

  auto js = Manager({"--output", "json", "status"});
  ASSERT_EQ(js.exit_code, 0) << js.err;
  std::map<std::string, std::string> by;
  for (const auto& r : js.json.at("resources")) by[r.at("name")] = r.at("selected_by");
  EXPECT_EQ(by["intervention-executor"], "list");
  EXPECT_EQ(by["user-journey-analytics-user-events"], "list");
  EXPECT_EQ(by["user-journey-analytics-processor-errors"], "prefix user-journey-analytics-");

  auto plan = Manager({"stop", "--dry-run"});
  ASSERT_EQ(plan.exit_code, 0) << plan.out << plan.err;
  EXPECT_NE(plan.out.find("Selected by:"), std::string::npos) << plan.out;
  EXPECT_NE(plan.out.find("lambda-function intervention-executor: list"), std::string::npos)
      << plan.out;

  // With the name prefix, what it selects says so; the neighbour, tagged
  // as project user-journey-analytics-v2, is left alone and both views say
  // why (neighbours_test.cc has the rest).
  UseConf("prefix.conf", DemoConfWith("NAME_PREFIX", "user-journey-analytics-"));
  auto wide = Manager({"status"});
  ASSERT_EQ(wide.exit_code, 0) << wide.out << wide.err;
  EXPECT_EQ(wide.out.find("user-journey-analytics-v2-scorer"), std::string::npos) << wide.out;
  EXPECT_NE(wide.err.find("user-journey-analytics-v2-scorer left alone"), std::string::npos)
      << wide.err;
  auto wide_json = Manager({"--output", "json", "status"});
  ASSERT_EQ(wide_json.exit_code, 0) << wide_json.out << wide_json.err;
  // One "left alone" for each of the neighbour's resources the prefix
  // reaches: its stream, function, Aurora cluster and its instance, database,
  // notebook and node group.
  EXPECT_EQ(wide_json.json.at("warnings").size(), 7u) << wide_json.out;
  EXPECT_TRUE(wide_json.json.at("errors").empty()) << wide_json.out;
  auto wide_plan = Manager({"--output", "json", "stop", "--dry-run"});
  ASSERT_EQ(wide_plan.exit_code, 0) << wide_plan.out << wide_plan.err;
  EXPECT_NE(wide_plan.out.find("\"selected_by\": \"prefix user-journey-analytics-\""),
            std::string::npos)
      << wide_plan.out;
  EXPECT_EQ(wide_plan.json.at("plan").dump().find("user-journey-analytics-v2"), std::string::npos)
      << wide_plan.out;
  EXPECT_EQ(wide_plan.json.at("warnings").size(), 7u) << wide_plan.out;
  EXPECT_TRUE(MutatingCalls().empty());
}

}  // namespace
}  // namespace arm::testing
