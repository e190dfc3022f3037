// What a name prefix selects by accident, and the records and outcomes
// around it (issue 13): another project whose name starts with our prefix
// (user-journey-analytics-v2, tagged Project=user-journey-analytics-v2 in the
// demo estate) is left alone, an empty prefix never widens the selection, a
// selection that matches nothing is an error, and a resource started outside
// the tool is recorded as it runs now.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "sandbox/faults.h"
#include "tests/e2e/manager_fixture.h"
#include "tests/testing/sandbox_http.h"
#include "tests/testing/testing.h"

namespace arm::testing {
namespace {

using nlohmann::json;

constexpr char kNeighbourAlarm[] = "user-journey-analytics-v2-scorer-errors";

class NeighboursTest : public ManagerFixture {
 protected:
  // The demo estate plus an alarm of the neighbour project, on its function.
  sandbox::ServerOptions Options() override {
    auto o = ManagerFixture::Options();
    json alarm = o.estate["cloudwatch"]["metric_alarms"][5];
    alarm["AlarmName"] = kNeighbourAlarm;
    alarm["Dimensions"] =
        json::array({{{"Name", "FunctionName"}, {"Value", "user-journey-analytics-v2-scorer"}}});
    o.estate["cloudwatch"]["metric_alarms"].push_back(alarm);
    return o;
  }
  void UseConf(const std::string& text) {
    std::string path = dir_ + "/case.conf";
    std::ofstream(path) << text;
    set_config(path);
  }
  json Services() {
    const json state = State();
    return state.at("services");
  }
  json Reserved(const std::string& function) {
    return Services().at("lambda").at("functions").at(function).at("reserved_concurrency");
  }
  bool AlarmEnabled(const std::string& name) {
    const json alarms = Services().at("monitoring").at("alarms");
    if (!alarms.contains(name)) {
      ADD_FAILURE() << "no alarm " << name;
      return false;
    }
    return alarms.at(name).at("actions_enabled").get<bool>();
  }
  // The mutating calls whose request names `text`.
  int MutatingCallsNaming(const std::string& text) {
    int n = 0;
    const json state = State();
    for (const auto& call : state.at("calls").at("mutating_log"))
      n += call.at("request").get<std::string>().find(text) != std::string::npos;
    return n;
  }
  void SetConcurrency(const std::string& function, int n) {
    HttpRequest req;
    req.method = "PUT";
    req.path = "/2017-10-31/functions/" + function + "/concurrency";
    req.SetHeader("Content-Type", "application/json");
    req.body = json{{"ReservedConcurrentExecutions", n}}.dump();
    RawResponse r = SendSigned(port(), req, "lambda");
    ASSERT_EQ(r.status, 200) << r.body;
  }
  // A JSON-protocol call behind the tool's back (awsJson 1.1), which must succeed.
  void CallJson(const std::string& service, const std::string& target, const json& body) {
    HttpRequest req;
    req.method = "POST";
    req.path = "/";
    req.SetHeader("X-Amz-Target", target);
    req.SetHeader("Content-Type", "application/x-amz-json-1.1");
    req.body = body.dump();
    RawResponse r = SendSigned(port(), req, service);
    ASSERT_EQ(r.status, 200) << target << ": " << r.body;
  }
  json StateEntry(const std::string& type, const std::string& name) {
    json state = json::parse(Slurp(state_path()));
    for (const auto& r : state.at("resources"))
      if (r.at("type") == type && r.at("name") == name) return r;
    return nullptr;
  }
};

TEST_F(NeighboursTest, AProjectNameAloneLeavesThePrefixNeighbourAloneAndSaysSo) {
  // The default prefix user-journey-analytics- also matches every
  // user-journey-analytics-v2-* resource, tagged as that project's.
  UseConf("PROJECT_NAME=\"user-journey-analytics\"\nAWS_REGION=\"us-east-1\"\n");
  const json v2_before = Reserved("user-journey-analytics-v2-scorer");
  for (const auto& args :
       {std::vector<std::string>{"status"}, std::vector<std::string>{"stop", "--dry-run"},
        std::vector<std::string>{"stop", "--force"}}) {
    auto r = Manager(args);
    EXPECT_EQ(r.exit_code, 0) << args[0] << "\n" << r.out << r.err;
    EXPECT_NE(r.err.find("user-journey-analytics-v2-scorer left alone"), std::string::npos)
        << r.out << r.err;
    EXPECT_NE(r.err.find("user-journey-analytics-v2-events left alone"), std::string::npos)
        << r.out << r.err;
    EXPECT_NE(r.err.find(std::string(kNeighbourAlarm) + " left alone"), std::string::npos)
        << r.out << r.err;
    EXPECT_NE(r.err.find("also with project user-journey-analytics-v2's name"), std::string::npos)
        << r.err;
    // Left alone means not shown as ours either.
    EXPECT_EQ(r.out.find("user-journey-analytics-v2"), std::string::npos) << args[0] << "\n"
                                                                          << r.out;
  }
  EXPECT_EQ(MutatingCallsNaming("user-journey-analytics-v2"), 0);
  EXPECT_EQ(Reserved("user-journey-analytics-v2-scorer"), v2_before);
  EXPECT_TRUE(AlarmEnabled(kNeighbourAlarm));
  // Ours were parked: the endpoint's alarms are off, the stream's too.
  EXPECT_FALSE(AlarmEnabled("user-journey-analytics-endpoint-latency-high"));
  EXPECT_TRUE(StateEntry("cloudwatch-alarm", kNeighbourAlarm).is_null());
  auto start = Manager({"start", "--force"});
  EXPECT_EQ(start.exit_code, 0) << start.out << start.err;
  EXPECT_EQ(MutatingCallsNaming("user-journey-analytics-v2"), 0);
}

TEST_F(NeighboursTest, TheNeighboursAlarmIsLeftAloneUnderTheDemoConfigsAlarmPrefix) {
  auto r = Manager({"stop", "--force"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.err.find(std::string(kNeighbourAlarm) + " left alone"), std::string::npos) << r.err;
  EXPECT_TRUE(AlarmEnabled(kNeighbourAlarm));
  EXPECT_FALSE(AlarmEnabled("user-journey-analytics-processor-errors"));
  EXPECT_EQ(MutatingCallsNaming("user-journey-analytics-v2"), 0);
}

TEST_F(NeighboursTest, AStateEntryNamingTheNeighbourIsListedNotActedOn) {
  // A hand-edited state file (or one written before the owner check)
  // records the neighbour's function as parked: start leaves it alone and
  // prints the command that restores it; that command, run as printed,
  // does.
  UseConf(
      "PROJECT_NAME=\"user-journey-analytics\"\nAWS_REGION=\"us-east-1\"\nCLOUDWATCH_ALARM_PREFIX="
      "\"\"\n");
  ASSERT_EQ(Manager({"stop", "--force"}).exit_code, 0);
  json state = json::parse(Slurp(state_path()));
  json entry = {{"type", "lambda-function"},
                {"name", "user-journey-analytics-v2-scorer"},
                {"status", "stopped"},
                {"original", {{"reserved_concurrency", 3}}},
                {"selected_by", {{"by", "prefix"}, {"prefix", "user-journey-analytics-"}}},
                {"updated_at", "2026-12-01T00:00:00Z"}};
  state["resources"].push_back(entry);
  std::ofstream(state_path()) << state.dump(2);
  for (const auto& args : {std::vector<std::string>{"stop", "--force"},
                           std::vector<std::string>{"start", "--force"}}) {
    auto r = Manager(args);
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_EQ(MutatingCallsNaming("user-journey-analytics-v2"), 0) << args[0] << "\n"
                                                                   << r.out << r.err;
    EXPECT_NE(r.out.find("outside this configuration's selection"), std::string::npos)
        << r.out << r.err;
  }
  EXPECT_EQ(Reserved("user-journey-analytics-v2-scorer"), 5);
  // Named in the list, it is this configuration's: the printed command.
  auto listed = Manager(
      {"--only", "lambda", "--resource", "user-journey-analytics-v2-scorer", "start", "--force"},
      {"LAMBDA_FUNCTIONS=user-journey-analytics-v2-scorer"});
  EXPECT_EQ(listed.exit_code, 0) << listed.out << listed.err;
  EXPECT_EQ(Reserved("user-journey-analytics-v2-scorer"), 3);
}

TEST_F(NeighboursTest, WhenTheOwnerTagsCannotBeReadNothingIsParkedOnThePrefixAlone) {
  UseConf("PROJECT_NAME=\"user-journey-analytics\"\nAWS_REGION=\"us-east-1\"\n");
  auto rule = sandbox::ParseFaultRule("tag:GetResources=error500");
  ASSERT_TRUE(rule.ok()) << rule.status().ToString();
  server_->SetFaultRules({*rule});
  auto r = Manager({"stop", "--force"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("could not read the owner tags"), std::string::npos) << r.err;
  EXPECT_EQ(r.out.find("already parked"), std::string::npos) << r.out;
  // status agrees with stop: what stop would leave alone is not counted.
  auto status = Manager({"status"});
  EXPECT_EQ(status.exit_code, 0) << status.out << status.err;
  EXPECT_EQ(status.out.find("user-journey-analytics-v2"), std::string::npos) << status.out;
  EXPECT_NE(status.err.find("could not read the owner tags"), std::string::npos) << status.err;
  EXPECT_EQ(MutatingCallsNaming("user-journey-analytics-v2"), 0);
  EXPECT_TRUE(AlarmEnabled(kNeighbourAlarm));
  EXPECT_TRUE(AlarmEnabled("user-journey-analytics-endpoint-latency-high"));
  // Once the tags can be read again, the stop parks what is ours only.
  server_->SetFaultRules({});
  auto again = Manager({"stop", "--force"});
  EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_EQ(MutatingCallsNaming("user-journey-analytics-v2"), 0);
  EXPECT_FALSE(AlarmEnabled("user-journey-analytics-endpoint-latency-high"));
  // What that stop recorded comes back even while the tags cannot be read.
  server_->SetFaultRules({*rule});
  auto start = Manager({"start", "--force"});
  EXPECT_EQ(start.exit_code, 0) << start.out << start.err;
  EXPECT_TRUE(AlarmEnabled("user-journey-analytics-endpoint-latency-high"));
  EXPECT_EQ(MutatingCallsNaming("user-journey-analytics-v2"), 0);
}

TEST_F(NeighboursTest, AnotherTagKeyStillSeesTheProjectTag) {
  // Selecting by Owner=analytics plus the default prefix: the neighbour is
  // still known by its Project tag.
  UseConf(
      "PROJECT_NAME=\"user-journey-analytics\"\nAWS_REGION=\"us-east-1\"\nTAG_KEY=\"Owner\"\n"
      "TAG_VALUE=\"analytics\"\n");
  auto r = Manager({"stop", "--force"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.err.find("user-journey-analytics-v2-scorer left alone"), std::string::npos) << r.err;
  EXPECT_EQ(MutatingCallsNaming("user-journey-analytics-v2"), 0);
}

TEST_F(NeighboursTest, AProjectTagWithTheEnvironmentIsOurs) {
  // Our resources tagged Project=user-journey-analytics-demo (project and
  // environment) are ours under PROJECT_NAME + ENVIRONMENT.
  server_->Reset();
  UseConf(
      "PROJECT_NAME=\"user-journey-analytics\"\nENVIRONMENT=\"demo\"\nAWS_REGION=\"us-east-1\"\n");
  CallJson("kinesis", "Kinesis_20131202.AddTagsToStream",
           {{"StreamName", "user-journey-analytics-user-events"},
            {"Tags", {{"Project", "user-journey-analytics-demo"}}}});
  auto r = Manager({"stop", "--force"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.err.find("user-journey-analytics-user-events left alone"), std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("tagged Project=user-journey-analytics-demo"), std::string::npos) << r.err;
  int shards = -1;
  const json services = Services();  // a range-for over Services().at(...) would dangle
  for (const auto& st : services.at("kinesis").at("streams"))
    if (st.at("name") == "user-journey-analytics-user-events")
      shards = st.value("open_shard_count", -1);
  EXPECT_EQ(shards, 1);
}

TEST_F(NeighboursTest, ResourceNamingTheNeighbourIsNotManaged) {
  UseConf("PROJECT_NAME=\"user-journey-analytics\"\nAWS_REGION=\"us-east-1\"\n");
  auto r = Manager({"--resource", "user-journey-analytics-v2-scorer", "stop", "--force"});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("is not managed by this configuration"), std::string::npos) << r.err;
  EXPECT_TRUE(MutatingCalls().empty());
}

TEST_F(NeighboursTest, ASnapshotIsTakenWithTheNeighbourLeftOut) {
  UseConf("PROJECT_NAME=\"user-journey-analytics\"\nAWS_REGION=\"us-east-1\"\n");
  std::string out = dir_ + "/snap.json";
  auto r = Manager({"snapshot", "--output", out});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.err.find("left alone"), std::string::npos) << r.err;
  EXPECT_EQ(Slurp(out).find("user-journey-analytics-v2-scorer"), std::string::npos);
}

TEST_F(NeighboursTest, AnAlarmPrefixNamingTheNeighboursAlarmSelectsIt) {
  // The hint says to name it: an alarm prefix that is the alarm's own name
  // is not extended by the neighbour's project name.
  UseConf(
      "PROJECT_NAME=\"user-journey-analytics\"\nAWS_REGION=\"us-east-1\"\nCLOUDWATCH_ALARM_PREFIX="
      "\"" +
      std::string(kNeighbourAlarm) + "\"\n");
  auto r = Manager({"--only", "cloudwatch", "stop", "--force"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_FALSE(AlarmEnabled(kNeighbourAlarm));
}

TEST_F(NeighboursTest, AnEmptyNamePrefixInTheEnvironmentNeverWidensTheSelection) {
  // The config relies on its lists; NAME_PREFIX= in the environment must
  // not bring back the default prefix.
  std::string conf = Slurp(SourceDir() + "/config/demo.conf");
  std::string without;
  std::istringstream in(conf);
  for (std::string line; std::getline(in, line);)
    if (line.rfind("NAME_PREFIX=", 0) != 0) without += line + "\n";
  UseConf(without);
  auto r = Manager({"stop", "--force"}, {"NAME_PREFIX="});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(MutatingCallsNaming("user-journey-analytics-v2"), 0);
  EXPECT_EQ(Reserved("intervention-executor"), 0);  // listed: parked
}

TEST_F(NeighboursTest, AnEmptyAlarmPrefixSelectsNoAlarm) {
  UseConf(Slurp(SourceDir() + "/config/demo.conf") + "CLOUDWATCH_ALARM_PREFIX=\"\"\n");
  auto r = Manager({"stop", "--force"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(MutatingCalls().count("cloudwatch:DisableAlarmActions"), 0u) << r.out;
  EXPECT_TRUE(AlarmEnabled("user-journey-analytics-processor-errors"));
}

TEST_F(NeighboursTest, AStartWhoseSelectionMatchesNothingIsAnError) {
  UseConf("PROJECT_NAME=\"user-journey-analytics\"\nAWS_REGION=\"us-east-1\"\n");
  ASSERT_EQ(Manager({"stop", "--force"}).exit_code, 0);
  auto r = Manager({"start", "--force"},
                   {"NAME_PREFIX=user-jorney-", "CLOUDWATCH_ALARM_PREFIX=user-jorney-"});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("no resource in us-east-1 matches this configuration"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("To restore it"), std::string::npos) << r.err;
  EXPECT_FALSE(AlarmEnabled("user-journey-analytics-endpoint-latency-high"));
}

TEST_F(NeighboursTest, ASelectionThatMatchesNothingIsAnErrorNotAlreadyParked) {
  UseConf("PROJECT_NAME=\"nothing-by-this-name\"\nAWS_REGION=\"us-east-1\"\n");
  for (const auto& args : {std::vector<std::string>{"stop", "--force"},
                           std::vector<std::string>{"stop", "--dry-run"}}) {
    auto r = Manager(args);
    EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
    EXPECT_NE(r.err.find("no resource in us-east-1 matches this configuration"), std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("nothing-by-this-name-"), std::string::npos) << r.err;
    EXPECT_EQ(r.out.find("already parked"), std::string::npos) << r.out;
  }
  EXPECT_TRUE(MutatingCalls().empty());
}

TEST_F(NeighboursTest, AStopAfterAStartOutsideTheToolRecordsWhatRunsNow) {
  ASSERT_EQ(Manager({"stop", "--force"}).exit_code, 0);
  ASSERT_EQ(StateEntry("lambda-function", "intervention-executor")
                .at("original")
                .at("reserved_concurrency"),
            5);
  // Someone brings the function back by hand, with another reservation.
  SetConcurrency("intervention-executor", 7);
  auto again = Manager({"stop", "--force"});
  EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_NE((again.out + again.err).find("live again since the stop recorded it"),
            std::string::npos)
      << again.out << again.err;
  EXPECT_NE((again.out + again.err).find("reserved_concurrency (was 5, now 7)"), std::string::npos)
      << again.out << again.err;
  EXPECT_EQ(Reserved("intervention-executor"), 0);
  EXPECT_EQ(StateEntry("lambda-function", "intervention-executor")
                .at("original")
                .at("reserved_concurrency"),
            7);
  auto start = Manager({"start", "--force"});
  EXPECT_EQ(start.exit_code, 0) << start.out << start.err;
  EXPECT_EQ(Reserved("intervention-executor"), 7);
}

TEST_F(NeighboursTest, AnEndpointRecreatedOutsideTheToolGetsItsRecordedTagsBack) {
  json before = Estate();
  ASSERT_EQ(Manager({"stop", "--force"}).exit_code, 0);
  // Someone recreates the endpoint by hand, without its tags.
  CallJson("sagemaker", "SageMaker.CreateEndpoint",
           {{"EndpointName", "user-journey-analytics-exit-risk-endpoint"},
            {"EndpointConfigName", "user-journey-analytics-exit-risk-endpoint-config"}});
  auto start = Manager({"start", "--force"});
  EXPECT_EQ(start.exit_code, 0) << start.out << start.err;
  EXPECT_NE((start.out + start.err).find("AddTags user-journey-analytics-exit-risk-endpoint"),
            std::string::npos)
      << start.out << start.err;
  json after = Estate();
  EXPECT_TRUE(after == before) << json::diff(before, after).dump();
  // Converged: a second start has nothing to do.
  auto again = Manager({"start", "--force"});
  EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
}

class LeftRunningTest : public NeighboursTest {
 protected:
  // Our stream on demand: stop leaves it as it is.
  sandbox::ServerOptions Options() override {
    auto o = NeighboursTest::Options();
    for (auto& st : o.estate["kinesis"]["streams"])
      if (st["StreamName"] == "user-journey-analytics-user-events") st["StreamMode"] = "ON_DEMAND";
    return o;
  }
};

TEST_F(LeftRunningTest, AlarmsOfAResourceLeftRunningByPolicyStayOn) {
  auto r = Manager({"stop", "--force"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(AlarmEnabled("user-journey-analytics-stream-iterator-age"));
  EXPECT_TRUE(AlarmEnabled("user-journey-analytics-stream-write-throttled"));
  EXPECT_FALSE(AlarmEnabled("user-journey-analytics-processor-errors"));  // its function is parked
  EXPECT_NE((r.out + r.err).find("is left running by this stop"), std::string::npos)
      << r.out << r.err;
  EXPECT_TRUE(
      StateEntry("cloudwatch-alarm", "user-journey-analytics-stream-iterator-age").is_null());
  auto start = Manager({"start", "--force"});
  EXPECT_EQ(start.exit_code, 0) << start.out << start.err;
  EXPECT_TRUE(AlarmEnabled("user-journey-analytics-stream-iterator-age"));
}

TEST_F(NeighboursTest, HistoryNeedsNoSelection) {
  // history reads the reports only: a config that selects nothing is fine.
  UseConf("LOG_LEVEL=\"warn\"\n");
  auto r = Manager({"history", "--limit", "2"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.err.find("nothing is selected"), std::string::npos) << r.err;
  auto stop = Manager({"stop", "--force"});
  EXPECT_EQ(stop.exit_code, 2) << stop.out << stop.err;
  EXPECT_NE(stop.err.find("nothing is selected"), std::string::npos) << stop.err;
}

}  // namespace
}  // namespace arm::testing
