#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <functional>
#include <map>
#include <mutex>

#include "resources/capabilities.h"
#include "resources/types.h"
#include "services/cloudwatch_client.h"
#include "tests/testing/service_test_env.h"

namespace arm {
namespace {

using nlohmann::json;

Snapshot Alarm(const std::string& name, bool enabled) {
  Snapshot s;
  s.type = "cloudwatch-alarm";
  s.name = name;
  s.config = {{"actions_enabled", enabled}};
  s.details = {{"composite", false}, {"period", 60}};
  return s;
}

json Enabled(bool v) { return {{"actions_enabled", v}}; }

std::string Numbered(int i) {
  char buf[16];
  std::snprintf(buf, sizeof(buf), "a%03d", i);
  return buf;
}

class CloudWatchAlarmTest : public ::testing::Test {
 protected:
  void TearDown() override {
    if (pure_) {
      EXPECT_TRUE(env_.requests().empty());
    }
  }
  PlanOutput Stop(const std::vector<Snapshot>& snaps) const {
    std::vector<PlanTarget> targets;
    for (const auto& s : snaps) targets.push_back({&s, s.config, ""});
    return type_->PlanStop(targets);
  }
  // `originals[i]` is what snaps[i] was before the stop.
  PlanOutput Start(const std::vector<Snapshot>& snaps, const std::vector<bool>& originals) const {
    std::vector<PlanTarget> targets;
    for (size_t i = 0; i < snaps.size(); ++i)
      targets.push_back({&snaps[i], Enabled(originals[i]), "stopped"});
    return type_->PlanStart(targets);
  }

  bool pure_ = true;
  testing::ServiceTestEnv env_;
  CloudWatchClient client_{env_.client()};
  std::unique_ptr<ResourceType> type_ = MakeCloudWatchAlarmType(client_);
};

TEST_F(CloudWatchAlarmTest, StopDisablesOnlyEnabledAlarms) {
  PlanOutput out = Stop({Alarm("b", true), Alarm("a", false), Alarm("c", true)});
  ASSERT_EQ(out.actions.size(), 1u);
  EXPECT_EQ(out.actions[0].api, "cloudwatch:DisableAlarmActions");
  EXPECT_EQ(out.actions[0].names, (std::vector<std::string>{"b", "c"}));
  EXPECT_EQ(out.actions[0].params,
            (json{{"enable", false}, {"watches", {{"b", json::array()}, {"c", json::array()}}}}));
  EXPECT_EQ(out.actions[0].summary, "DisableAlarmActions for 2 alarms: b c");
}

TEST_F(CloudWatchAlarmTest, StopBatchesAtMostOneHundredNames) {
  std::vector<Snapshot> snaps;
  for (int i = 0; i < 250; ++i) snaps.push_back(Alarm(Numbered(i), true));
  PlanOutput out = Stop(snaps);
  ASSERT_EQ(out.actions.size(), 3u);
  EXPECT_EQ(out.actions[0].names.size(), 100u);
  EXPECT_EQ(out.actions[1].names.size(), 100u);
  EXPECT_EQ(out.actions[2].names.size(), 50u);
  EXPECT_EQ(out.actions[0].names.front(), "a000");
  EXPECT_EQ(out.actions[2].names.back(), "a249");
  std::set<std::string> chains;
  for (const auto& a : out.actions) chains.insert(a.chain);
  EXPECT_EQ(chains.size(), 3u);  // batches are independent
}

TEST_F(CloudWatchAlarmTest, StartReEnablesOnlyAlarmsThatWereEnabled) {
  // "a" was enabled and parked; "b" was disabled before the stop.
  PlanOutput out = Start({Alarm("a", false), Alarm("b", false)}, {true, false});
  ASSERT_EQ(out.actions.size(), 1u);
  EXPECT_EQ(out.actions[0].api, "cloudwatch:EnableAlarmActions");
  EXPECT_EQ(out.actions[0].names, std::vector<std::string>{"a"});
  EXPECT_EQ(out.actions[0].params, (json{{"enable", true}, {"watches", {{"a", json::array()}}}}));
}

Snapshot Watching(const std::string& name, const std::string& resource) {
  Snapshot s = Alarm(name, false);
  s.details["watches"] = {resource, "AllTraffic"};
  return s;
}

std::function<std::string(const std::string&)> Holding(
    const std::set<std::string>& names, const std::string& why = "did not come back") {
  return [names, why](const std::string& n) { return names.count(n) ? why : std::string(); };
}

Snapshot Composite(const std::string& name, bool enabled,
                   const std::vector<std::string>& rule_names) {
  Snapshot s = Alarm(name, enabled);
  s.details["composite"] = true;
  s.details["rule_names"] = rule_names;
  return s;
}

TEST_F(CloudWatchAlarmTest, HoldBackKeepsAlarmsOfWhatDidNotComeBackDisabled) {
  PlanOutput out = Start({Watching("ep-latency", "ep"), Watching("ep-errors", "ep"),
                          Watching("stream-age", "stream"), Alarm("plain", false)},
                         {true, true, true, true});
  ASSERT_EQ(out.actions.size(), 1u);
  std::vector<PlanNote> held;
  std::vector<Action> kept = type_->watcher()->HoldBack(out.actions, Holding({"ep"}), &held);
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0].names, (std::vector<std::string>{"plain", "stream-age"}));
  EXPECT_NE(kept[0].summary.find("2 alarms"), std::string::npos) << kept[0].summary;
  ASSERT_EQ(held.size(), 2u);
  EXPECT_EQ(held[0].name, "ep-errors");
  // Held back with what failed: not an error of its own.
  EXPECT_EQ(held[0].severity, Severity::kHeld);
  EXPECT_NE(held[0].message.find("actions left disabled: the alarm watches ep, "
                                 "which did not come back"),
            std::string::npos)
      << held[0].message;
  EXPECT_NE(held[0].message.find("aws-resource-manager start"), std::string::npos);
  // Nothing held when everything came back; everything when all watch it.
  held.clear();
  EXPECT_EQ(type_->watcher()->HoldBack(out.actions, Holding({}), &held)[0].names.size(), 4u);
  EXPECT_TRUE(held.empty());
  PlanOutput only_ep = Start({Watching("ep-latency", "ep")}, {true});
  EXPECT_TRUE(type_->watcher()->HoldBack(only_ep.actions, Holding({"ep"}), &held).empty());
}

TEST_F(CloudWatchAlarmTest, HoldBackAtStopLeavesTheAlarmsOfWhatWasNotParkedEnabled) {
  PlanOutput out = Stop({Watching("ep-errors", "ep"), Watching("stream-age", "stream")});
  ASSERT_EQ(out.actions.size(), 0u);  // Watching() builds disabled alarms
  Snapshot on_ep = Watching("ep-errors", "ep"), on_stream = Watching("stream-age", "stream");
  on_ep.config["actions_enabled"] = true;
  on_stream.config["actions_enabled"] = true;
  out = Stop({on_ep, on_stream});
  ASSERT_EQ(out.actions.size(), 1u);
  std::vector<PlanNote> held;
  std::vector<Action> kept = type_->watcher()->HoldBack(
      out.actions, Holding({"ep"}, "was not parked: DeleteEndpoint ep failed"), &held);
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0].api, "cloudwatch:DisableAlarmActions");
  EXPECT_EQ(kept[0].names, std::vector<std::string>{"stream-age"});
  ASSERT_EQ(held.size(), 1u);
  EXPECT_EQ(held[0].severity, Severity::kHeld);
  EXPECT_EQ(held[0].message,
            "actions left enabled: the alarm watches ep, which was not parked: "
            "DeleteEndpoint ep failed");
}

// A composite moves with the alarms its rule names, nested ones too: never
// re-armed while one stays disabled, never muted while one is left on.
TEST_F(CloudWatchAlarmTest, CompositeIsHeldBackWithTheAlarmsItsRuleNames) {
  std::vector<Snapshot> parked = {Watching("ep-errors", "ep"), Watching("fn-errors", "fn"),
                                  Composite("health", false, {"ep-errors", "fn-errors"}),
                                  Composite("top", false, {"health"}),
                                  Composite("fn-only", false, {"fn-errors"})};
  PlanOutput start = Start(parked, {true, true, true, true, true});
  ASSERT_EQ(start.actions.size(), 1u);
  EXPECT_EQ(start.actions[0].params["rule_names"]["health"], (json{"ep-errors", "fn-errors"}));
  std::vector<PlanNote> held;
  std::vector<Action> kept = type_->watcher()->HoldBack(start.actions, Holding({"ep"}), &held);
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0].names, (std::vector<std::string>{"fn-errors", "fn-only"}));
  std::map<std::string, std::string> why;
  for (const auto& n : held) why[n.name] = n.message;
  ASSERT_EQ(why.size(), 3u);
  EXPECT_NE(why["health"].find("its rule names ep-errors, whose actions are left disabled"),
            std::string::npos)
      << why["health"];
  EXPECT_NE(why["top"].find("its rule names health"), std::string::npos) << why["top"];

  // The same at stop, in the other direction.
  std::vector<Snapshot> running = parked;
  for (auto& s : running) s.config["actions_enabled"] = true;
  PlanOutput stop = Stop(running);
  held.clear();
  kept = type_->watcher()->HoldBack(stop.actions, Holding({"ep"}, "was not parked"), &held);
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0].names, (std::vector<std::string>{"fn-errors", "fn-only"}));
  ASSERT_EQ(held.size(), 3u);
  for (const auto& n : held)
    EXPECT_EQ(n.message.rfind("actions left enabled: ", 0), 0u) << n.message;
}

TEST_F(CloudWatchAlarmTest, RevertReEnablesTheNamedAlarmsOfTheDoneActions) {
  Snapshot a = Watching("a", "ep"), b = Watching("b", "fn");
  a.config["actions_enabled"] = true;
  b.config["actions_enabled"] = true;
  PlanOutput stop = Stop({a, b});
  std::vector<Action> undo = type_->watcher()->Revert(stop.actions, {"a"});
  ASSERT_EQ(undo.size(), 1u);
  EXPECT_EQ(undo[0].api, "cloudwatch:EnableAlarmActions");
  EXPECT_EQ(undo[0].names, std::vector<std::string>{"a"});
  EXPECT_TRUE(undo[0].params.at("enable").get<bool>());
  EXPECT_NE(undo[0].chain, stop.actions[0].chain);
  EXPECT_TRUE(type_->watcher()->Revert(stop.actions, {"elsewhere"}).empty());
}

TEST_F(CloudWatchAlarmTest, AlarmDisabledBeforeStopStaysDisabled) {
  Snapshot was_off = Alarm("off", false);
  PlanOutput stop = Stop({was_off});
  EXPECT_TRUE(stop.actions.empty());
  EXPECT_EQ(type_->Classify(was_off, nullptr), Condition::kStopped);
  json original = Enabled(false);
  EXPECT_EQ(type_->Classify(was_off, &original), Condition::kRunning);
  EXPECT_TRUE(Start({was_off}, {false}).actions.empty());
  EXPECT_EQ(type_->Verify(was_off, original), "");
}

TEST_F(CloudWatchAlarmTest, StartBatchesAtMostOneHundredNames) {
  std::vector<Snapshot> snaps;
  for (int i = 0; i < 201; ++i) snaps.push_back(Alarm(Numbered(i), false));
  PlanOutput out = Start(snaps, std::vector<bool>(snaps.size(), true));
  ASSERT_EQ(out.actions.size(), 3u);
  EXPECT_EQ(out.actions[2].names, std::vector<std::string>{"a200"});
}

TEST_F(CloudWatchAlarmTest, AlreadyEnabledAlarmIsNotEnabledAgain) {
  EXPECT_TRUE(Start({Alarm("a", true)}, {true}).actions.empty());
}

TEST_F(CloudWatchAlarmTest, MissingAlarmIsAnError) {
  Snapshot gone = Alarm("gone", true);
  gone.exists = false;
  EXPECT_EQ(Stop({gone}).notes.at(0).severity, Severity::kError);
  EXPECT_EQ(Start({gone}, {true}).notes.at(0).severity, Severity::kError);
  EXPECT_EQ(type_->Classify(gone, nullptr), Condition::kMissing);
  EXPECT_EQ(type_->Verify(gone, Enabled(true)), "alarm is missing");
}

TEST_F(CloudWatchAlarmTest, ClassifyAndVerifyCompareWithTheOriginal) {
  json on = Enabled(true);
  EXPECT_EQ(type_->Classify(Alarm("a", true), &on), Condition::kRunning);
  EXPECT_EQ(type_->Classify(Alarm("a", false), &on), Condition::kStopped);
  json off = Enabled(false);
  EXPECT_EQ(type_->Classify(Alarm("a", true), &off), Condition::kDrifted);
  EXPECT_EQ(type_->Verify(Alarm("a", false), on), "actions are disabled, expected enabled");
}

TEST_F(CloudWatchAlarmTest, ParkingSavesNothing) {
  Snapshot running = Alarm("a", true);
  Snapshot parked = type_->Parked(running);
  EXPECT_EQ(parked.config, Enabled(false));
  PriceTable prices =
      PriceTable::Parse(R"({"schema_version": 1, "regions": {}})", "empty", {}).value();
  EXPECT_EQ(type_->CostOf(running, prices, "us-east-1").hourly_usd,
            type_->CostOf(parked, prices, "us-east-1").hourly_usd);
}

TEST_F(CloudWatchAlarmTest, ApplySendsTheBatchInOneCall) {
  pure_ = false;
  env_.EnqueueXml(
      "<DisableAlarmActionsResponse "
      "xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\">"
      "<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></"
      "DisableAlarmActionsResponse>");
  PlanOutput out = Stop({Alarm("a", true), Alarm("b", true)});
  ASSERT_TRUE(type_->Apply(out.actions.at(0), ApplyOptions()).ok());
  ASSERT_EQ(env_.requests().size(), 1u);
  auto form = env_.Form(0);
  EXPECT_EQ(form["Action"], "DisableAlarmActions");
  EXPECT_EQ(form["AlarmNames.member.1"], "a");
  EXPECT_EQ(form["AlarmNames.member.2"], "b");
}

// Answers DescribeAlarms with the alarms it names, holding the calls until two
// have been in flight at once (or a second passes), and counts calls in flight.
class ConcurrentAlarmTransport final : public HttpTransport {
 public:
  Result<HttpResponse> Send(const HttpRequest& request) override {
    auto form = testing::ServiceTestEnv::ParseForm(request.body);
    std::string members;
    for (int i = 1; form.count("AlarmNames.member." + std::to_string(i)); ++i) {
      const std::string& name = form["AlarmNames.member." + std::to_string(i)];
      members += "<member><AlarmName>" + name + "</AlarmName><AlarmArn>arn:" + name +
                 "</AlarmArn><ActionsEnabled>true</"
                 "ActionsEnabled><StateValue>OK</StateValue></member>";
    }
    {
      std::unique_lock<std::mutex> lock(mu_);
      most_ = std::max(most_, ++in_flight_);
      cv_.notify_all();
      cv_.wait_for(lock, std::chrono::seconds(1), [&] { return most_ >= 2; });
      ++calls_;
    }
    HttpResponse r;
    r.status = 200;
    r.body =
        "<DescribeAlarmsResponse "
        "xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/"
        "\"><DescribeAlarmsResult>"
        "<MetricAlarms>" +
        members +
        "</MetricAlarms><CompositeAlarms/></DescribeAlarmsResult>"
        "<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></"
        "DescribeAlarmsResponse>";
    r.headers = {{"Content-Type", "text/xml"}};
    std::lock_guard<std::mutex> lock(mu_);
    --in_flight_;
    return r;
  }
  int most() {
    std::lock_guard<std::mutex> lock(mu_);
    return most_;
  }
  int calls() {
    std::lock_guard<std::mutex> lock(mu_);
    return calls_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int in_flight_ = 0, most_ = 0, calls_ = 0;
};

TEST(CloudWatchAlarmDiscoverTest, AlarmsByNameAreDescribedOneHundredPerCallSideBySide) {
  MapEnvironment env;
  ConcurrentAlarmTransport transport;
  testing::FakeClock clock;
  StaticCredentialsProvider credentials(
      Credentials{"AKIDEXAMPLE", "secret", "", std::nullopt, "static"});
  EndpointResolver resolver(EndpointConfig{"us-east-1", "http://127.0.0.1:4566", "", false}, env);
  AwsClient aws(transport, credentials, resolver, clock, RetryOptions());
  CloudWatchClient cw(aws);
  auto type = MakeCloudWatchAlarmType(cw);
  TypeSelection sel;
  for (int i = 0; i < 250; ++i) sel.saved_names.insert(Numbered(i));
  sel.skip_listing = true;
  sel.parallelism = 4;
  auto snaps = type->Discover(sel);
  ASSERT_TRUE(snaps.ok()) << snaps.status().ToString();
  ASSERT_EQ(snaps->size(), 250u);
  EXPECT_EQ(snaps->front().name, "a000");
  EXPECT_EQ(snaps->back().name, "a249");
  for (const auto& s : *snaps) EXPECT_TRUE(s.exists) << s.name;
  EXPECT_EQ(transport.calls(), 3);  // 100 + 100 + 50 names
  EXPECT_GE(transport.most(), 2);
}

}  // namespace
}  // namespace arm
