// Alarms follow what they watch: stop never leaves a resource it did not park
// without its alarms, start never re-arms an alarm (or a composite naming
// one) while what it watches is still down. The real binary against
// aws-sandbox with the demo estate, whose composite alarm
// user-journey-analytics-health names the endpoint's 5xx alarm and the
// event processor's errors alarm.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "tests/e2e/manager_fixture.h"

namespace arm::testing {
namespace {

using nlohmann::json;

constexpr char kEndpoint[] = "user-journey-analytics-exit-risk-endpoint";
constexpr char kComposite[] = "user-journey-analytics-health";
const char* const kEndpointAlarms[] = {"user-journey-analytics-endpoint-latency-high",
                                       "user-journey-analytics-endpoint-5xx-errors",
                                       "user-journey-analytics-endpoint-cpu-high"};
const char* const kOtherAlarms[] = {"user-journey-analytics-stream-iterator-age",
                                    "user-journey-analytics-processor-errors",
                                    "user-journey-analytics-executor-throttles"};

json ReadJson(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return json::parse(ss.str());
}

class AlarmHoldBackTest : public ManagerFixture {
 protected:
  bool Enabled(const std::string& alarm) {
    return Estate().at("monitoring").at("alarms").at(alarm).at("actions_enabled").get<bool>();
  }
  // The alarm's state entry status; "" when it has none.
  std::string Recorded(const std::string& alarm) {
    const json state = ReadJson(state_path());
    for (const auto& r : state.at("resources"))
      if (r.at("type") == "cloudwatch-alarm" && r.at("name") == alarm) return r.at("status");
    return "";
  }
  void Fail(const std::string& rule) {
    auto parsed = sandbox::ParseFaultRule(rule);
    ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
    server_->SetFaultRules({*parsed});
  }
  // Every alarm whose actions the sandbox saw disabled, by name.
  void ExpectNeverDisabled(const std::string& alarm, const std::string& out) {
    EXPECT_TRUE(Enabled(alarm)) << alarm << "\n" << out;
    std::string status = Recorded(alarm);
    EXPECT_TRUE(status.empty() || status == "running") << alarm << " recorded " << status;
  }
};

// DeleteEndpoint fails after the alarms were disabled: the alarms of the
// endpoint, and the composite naming one of them, are enabled again and not
// recorded as parked; the rest stays parked; a start restores everything.
TEST_F(AlarmHoldBackTest, StopReEnablesTheAlarmsOfAnEndpointItCouldNotDelete) {
  json before = Estate();
  Fail("sagemaker:DeleteEndpoint@" + std::string(kEndpoint) + "=error500");
  auto stop = Manager({"stop", "--force"});
  EXPECT_EQ(stop.exit_code, 1) << stop.out << stop.err;
  ASSERT_EQ(Estate()["sagemaker"]["endpoints"].size(), before["sagemaker"]["endpoints"].size())
      << stop.out;
  // The endpoint keeps serving with its auto scaling registered again (it
  // was deregistered just before the failed DeleteEndpoint).
  {
    // SageMaker's entries only: the same stop parks the ECS service, whose
    // target it suspends.
    auto sagemaker_scaling = [](const json& estate) {
      json out = json::object();
      for (const auto& [list, items] : estate.at("application-autoscaling").items()) {
        out[list] = json::array();
        for (const auto& e : items)
          if (e.value("resource_id", "").rfind("endpoint/", 0) == 0) out[list].push_back(e);
      }
      return out;
    };
    const json parked = Estate();
    ASSERT_TRUE(before.contains("application-autoscaling"));
    EXPECT_EQ(sagemaker_scaling(parked), sagemaker_scaling(before))
        << json::diff(sagemaker_scaling(before), sagemaker_scaling(parked)).dump();
  }
  EXPECT_NE((stop.out + stop.err).find("its auto scaling was registered again"), std::string::npos)
      << stop.out << stop.err;
  for (const char* alarm : kEndpointAlarms) {
    ExpectNeverDisabled(alarm, stop.out);
    EXPECT_NE(stop.out.find(std::string(alarm) +
                            ": actions re-enabled (disabled before parking): the "
                            "alarm watches " +
                            kEndpoint + ", which was not parked (its DeleteEndpoint failed)"),
              std::string::npos)
        << stop.out;
  }
  ExpectNeverDisabled(kComposite, stop.out);
  EXPECT_NE(stop.out.find(std::string(kComposite) +
                          ": actions re-enabled (disabled before parking): its rule names "
                          "user-journey-analytics-endpoint-5xx-errors"),
            std::string::npos)
      << stop.out;
  for (const char* alarm : kOtherAlarms) {
    EXPECT_FALSE(Enabled(alarm)) << alarm;
    EXPECT_EQ(Recorded(alarm), "stopped") << alarm;
  }
  // Held back with the failed endpoint: not errors of their own.
  EXPECT_NE(stop.out.find("; 4 held back"), std::string::npos) << stop.out;
  EXPECT_EQ(stop.out.find("planning found an error"), std::string::npos) << stop.out;

  server_->SetFaultRules({});
  auto start = Manager({"start", "--force"});
  EXPECT_EQ(start.exit_code, 0) << start.out << start.err;
  json after = Estate();
  EXPECT_TRUE(after == before) << json::diff(before, after).dump();
}

// The re-enable fails too: the alarms stay recorded as parked by us, the
// summary says so with the command, and start re-enables them.
TEST_F(AlarmHoldBackTest, AReEnableThatFailsLeavesTheAlarmsRecordedForStart) {
  json before = Estate();
  std::vector<sandbox::FaultRule> rules;
  for (std::string r : {"sagemaker:DeleteEndpoint@" + std::string(kEndpoint) + "=error500",
                        std::string("cloudwatch:EnableAlarmActions=error500")}) {
    auto parsed = sandbox::ParseFaultRule(r);
    ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
    rules.push_back(*parsed);
  }
  server_->SetFaultRules(rules);
  auto stop = Manager({"stop", "--force"});
  EXPECT_EQ(stop.exit_code, 1) << stop.out << stop.err;
  for (const char* alarm : kEndpointAlarms) {
    EXPECT_FALSE(Enabled(alarm)) << alarm;
    EXPECT_EQ(Recorded(alarm), "stopped") << alarm;
    EXPECT_NE(stop.out.find(std::string(alarm) +
                            ": actions still disabled although the alarm watches " + kEndpoint +
                            ", which was not parked (its DeleteEndpoint failed); run "
                            "`aws-resource-manager start` to "
                            "re-enable them"),
              std::string::npos)
        << stop.out;
  }
  EXPECT_NE(stop.out.find("FAILED EnableAlarmActions again for 4 alarms"), std::string::npos)
      << stop.out;

  server_->SetFaultRules({});
  auto start = Manager({"start", "--force"});
  EXPECT_EQ(start.exit_code, 0) << start.out << start.err;
  json after = Estate();
  EXPECT_TRUE(after == before) << json::diff(before, after).dump();
}

// A start of the alarms alone while everything else is parked: the alarms
// and the composite stay disabled, and a start that changes no cost says so
// rather than "saves $0.00/day".
TEST_F(AlarmHoldBackTest, AlarmsOnlyStartHoldsTheCompositeAndChangesNoCost) {
  ASSERT_EQ(Manager({"stop", "--force"}).exit_code, 0);
  auto start = Manager({"--only", "cloudwatch", "start", "--force"});
  EXPECT_EQ(start.exit_code, 1) << start.out << start.err;
  EXPECT_FALSE(Enabled(kComposite));
  EXPECT_NE(start.out.find(std::string(kComposite) + ": actions left disabled: its rule names "),
            std::string::npos)
      << start.out;
  EXPECT_NE(start.out.find("(no change)"), std::string::npos) << start.out;
  EXPECT_EQ(start.out.find("saves $"), std::string::npos) << start.out;
  EXPECT_EQ(start.out.find("ERROR"), std::string::npos) << start.out;
  EXPECT_EQ(start.out.find("savings"), std::string::npos) << start.out;
  // Held back is not "not attempted": nothing was left to do.
  EXPECT_NE(start.out.find("Start: no step to do; 8 held back\n"), std::string::npos) << start.out;
}

// A caller that may not deregister the endpoint's scalable target: nothing
// of the endpoint changes, nor do its alarms (exit 3, the permission named).
class AlarmHoldBackDeniedTest : public AlarmHoldBackTest {
 protected:
  sandbox::ServerOptions Options() override {
    auto o = ManagerFixture::Options();
    o.estate["credentials"].push_back(
        {{"access_key_id", "AKIANODEREGISTEREXAMPLE"},
         {"secret_access_key", "no-deregister-secret"},
         {"account_id", "000000000000"},
         {"arn", "arn:aws:iam::000000000000:user/parker"},
         {"allow",
          {"sts:*", "sagemaker:*", "kinesis:*", "lambda:*", "cloudwatch:*", "dynamodb:*",
           "application-autoscaling:Describe*", "application-autoscaling:Register*",
           "application-autoscaling:Put*", "application-autoscaling:DeleteScalingPolicy",
           "tag:GetResources"}}});
    return o;
  }
};

TEST_F(AlarmHoldBackDeniedTest, StopWithoutDeregisterLeavesTheEndpointAndItsAlarmsOn) {
  json before = Estate();
  auto stop = Manager({"stop", "--force"}, {"AWS_ACCESS_KEY_ID=AKIANODEREGISTEREXAMPLE",
                                            "AWS_SECRET_ACCESS_KEY=no-deregister-secret"});
  EXPECT_EQ(stop.exit_code, 3) << stop.out << stop.err;
  EXPECT_NE(stop.out.find("application-autoscaling:DeregisterScalableTarget"), std::string::npos)
      << stop.out;
  EXPECT_EQ(MutatingCalls().count("sagemaker:DeleteEndpoint"), 0u);
  for (const char* alarm : kEndpointAlarms) ExpectNeverDisabled(alarm, stop.out);
  ExpectNeverDisabled(kComposite, stop.out);
  for (const char* alarm : kOtherAlarms) EXPECT_FALSE(Enabled(alarm)) << alarm;
  json after = Estate();
  // The endpoint as it was (the notebooks are parked: their permissions
  // are not denied).
  EXPECT_TRUE(after["sagemaker"]["endpoints"] == before["sagemaker"]["endpoints"])
      << json::diff(before["sagemaker"], after["sagemaker"]);
}

// The endpoint cannot be described: it is skipped, so its alarms (and the
// composite naming one) are never disabled nor recorded; the dry run says so.
TEST_F(AlarmHoldBackTest, StopNeverDisablesTheAlarmsOfAResourceItCouldNotDescribe) {
  Fail("sagemaker:DescribeEndpoint@" + std::string(kEndpoint) + "=reset");
  auto plan = Manager({"stop", "--dry-run"});
  EXPECT_NE(
      plan.out.find("HELD  cloudwatch-alarm user-journey-analytics-endpoint-5xx-errors: "
                    "actions left enabled: "
                    "the alarm watches " +
                    std::string(kEndpoint) + ", which was not parked (it could not be described)"),
      std::string::npos)
      << plan.out;
  EXPECT_NE(plan.out.find("HELD  cloudwatch-alarm " + std::string(kComposite) +
                          ": actions left enabled: its rule names "
                          "user-journey-analytics-endpoint-5xx-errors"),
            std::string::npos)
      << plan.out;
  auto stop = Manager({"stop", "--force"});
  EXPECT_EQ(stop.exit_code, 1) << stop.out << stop.err;
  for (const char* alarm : kEndpointAlarms) ExpectNeverDisabled(alarm, stop.out);
  ExpectNeverDisabled(kComposite, stop.out);
  for (const char* alarm : kOtherAlarms) EXPECT_FALSE(Enabled(alarm)) << alarm;
  // One error (the describe); the alarms held back with it are not errors.
  EXPECT_NE(stop.out.find("; 4 held back; 1 error\n"), std::string::npos) << stop.out;
  EXPECT_EQ(stop.out.find("planning found an error"), std::string::npos) << stop.out;

  // Described again: the next stop parks it and mutes its alarms.
  server_->SetFaultRules({});
  auto again = Manager({"stop", "--force"});
  EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
  for (const char* alarm : kEndpointAlarms) EXPECT_FALSE(Enabled(alarm)) << alarm;
  EXPECT_FALSE(Enabled(kComposite));
  EXPECT_EQ(Recorded(kComposite), "stopped");
}

// Kinesis cannot be listed at all: whatever the config names as a stream may
// be running, so the alarms watching it are left on; the rest is parked.
TEST_F(AlarmHoldBackTest, StopLeavesTheAlarmsOfATypeItCouldNotListEnabled) {
  Fail("kinesis:ListStreams=error500");
  auto stop = Manager({"stop", "--force"});
  EXPECT_EQ(stop.exit_code, 1) << stop.out << stop.err;
  for (const char* alarm : {"user-journey-analytics-stream-iterator-age",
                            "user-journey-analytics-stream-write-throttled"}) {
    ExpectNeverDisabled(alarm, stop.out);
    EXPECT_NE(stop.out.find(std::string(alarm) + ": actions left enabled: the alarm watches "
                                                 "user-journey-analytics-user-events, which may be "
                                                 "a kinesis-stream and was not parked "
                                                 "(kinesis-stream could not be listed)"),
              std::string::npos)
        << stop.out;
  }
  for (const char* alarm : kEndpointAlarms) EXPECT_FALSE(Enabled(alarm)) << alarm;
  EXPECT_FALSE(Enabled(kComposite));
  EXPECT_EQ(Recorded(kComposite), "stopped");
}

// The endpoint fails to come back: the composite naming its 5xx alarm stays
// disabled with it, worded as held back (not "planning found an error").
class AlarmHoldBackAtStartTest : public AlarmHoldBackTest {
 protected:
  sandbox::ServerOptions Options() override {
    auto o = ManagerFixture::Options();
    for (auto& c : o.estate["sagemaker"]["endpoint_configs"])
      if (c["EndpointConfigName"] == "user-journey-analytics-exit-risk-endpoint-config")
        c["SandboxCreationFailure"] = "Insufficient capacity for ml.m5.large";
    return o;
  }
};

TEST_F(AlarmHoldBackAtStartTest, CompositeNamingAHeldAlarmStaysDisabled) {
  ASSERT_EQ(Manager({"stop", "--force"}).exit_code, 0);
  ASSERT_FALSE(Enabled(kComposite));
  auto start = Manager({"start", "--force"});
  EXPECT_EQ(start.exit_code, 1) << start.out << start.err;
  EXPECT_FALSE(Enabled(kComposite));
  EXPECT_NE(start.out.find(std::string(kComposite) + ": actions left disabled: its rule names "
                                                     "user-journey-analytics-endpoint-5xx-errors, "
                                                     "whose actions are left disabled"),
            std::string::npos)
      << start.out;
  EXPECT_EQ(Recorded(kComposite), "starting");
  EXPECT_TRUE(Enabled("user-journey-analytics-processor-errors"));
  EXPECT_NE(start.out.find("; 4 held back"), std::string::npos) << start.out;
  EXPECT_EQ(start.out.find("planning found an error"), std::string::npos) << start.out;
  EXPECT_NE(
      start.out.find("NOT CHECKED cloudwatch-alarm " + std::string(kComposite) + ": held back"),
      std::string::npos)
      << start.out;
  // A start saves nothing: no "saves $" line.
  EXPECT_EQ(start.out.find("saves $"), std::string::npos) << start.out;
}

}  // namespace
}  // namespace arm::testing
