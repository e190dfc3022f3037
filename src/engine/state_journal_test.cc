#include "engine/state_journal.h"

#include <gtest/gtest.h>

#include <thread>

namespace arm {
namespace {

using nlohmann::json;

class StateJournalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    state_.project = "p";
    for (int i = 0; i < kStreams; ++i) {
      ResourceState& e = state_.Upsert("kinesis-stream", "s" + std::to_string(i));
      e.status = kStatusStopping;
      e.original = {{"shard_count", 8}};
    }
    state_.Upsert("lambda-function", "s0").status = kStatusStopping;
  }

  static constexpr int kStreams = 8;
  State state_;
};

TEST_F(StateJournalTest, ConcurrentEditsAllLandInMemory) {
  StateJournal journal(state_, "kinesis-stream");
  std::vector<std::thread> workers;
  std::vector<std::string> problems(kStreams);
  for (int i = 0; i < kStreams; ++i) {
    workers.emplace_back([&, i] {
      std::string name = "s" + std::to_string(i);
      for (int call = 0; call < 3; ++call) {
        Status s = journal.Edit(name, [&](json& extra) { extra["calls"].push_back(call); });
        if (!s.ok()) problems[i] = s.ToString();
      }
    });
  }
  for (auto& w : workers) w.join();
  for (const auto& p : problems) EXPECT_EQ(p, "");
  EXPECT_EQ(journal.edits(), 3 * kStreams);
  for (int i = 0; i < kStreams; ++i)
    EXPECT_EQ(state_.Find("kinesis-stream", "s" + std::to_string(i))->extra,
              (json{{"calls", {0, 1, 2}}}));
  EXPECT_EQ(state_.Find("lambda-function", "s0")->extra, json::object());
}

TEST_F(StateJournalTest, AnEntryThatIsAbsentIsAnError) {
  StateJournal journal(state_, "kinesis-stream");
  Status s = journal.Edit("nope", [](json& extra) { extra["x"] = 1; });
  EXPECT_EQ(s.code(), StatusCode::kInternal) << s.ToString();
  EXPECT_EQ(journal.edits(), 0);
}

}  // namespace
}  // namespace arm
