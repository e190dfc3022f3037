#include "engine/state_index.h"

#include <gtest/gtest.h>

namespace arm {
namespace {

State TwoEntries() {
  State s;
  s.Upsert("lambda-function", "a").status = "stopped";
  s.Upsert("kinesis-stream", "a").status = "running";
  return s;
}

TEST(StateIndexTest, FindsWhatStateFindFinds) {
  State s = TwoEntries();
  StateIndex index(s);
  EXPECT_EQ(index.Find(s, "lambda-function", "a"), s.Find("lambda-function", "a"));
  EXPECT_EQ(index.Find(s, "kinesis-stream", "a"), s.Find("kinesis-stream", "a"));
  EXPECT_EQ(index.Find(s, "kinesis-stream", "b"), nullptr);
  // The separator keeps ("ab", "c") and ("a", "bc") apart.
  EXPECT_EQ(index.Find(s, "lambda-functiona", ""), nullptr);
  const State& cs = s;
  EXPECT_EQ(index.Find(cs, "lambda-function", "a")->status, "stopped");
}

TEST(StateIndexTest, UpsertAppendsOnceAndKeepsEarlierEntriesFindable) {
  State s = TwoEntries();
  StateIndex index(s);
  for (int i = 0; i < 1000; ++i)
    index.Upsert(s, "cloudwatch-alarm", "alarm-" + std::to_string(i)).status = "stopping";
  index.Upsert(s, "lambda-function", "a").status = "stopping";
  EXPECT_EQ(s.resources.size(), 1002u);
  EXPECT_EQ(index.Find(s, "lambda-function", "a")->status, "stopping");
  EXPECT_EQ(index.Find(s, "cloudwatch-alarm", "alarm-999"),
            s.Find("cloudwatch-alarm", "alarm-999"));
}

}  // namespace
}  // namespace arm
