#include "engine/executor.h"

#include <gtest/gtest.h>

#include <atomic>
#include <map>

#include "tests/testing/fake_clock.h"
#include "tests/testing/fake_resource_type.h"

namespace arm {
namespace {

class ExecutorTest : public ::testing::Test {
 protected:
  // An action of chain `chain` setting `name` to `value`.
  Action Step(const std::string& chain, const std::string& summary, int value = 0) {
    Action a = type_.MakeAction(chain, 1, value);
    a.summary = summary;
    return a;
  }
  std::vector<ActionOutcome> Run(const std::vector<Action>& actions, ExecOptions options = {}) {
    PlanStage stage{"fake", 1, actions};
    return RunStage(stage, type_, clock_, options);
  }
  std::vector<std::string> Applied() const {
    std::vector<std::string> out;
    for (const auto& a : world_.applied()) out.push_back(a.summary);
    return out;
  }
  // Fails every action whose summary is in `failing`.
  void FailOn(std::set<std::string> failing) {
    world_.set_before_apply([failing](const Action& a) {
      return failing.count(a.summary) ? Status::Aws("ThrottlingException", "no", 400, "r", true)
                                      : Status::Ok();
    });
  }

  testing::FakeClock clock_;
  testing::FakeWorld world_;
  testing::FakeResourceType type_{world_, "fake", "fake", 1};
};

TEST_F(ExecutorTest, ChainRunsItsActionsInOrder) {
  ExecOptions options;
  options.workers = 1;
  auto outcomes = Run({Step("a", "a1"), Step("a", "a2"), Step("a", "a3")}, options);
  EXPECT_EQ(Applied(), (std::vector<std::string>{"a1", "a2", "a3"}));
  for (const auto& o : outcomes) {
    EXPECT_TRUE(o.ran);
    EXPECT_TRUE(o.status.ok());
  }
}

TEST_F(ExecutorTest, OutcomesKeepThePlanOrder) {
  auto outcomes = Run({Step("a", "a1"), Step("b", "b1"), Step("a", "a2")});
  ASSERT_EQ(outcomes.size(), 3u);
  EXPECT_EQ(outcomes[0].action.summary, "a1");
  EXPECT_EQ(outcomes[1].action.summary, "b1");
  EXPECT_EQ(outcomes[2].action.summary, "a2");
}

TEST_F(ExecutorTest, FailingChainHaltsOnlyItself) {
  FailOn({"a2"});
  ExecOptions options;
  options.workers = 2;
  auto outcomes =
      Run({Step("a", "a1"), Step("a", "a2"), Step("a", "a3"), Step("b", "b1"), Step("b", "b2")},
          options);
  EXPECT_TRUE(outcomes[0].status.ok());
  EXPECT_TRUE(outcomes[1].ran);
  EXPECT_TRUE(outcomes[1].status.IsAws("ThrottlingException"));
  EXPECT_FALSE(outcomes[2].ran);
  EXPECT_EQ(outcomes[2].status.code(), StatusCode::kAborted);
  EXPECT_TRUE(outcomes[3].status.ok());
  EXPECT_TRUE(outcomes[4].status.ok());
  EXPECT_TRUE(outcomes[4].ran);
  auto applied = Applied();
  EXPECT_EQ(std::count(applied.begin(), applied.end(), "a3"), 0);
  EXPECT_EQ(applied.size(), 4u);
}

TEST_F(ExecutorTest, InterruptionStopsNewActions) {
  std::atomic<bool> interrupted{false};
  world_.set_before_apply([&](const Action&) {
    interrupted = true;  // SIGINT arrives while the first call is in flight
    return Status::Ok();
  });
  ExecOptions options;
  options.workers = 1;
  options.interrupted = &interrupted;
  auto outcomes = Run({Step("a", "a1"), Step("a", "a2"), Step("b", "b1")}, options);
  EXPECT_EQ(Applied(), std::vector<std::string>{"a1"});
  EXPECT_TRUE(outcomes[0].status.ok());  // the in-flight call finishes
  EXPECT_EQ(world_.Get("fake", "a"), 0);
  EXPECT_FALSE(outcomes[1].ran);
  EXPECT_EQ(outcomes[1].status.code(), StatusCode::kInterrupted);
  EXPECT_FALSE(outcomes[2].ran);
  EXPECT_EQ(outcomes[2].status.code(), StatusCode::kInterrupted);
}

TEST_F(ExecutorTest, NoWaitDefersTheRestOfTheChain) {
  Action create = Step("ep", "create"), wait = Step("ep", "wait"), scale = Step("ep", "scale");
  wait.params["defer_if_no_wait"] = true;
  ExecOptions options;
  options.apply.wait = false;
  auto outcomes = Run({create, wait, scale, Step("other", "other")}, options);
  EXPECT_EQ(Applied().size(), 2u);
  EXPECT_TRUE(outcomes[0].ran);
  for (int i : {1, 2}) {
    EXPECT_FALSE(outcomes[i].ran);
    EXPECT_TRUE(outcomes[i].deferred);
    EXPECT_TRUE(outcomes[i].status.ok());
  }
  EXPECT_TRUE(outcomes[3].ran);
}

TEST_F(ExecutorTest, WaitingRunsTheDeferrableStep) {
  Action wait = Step("ep", "wait");
  wait.params["defer_if_no_wait"] = true;
  auto outcomes = Run({Step("ep", "create"), wait, Step("ep", "scale")});
  EXPECT_EQ(Applied(), (std::vector<std::string>{"create", "wait", "scale"}));
  for (const auto& o : outcomes) EXPECT_FALSE(o.deferred);
}

TEST_F(ExecutorTest, ParallelWorkersRunEachActionExactlyOnce) {
  std::vector<Action> actions;
  for (int c = 0; c < 40; ++c) {
    for (int s = 0; s < 3; ++s) {
      actions.push_back(
          Step("c" + std::to_string(c), "c" + std::to_string(c) + "-" + std::to_string(s)));
    }
  }
  ExecOptions options;
  options.workers = 8;
  std::atomic<int> reported{0};
  options.on_outcome = [&](const ActionOutcome&) { reported++; };
  auto outcomes = Run(actions, options);
  EXPECT_EQ(reported.load(), 120);
  std::map<std::string, int> count;
  std::map<std::string, std::vector<std::string>> order;  // chain -> summaries in call order
  for (const auto& a : world_.applied()) {
    count[a.summary]++;
    order[a.names[0]].push_back(a.summary);
  }
  ASSERT_EQ(count.size(), 120u);
  for (const auto& [summary, n] : count) EXPECT_EQ(n, 1) << summary;
  for (const auto& [chain, summaries] : order) {
    EXPECT_EQ(summaries, (std::vector<std::string>{chain + "-0", chain + "-1", chain + "-2"}));
  }
  for (const auto& o : outcomes) EXPECT_TRUE(o.ran && o.status.ok());
}

TEST_F(ExecutorTest, OutcomeTimesComeFromTheClock) {
  world_.set_before_apply([&](const Action&) {
    clock_.Advance(std::chrono::milliseconds(1500));
    return Status::Ok();
  });
  ExecOptions options;
  options.workers = 1;
  auto outcomes = Run({Step("a", "a1")}, options);
  EXPECT_EQ(outcomes[0].started_at, "2015-08-30T12:36:00Z");
  EXPECT_EQ(outcomes[0].duration_ms, 1500);
}

// An exception thrown by a resource type (a malformed parameter read with
// nlohmann's at()/get()) is that step's error, not the end of the process.
TEST_F(ExecutorTest, ExceptionInApplyFailsOnlyItsChain) {
  world_.set_before_apply([](const Action& a) -> Status {
    if (a.summary == "a1")
      return Status::InvalidArgument(std::to_string(nlohmann::json("x").get<int>()));
    return Status::Ok();
  });
  ExecOptions options;
  options.workers = 2;
  auto outcomes = Run({Step("a", "a1"), Step("a", "a2"), Step("b", "b1")}, options);
  EXPECT_EQ(outcomes[0].status.code(), StatusCode::kInternal);
  EXPECT_NE(outcomes[0].status.message().find("unexpected error"), std::string::npos)
      << outcomes[0].status.ToString();
  EXPECT_EQ(outcomes[1].status.code(), StatusCode::kAborted);
  EXPECT_TRUE(outcomes[2].status.ok());
}

}  // namespace
}  // namespace arm
