// AWS's 10 UpdateShardCount calls per stream per rolling 24 h, end to end:
// a 64-shard stream needs 6 calls down and 6 up, so a stop and a start
// within a day cannot both go all the way. The sandbox enforces the same
// limit on its (real) clock and counts the calls.
#include <gtest/gtest.h>

#include "core/file_system.h"
#include "state/state_file.h"
#include "tests/e2e/manager_fixture.h"

namespace arm::testing {
namespace {

using nlohmann::json;

constexpr char kStream[] = "user-journey-analytics-user-events";

class KinesisScalingBudgetE2eTest : public ManagerFixture {
 protected:
  sandbox::ServerOptions Options() override {
    auto o = ManagerFixture::Options();
    o.kinesis_update_seconds = 0;
    for (auto& s : o.estate["kinesis"]["streams"])
      if (s["StreamName"].get<std::string>() == kStream) s["OpenShardCount"] = 64;
    return o;
  }
  json Stream() {
    const json state = State();
    for (const auto& s : state.at("services").at("kinesis").at("streams"))
      if (s.at("name").get<std::string>() == kStream) return s;
    ADD_FAILURE() << "no stream " << kStream;
    return json::object();
  }
  ResourceState Saved() {
    RealFileSystem fs;
    auto text = fs.ReadFile(state_path());
    EXPECT_TRUE(text.ok()) << text.status().ToString();
    auto st = ParseState(text.ok() ? *text : "", state_path(), nullptr);
    EXPECT_TRUE(st.ok()) << st.status().ToString();
    const ResourceState* e = st.ok() ? st->Find("kinesis-stream", kStream) : nullptr;
    return e == nullptr ? ResourceState() : *e;
  }
};

TEST_F(KinesisScalingBudgetE2eTest, StopWarnsStartDoublesAsFarAsTheBudgetGoesThenSaysWhen) {
  auto stop = Manager({"--only", "kinesis", "stop", "--force"});
  ASSERT_EQ(stop.exit_code, 0) << stop.out << stop.err;
  EXPECT_NE(stop.out.find("WARN  kinesis-stream " + std::string(kStream) +
                          ": the start that restores 64 shards needs 6 UpdateShardCount calls"),
            std::string::npos)
      << stop.out;
  EXPECT_EQ(Stream().at("open_shard_count"), 1);
  EXPECT_EQ(Saved().extra.at("scaling_calls").size(), 6u);

  // 4 calls left: 1 -> 2 -> 4 -> 8 -> 16, kept `starting` for the next start.
  auto start = Manager({"--only", "kinesis", "start", "--force"});
  EXPECT_EQ(start.exit_code, 1) << start.out << start.err;
  EXPECT_NE(
      start.out.find("scaling 1 -> 64 needs 6 UpdateShardCount calls, 4 left in AWS's rolling 24 h "
                     "(10 per stream); scaling to 16 shards now; run start again after "),
      std::string::npos)
      << start.out;
  EXPECT_EQ(Stream().at("open_shard_count"), 16);
  EXPECT_EQ(Stream().at("scaling_ops_24h"), 10);
  EXPECT_EQ(MutatingCalls()["kinesis:UpdateShardCount"], 10);
  ResourceState saved = Saved();
  EXPECT_EQ(saved.status, kStatusStarting);
  EXPECT_EQ(saved.extra.at("scaling_calls").size(), 10u);

  // None left: said before acting, no call made (AWS would refuse it).
  auto again = Manager({"--only", "kinesis", "start", "--force"});
  EXPECT_EQ(again.exit_code, 1) << again.out << again.err;
  EXPECT_NE(again.out.find(
                "scaling 16 -> 64 needs 2 UpdateShardCount calls, 0 left in AWS's rolling 24 h "
                "(10 per stream); left at 16 shards; try again after 20"),
            std::string::npos)
      << again.out;
  EXPECT_EQ(MutatingCalls()["kinesis:UpdateShardCount"], 10);
  EXPECT_EQ(Saved().status, kStatusStarting);
}

}  // namespace
}  // namespace arm::testing
