#include "engine/state_journal.h"

#include <gtest/gtest.h>

#include <thread>

#include "tests/testing/fake_clock.h"
#include "tests/testing/mem_file_system.h"

namespace arm {
namespace {

using nlohmann::json;

constexpr char kPath[] = "state.json";

class StateJournalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    state_.project = "p";
    state_.account_id = "1";
    state_.region = "r";
    for (int i = 0; i < kStreams; ++i) {
      ResourceState& e = state_.Upsert("kinesis-stream", "s" + std::to_string(i));
      e.status = kStatusStopping;
      e.original = {{"shard_count", 8}};
    }
    state_.Upsert("lambda-function", "s0").status = kStatusStopping;
  }
  // The extra of kinesis-stream `name` as saved on disk.
  json SavedExtra(const std::string& name) {
    auto text = fs_.ReadFile(kPath);
    if (!text.ok()) return json();
    auto st = ParseState(*text, kPath, nullptr);
    if (!st.ok()) return json();
    const ResourceState* e = st->Find("kinesis-stream", name);
    return e == nullptr ? json() : e->extra;
  }

  static constexpr int kStreams = 8;
  testing::MemFileSystem fs_;
  testing::FakeClock clock_;
  StateStore store_{fs_, clock_, kPath};
  State state_;
};

TEST_F(StateJournalTest, EachEditIsOnDiskWhenEditReturns) {
  StateJournal journal(store_, state_, "kinesis-stream");
  int uploads = 0;
  store_.set_on_saved([&](const std::string&) { ++uploads; });
  std::vector<std::thread> workers;
  std::vector<std::string> problems(kStreams);
  for (int i = 0; i < kStreams; ++i) {
    workers.emplace_back([&, i] {
      std::string name = "s" + std::to_string(i);
      for (int call = 0; call < 3; ++call) {
        Status s = journal.Edit(name, [&](json& extra) { extra["calls"].push_back(call); });
        if (!s.ok()) problems[i] = s.ToString();
        // Only this worker edits this entry: the file holds every call so far.
        json want = json::array();
        for (int c = 0; c <= call; ++c) want.push_back(c);
        json got = SavedExtra(name).value("calls", json());
        if (got != want && problems[i].empty()) problems[i] = name + ": " + got.dump();
      }
    });
  }
  for (auto& w : workers) w.join();
  for (const auto& p : problems) EXPECT_EQ(p, "");
  EXPECT_GE(journal.saves(), 1);
  EXPECT_LE(journal.saves(), 3 * kStreams);
  EXPECT_EQ(uploads, 0);  // local saves only: the stage's own save uploads
  EXPECT_EQ(state_.Find("lambda-function", "s0")->extra, json::object());
}

TEST_F(StateJournalTest, AFailedSaveIsTheEditsError) {
  StateJournal journal(store_, state_, "kinesis-stream");
  fs_.FailWriteNumber(1);
  Status s = journal.Edit("s1", [](json& extra) { extra["calls"].push_back(1); });
  EXPECT_FALSE(s.ok());
  EXPECT_TRUE(journal.Edit("s2", [](json& extra) { extra["calls"].push_back(2); }).ok());
  // The failed edit stays in memory and reaches the disk with the next save:
  // a call recorded but never made over-counts, the safe side.
  EXPECT_EQ(SavedExtra("s1"), (json{{"calls", {1}}}));
}

TEST_F(StateJournalTest, AnEntryThatIsAbsentIsAnError) {
  StateJournal journal(store_, state_, "kinesis-stream");
  Status s = journal.Edit("nope", [](json& extra) { extra["x"] = 1; });
  EXPECT_EQ(s.code(), StatusCode::kInternal) << s.ToString();
}

}  // namespace
}  // namespace arm
