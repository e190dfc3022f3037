#include <gtest/gtest.h>

#include "resources/capabilities.h"
#include "resources/types.h"
#include "services/lambda_client.h"
#include "tests/testing/service_test_env.h"

namespace arm {
namespace {

using nlohmann::json;

Snapshot Function(const std::string& name, const json& reserved) {
  Snapshot s;
  s.type = "lambda-function";
  s.name = name;
  s.config = {{"reserved_concurrency", reserved}};
  return s;
}

json Reserved(const json& v) { return {{"reserved_concurrency", v}}; }

class LambdaFunctionTest : public ::testing::Test {
 protected:
  void TearDown() override {
    if (pure_) {
      EXPECT_TRUE(env_.requests().empty());
    }
  }
  PlanOutput Stop(const Snapshot& s) const { return type_->PlanStop({{&s, s.config, ""}}); }
  PlanOutput Start(const Snapshot& s, const json& original) const {
    return type_->PlanStart({{&s, original, "stopped"}});
  }

  bool pure_ = true;
  testing::ServiceTestEnv env_;
  LambdaClient client_{env_.client()};
  std::unique_ptr<ResourceType> type_ = MakeLambdaFunctionType(client_);
};

TEST_F(LambdaFunctionTest, StopParksAReservedFunctionAtZero) {
  Snapshot s = Function("f", 5);
  PlanOutput out = Stop(s);
  ASSERT_EQ(out.actions.size(), 1u);
  EXPECT_EQ(out.actions[0].api, "lambda:PutFunctionConcurrency");
  EXPECT_EQ(out.actions[0].params, Reserved(0));
  EXPECT_EQ(out.actions[0].summary, "PutFunctionConcurrency f 5 -> 0");
}

TEST_F(LambdaFunctionTest, StartRestoresTheRecordedReservation) {
  Snapshot parked = Function("f", 0);
  PlanOutput out = Start(parked, Reserved(5));
  ASSERT_EQ(out.actions.size(), 1u);
  EXPECT_EQ(out.actions[0].api, "lambda:PutFunctionConcurrency");
  EXPECT_EQ(out.actions[0].params, Reserved(5));
}

TEST_F(LambdaFunctionTest, StopParksAnUnreservedFunctionAtZero) {
  Snapshot s = Function("f", nullptr);
  PlanOutput out = Stop(s);
  ASSERT_EQ(out.actions.size(), 1u);
  EXPECT_EQ(out.actions[0].params, Reserved(0));
  EXPECT_EQ(out.actions[0].summary, "PutFunctionConcurrency f no reservation -> 0");
}

TEST_F(LambdaFunctionTest, StartRestoresNoReservationByDeletingIt) {
  Snapshot parked = Function("f", 0);
  PlanOutput out = Start(parked, Reserved(nullptr));
  ASSERT_EQ(out.actions.size(), 1u);
  EXPECT_EQ(out.actions[0].api, "lambda:DeleteFunctionConcurrency");
  EXPECT_TRUE(out.actions[0].params.at("reserved_concurrency").is_null());
}

TEST_F(LambdaFunctionTest, AlreadyParkedFunctionNeedsNoAction) {
  Snapshot s = Function("f", 0);
  EXPECT_TRUE(Stop(s).actions.empty());
  EXPECT_TRUE(Stop(s).notes.empty());
}

TEST_F(LambdaFunctionTest, StartOfARunningFunctionChangesNothing) {
  EXPECT_TRUE(Start(Function("f", 5), Reserved(5)).actions.empty());
  EXPECT_TRUE(Start(Function("f", nullptr), Reserved(nullptr)).actions.empty());
}

TEST_F(LambdaFunctionTest, MissingFunctionIsAnError) {
  Snapshot s = Function("f", nullptr);
  s.exists = false;
  s.config = json::object();
  EXPECT_EQ(Stop(s).notes.at(0).severity, Severity::kError);
  PlanOutput out = Start(s, Reserved(5));
  EXPECT_TRUE(out.actions.empty());
  EXPECT_NE(out.notes.at(0).message.find("5"), std::string::npos);
}

TEST_F(LambdaFunctionTest, ClassifyTellsZeroFromNoReservation) {
  json none = Reserved(nullptr), five = Reserved(5);
  EXPECT_EQ(type_->Classify(Function("f", 0), &none), Condition::kStopped);
  EXPECT_EQ(type_->Classify(Function("f", nullptr), &none), Condition::kRunning);
  EXPECT_EQ(type_->Classify(Function("f", 5), &five), Condition::kRunning);
  EXPECT_EQ(type_->Classify(Function("f", 7), &five), Condition::kDrifted);
  EXPECT_EQ(type_->Classify(Function("f", 0), nullptr), Condition::kStopped);
  EXPECT_EQ(type_->Classify(Function("f", nullptr), nullptr), Condition::kRunning);
}

TEST_F(LambdaFunctionTest, VerifyTellsZeroFromNoReservation) {
  EXPECT_EQ(type_->Verify(Function("f", nullptr), Reserved(nullptr)), "");
  EXPECT_EQ(type_->Verify(Function("f", 0), Reserved(nullptr)),
            "reserved concurrency is 0, expected no reservation");
  EXPECT_EQ(type_->Verify(Function("f", 5), Reserved(5)), "");
}

TEST_F(LambdaFunctionTest, ParkedMeansZeroReservedConcurrency) {
  EXPECT_EQ(type_->Parked(Function("f", nullptr)).config, Reserved(0));
}

TEST_F(LambdaFunctionTest, ApplyPutsTheNumber) {
  pure_ = false;
  env_.EnqueueJson({{"ReservedConcurrentExecutions", 5}});
  Action a = Start(Function("f", 0), Reserved(5)).actions.at(0);
  ASSERT_TRUE(type_->Apply(a, ApplyOptions()).ok());
  ASSERT_EQ(env_.requests().size(), 1u);
  EXPECT_EQ(env_.request(0).method, "PUT");
  EXPECT_EQ(env_.request(0).path, "/2017-10-31/functions/f/concurrency");
  EXPECT_EQ(env_.JsonBody(0), (json{{"ReservedConcurrentExecutions", 5}}));
}

TEST_F(LambdaFunctionTest, ApplyDeletesTheReservation) {
  pure_ = false;
  env_.transport().Enqueue(204, "");
  Action a = Start(Function("f", 0), Reserved(nullptr)).actions.at(0);
  ASSERT_TRUE(type_->Apply(a, ApplyOptions()).ok());
  ASSERT_EQ(env_.requests().size(), 1u);
  EXPECT_EQ(env_.request(0).method, "DELETE");
  EXPECT_EQ(env_.request(0).path, "/2017-10-31/functions/f/concurrency");
}

TEST_F(LambdaFunctionTest, ApplyReturnsTheAwsError) {
  pure_ = false;
  env_.EnqueueJsonError(429, "TooManyRequestsException", "slow down");
  Action a = Stop(Function("f", 5)).actions.at(0);
  Status s = type_->Apply(a, ApplyOptions());
  EXPECT_FALSE(s.ok());
  EXPECT_TRUE(s.IsAws("TooManyRequestsException")) << s.ToString();
}

TEST_F(LambdaFunctionTest, ChangedWhileParkedIsReportedAsDriftAndRestored) {
  Snapshot s = Function("f", 7);
  PlanOutput out = Start(s, Reserved(5));
  ASSERT_EQ(out.actions.size(), 1u);
  EXPECT_EQ(out.actions[0].params.at("reserved_concurrency"), 5);
  ASSERT_EQ(out.notes.size(), 1u);
  EXPECT_EQ(out.notes[0].severity, Severity::kWarning);
  EXPECT_NE(out.notes[0].message.find("drift"), std::string::npos) << out.notes[0].message;
}

TEST_F(LambdaFunctionTest, StartFactsReadTheAccountOnlyWhenARestoreReserves) {
  Snapshot parked = Function("f", 0);
  std::vector<Action> releases = {Start(parked, Reserved(nullptr)).actions.at(0)};
  auto none = type_->start_limits()->StartFacts(releases);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->is_null());
  EXPECT_TRUE(env_.requests().empty());

  pure_ = false;
  env_.EnqueueJson(
      {{"AccountLimit", {{"ConcurrentExecutions", 1000}, {"UnreservedConcurrentExecutions", 590}}},
       {"AccountUsage", {{"FunctionCount", 4}}}});
  releases.push_back(Start(parked, Reserved(500)).actions.at(0));
  auto facts = type_->start_limits()->StartFacts(releases);
  ASSERT_TRUE(facts.ok()) << facts.status().ToString();
  EXPECT_EQ(*facts, (json{{"concurrent_executions", 1000},
                          {"unreserved_concurrent_executions", 590},
                          {"unreserved_minimum", 100}}));
  ASSERT_EQ(env_.requests().size(), 1u);
  EXPECT_EQ(env_.request(0).method, "GET");
  EXPECT_EQ(env_.request(0).path, "/2016-08-19/account-settings/");
}

TEST_F(LambdaFunctionTest, StartFactsReturnTheAwsError) {
  pure_ = false;
  env_.EnqueueJsonError(403, "AccessDeniedException",
                        "not authorized to perform lambda:GetAccountSettings");
  auto facts =
      type_->start_limits()->StartFacts({Start(Function("f", 0), Reserved(5)).actions.at(0)});
  ASSERT_FALSE(facts.ok());
  EXPECT_EQ(facts.status().aws_code(), "AccessDeniedException");
}

TEST_F(LambdaFunctionTest, FitStartRefusesWhatTheAccountCannotGrantAndKeepsTheRest) {
  Snapshot a = Function("a", 0), b = Function("b", 0), c = Function("c", 0), d = Function("d", 50);
  std::vector<PlanTarget> targets = {{&a, Reserved(300), "stopped"},
                                     {&b, Reserved(500), "stopped"},
                                     {&c, Reserved(nullptr), "stopped"},
                                     {&d, Reserved(50), "stopped"}};
  PlanOutput out = type_->PlanStart(targets);
  ASSERT_EQ(out.actions.size(), 3u);  // d is as recorded
  json facts = {{"concurrent_executions", 1000},
                {"unreserved_concurrent_executions", 590},
                {"unreserved_minimum", 100}};
  type_->start_limits()->FitStart(targets, facts, out);
  ASSERT_EQ(out.actions.size(), 2u);
  EXPECT_EQ(out.actions[0].names.at(0), "a");
  EXPECT_EQ(out.actions[1].names.at(0), "c");
  ASSERT_EQ(out.notes.size(), 1u);
  EXPECT_EQ(out.notes[0].name, "b");
  EXPECT_EQ(out.notes[0].severity, Severity::kError);
  EXPECT_EQ(out.notes[0].message,
            "cannot restore reserved concurrency 500: the account has 290 unreserved (after the "
            "restores before it "
            "in this run), 100 must stay unreserved; lower other reservations or raise the account "
            "limit, then run "
            "start again");
}

TEST_F(LambdaFunctionTest, FitStartCountsADriftedReservationAsFreed) {
  // Drifted to 200 while parked: restoring 350 takes 150 more of the 250.
  Snapshot s = Function("f", 200);
  std::vector<PlanTarget> targets = {{&s, Reserved(350), "stopped"}};
  PlanOutput out = type_->PlanStart(targets);
  type_->start_limits()->FitStart(
      targets, {{"unreserved_concurrent_executions", 250}, {"unreserved_minimum", 100}}, out);
  EXPECT_EQ(out.actions.size(), 1u);
}

TEST_F(LambdaFunctionTest, CheckOriginalNamesTheField) {
  EXPECT_TRUE(type_->CheckOriginal(Reserved(5)).ok());
  EXPECT_TRUE(type_->CheckOriginal(Reserved(nullptr)).ok());
  EXPECT_EQ(type_->CheckOriginal(Reserved("five")).message(),
            "reserved_concurrency: expected a whole number from 0 or null, got \"five\"");
  EXPECT_FALSE(type_->CheckOriginal(Reserved(-1)).ok());
  EXPECT_FALSE(type_->CheckOriginal(json::object()).ok());
}

}  // namespace
}  // namespace arm
