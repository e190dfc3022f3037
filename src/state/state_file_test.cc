#include "state/state_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <random>

#include "tests/testing/fake_clock.h"
#include "tests/testing/mem_file_system.h"
#include "tests/testing/testing.h"
#include "version.h"

namespace arm {
namespace {

using nlohmann::json;
using testing::MemFileSystem;

const char kStateFilePath[] = "config/aws-resource-state.json";

State DemoState() {
  State s;
  s.project = "user-journey-analytics";
  s.environment = "demo";
  s.account_id = "000000000000";
  s.region = "us-east-1";
  ResourceState& ep = s.Upsert("sagemaker-endpoint", "user-journey-analytics-exit-risk-endpoint");
  ep.status = kStatusStopped;
  ep.original = {{"endpoint_config_name", "cfg"}, {"tags", json::array()}};
  ep.updated_at = "2015-08-30T12:36:00Z";
  ResourceState& fn = s.Upsert("lambda-function", "event_processor");
  fn.status = kStatusStopping;
  fn.original = {{"reserved_concurrency", nullptr}};
  return s;
}

std::string Text(MemFileSystem& fs, const std::string& path) {
  auto r = fs.ReadFile(path);
  return r.ok() ? *r : "<" + r.status().ToString() + ">";
}

Status ParseError(const std::string& text) {
  return ParseState(text, kStateFilePath, nullptr).status();
}

TEST(StateTest, FindUpsertErase) {
  State s = DemoState();
  ASSERT_NE(s.Find("lambda-function", "event_processor"), nullptr);
  EXPECT_EQ(s.Find("lambda-function", "nope"), nullptr);
  s.Upsert("lambda-function", "event_processor").status = kStatusStopped;
  EXPECT_EQ(s.resources.size(), 2u);
  EXPECT_EQ(s.Find("lambda-function", "event_processor")->status, kStatusStopped);
  EXPECT_TRUE(s.Erase("lambda-function", "event_processor"));
  EXPECT_FALSE(s.Erase("lambda-function", "event_processor"));
  EXPECT_EQ(s.resources.size(), 1u);
}

TEST(StateFileTest, SerializationIsDeterministicWithSortedKeys) {
  State s = DemoState();
  std::string a = SerializeState(s);
  EXPECT_EQ(a, SerializeState(s));
  EXPECT_EQ(a.rfind("{\n  \"account_id\": \"000000000000\",\n  "
                    "\"environment\": \"demo\",",
                    0),
            0u)
      << a;
  EXPECT_LT(a.find("\"endpoint_config_name\""), a.find("\"tags\""));
  EXPECT_EQ(a.back(), '\n');
  EXPECT_EQ(a.find("\"extra\""), std::string::npos);
}

// SerializeState writes the text field by field; it must be exactly the dump
// of the tree the file describes (how it was written before), whatever the
// values: empty lists, absent / null / nested extras, originals of any JSON
// type, strings needing escapes, invalid UTF-8 (replaced, as dump does).
TEST(StateFileTest, SerializationIsTheTreesDump) {
  auto tree_dump = [](const State& s) {
    nlohmann::json resources = nlohmann::json::array();
    for (const auto& r : s.resources) {
      nlohmann::json e = {{"type", r.type},
                          {"name", r.name},
                          {"status", r.status},
                          {"original", r.original},
                          {"updated_at", r.updated_at}};
      if (!r.extra.is_null() && !r.extra.empty()) e["extra"] = r.extra;
      resources.push_back(std::move(e));
    }
    nlohmann::json doc = {{"schema_version", s.schema_version},
                          {"project", s.project},
                          {"environment", s.environment},
                          {"account_id", s.account_id},
                          {"region", s.region},
                          {"saved_at", s.saved_at},
                          {"tool_version", s.tool_version},
                          {"resources", std::move(resources)}};
    return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  };
  const std::vector<std::string> strings = {"",
                                            "plain",
                                            "quote\" back\\slash",
                                            "line\nbreak\ttab\r",
                                            "\x01control",
                                            "caf\xc3\xa9 \xe2\x82\xac",
                                            "bad \xff utf-8",
                                            "  {\"looks\": [\"like json\"]}\n  "};
  const std::vector<nlohmann::json> values = {
      nlohmann::json::object(),
      nullptr,
      nlohmann::json::array(),
      42,
      -1.5,
      true,
      "text\nwith break",
      {{"shard_count", 4}, {"mode", "PROVISIONED"}},
      {{"autoscaling",
        {{"targets", {{{"MinCapacity", 1}, {"Nested", {{"deep", {1, 2, {{"x", nullptr}}}}}}}}},
         {"policies", nlohmann::json::array()}}},
       {"tags", {{{"Key", "k\nv"}, {"Value", "v"}}}},
       {"empty", nlohmann::json::object()}}};
  std::mt19937 rng(7);
  auto pick = [&](const auto& list) { return list[rng() % list.size()]; };
  for (int round = 0; round < 200; ++round) {
    State s;
    s.schema_version = static_cast<int>(rng() % 3);
    s.project = pick(strings);
    s.environment = pick(strings);
    s.account_id = pick(strings);
    s.region = pick(strings);
    s.saved_at = pick(strings);
    s.tool_version = pick(strings);
    size_t n = rng() % 6;
    for (size_t i = 0; i < n; ++i) {
      ResourceState r;
      r.type = pick(strings);
      r.name = pick(strings) + std::to_string(i);
      r.status = pick(strings);
      r.original = pick(values);
      r.extra = pick(values);
      r.updated_at = pick(strings);
      s.resources.push_back(std::move(r));
    }
    ASSERT_EQ(SerializeState(s), tree_dump(s)) << "round " << round;
  }
  State demo = DemoState();
  EXPECT_EQ(SerializeState(demo), tree_dump(demo));
}

TEST(StateFileTest, ParseRoundTripsEveryField) {
  State s = DemoState();
  s.saved_at = "2015-08-30T12:36:00Z";
  s.tool_version = "9.9.9";
  s.resources[0].extra = {{"scaling_calls", {"2015-08-30T12:00:00Z"}}};
  auto parsed = ParseState(SerializeState(s), kStateFilePath, nullptr);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(*parsed, s);
}

TEST(StateFileTest, LargeStateRoundTrips) {
  State s;
  s.project = "p";
  s.account_id = "1";
  s.region = "r";
  for (int i = 0; i < 10000; ++i) {
    ResourceState r;
    r.type = "lambda-function";
    r.name = "f" + std::to_string(i);
    r.status = kStatusStopped;
    r.original = {{"reserved_concurrency", i}};
    s.resources.push_back(std::move(r));
  }
  std::string text = SerializeState(s);
  auto parsed = ParseState(text, kStateFilePath, nullptr);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->resources.size(), 10000u);
}

TEST(StateStoreTest, LoadOfMissingFileIsNullopt) {
  MemFileSystem fs;
  testing::FakeClock clock;
  StateStore store(fs, clock, kStateFilePath);
  auto r = store.Load();
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->has_value());
}

TEST(StateStoreTest, SaveStampsTimeAndVersionAndLoadReadsItBack) {
  MemFileSystem fs;
  testing::FakeClock clock;
  StateStore store(fs, clock, kStateFilePath);
  ASSERT_TRUE(store.Save(DemoState()).ok());
  EXPECT_EQ(fs.FileMode(kStateFilePath), 0600);
  EXPECT_EQ(fs.DirMode("config"), 0700);
  EXPECT_FALSE(fs.Exists(store.backup_path()));
  auto loaded = store.Load();
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  ASSERT_TRUE(loaded->has_value());
  EXPECT_EQ((*loaded)->saved_at, "2015-08-30T12:36:00Z");
  EXPECT_EQ((*loaded)->tool_version, ARM_VERSION);
  EXPECT_EQ((*loaded)->resources, DemoState().resources);
}

TEST(StateStoreTest, SavedTextIsTheSerializationOfTheStampedState) {
  // Save streams the file resource by resource; the bytes are those of
  // SerializeState, as before (extras, nulls, escapes, non-ASCII).
  State s = DemoState();
  s.schema_version = 0;
  s.resources[0].extra = {{"scaling_calls", {"2015-08-30T12:00:00Z"}}};
  s.resources[1].original["note"] = "caf\u00e9 \"quoted\"\nline";
  s.Upsert("kinesis-stream", "empty-original").original = json::object();
  for (bool real : {false, true}) {
    std::string dir = real ? testing::MakeTempDir() : "";
    MemFileSystem mem;
    RealFileSystem disk;
    FileSystem& fs = real ? static_cast<FileSystem&>(disk) : mem;
    std::string path = real ? dir + "/state.json" : std::string(kStateFilePath);
    testing::FakeClock clock;
    StateStore store(fs, clock, path);
    ASSERT_TRUE(store.Save(s).ok());
    State stamped = s;
    stamped.schema_version = kStateSchemaVersion;
    stamped.saved_at = "2015-08-30T12:36:00Z";
    stamped.tool_version = ARM_VERSION;
    auto text = fs.ReadFile(path);
    ASSERT_TRUE(text.ok());
    EXPECT_EQ(*text, SerializeState(stamped)) << (real ? "real" : "in memory");
    if (real) testing::RemoveTree(dir);
  }
}

TEST(StateStoreTest, SaveKeepsThePreviousFileAsBak) {
  MemFileSystem fs;
  testing::FakeClock clock;
  StateStore store(fs, clock, kStateFilePath);
  ASSERT_TRUE(store.Save(DemoState()).ok());
  std::string first = Text(fs, kStateFilePath);
  State next = DemoState();
  next.resources[1].status = kStatusStopped;
  ASSERT_TRUE(store.Save(next).ok());
  EXPECT_EQ(Text(fs, store.backup_path()), first);
  EXPECT_EQ(fs.FileMode(store.backup_path()), 0600);
  EXPECT_NE(Text(fs, kStateFilePath), first);
}

TEST(StateStoreTest, OnSavedGetsTheExactBytesOfEverySuccessfulSave) {
  MemFileSystem fs;
  testing::FakeClock clock;
  StateStore store(fs, clock, kStateFilePath);
  std::vector<std::string> saved;
  store.set_on_saved([&](const std::string& bytes) { saved.push_back(bytes); });
  ASSERT_TRUE(store.Save(DemoState()).ok());
  ASSERT_EQ(saved.size(), 1u);
  EXPECT_EQ(saved[0], Text(fs, kStateFilePath));
  fs.FailWriteNumber(2);  // the .bak copy succeeds, the state write fails
  EXPECT_FALSE(store.Save(DemoState()).ok());
  EXPECT_EQ(saved.size(), 1u);
}

TEST(StateStoreTest, LocalOnlySaveWritesTheFileWithoutTheHook) {
  MemFileSystem fs;
  testing::FakeClock clock;
  StateStore store(fs, clock, kStateFilePath);
  int hooked = 0;
  store.set_on_saved([&](const std::string&) { ++hooked; });
  State s = DemoState();
  s.resources[0].extra = {{"scaling_calls", {"2015-08-30T12:00:00Z"}}};
  ASSERT_TRUE(store.Save(s, StateStore::kLocalOnly).ok());
  EXPECT_EQ(hooked, 0);
  auto loaded = store.Load();
  ASSERT_TRUE(loaded.ok() && loaded->has_value());
  EXPECT_EQ((**loaded).resources[0].extra, s.resources[0].extra);
}

// Files written before the Kinesis call times were kept have no "extra":
// they load with an empty one and save without the field.
TEST(StateStoreTest, OldFileWithoutExtraLoadsAndSavesUnchanged) {
  MemFileSystem fs;
  testing::FakeClock clock;
  const std::string old_text = R"({
  "account_id": "000000000000", "environment": "demo", "project": "user-journey-analytics",
  "region": "us-east-1", "saved_at": "2026-11-20T20:00:00Z", "schema_version": 1, "tool_version": "1.0.0",
  "resources": [{"type": "kinesis-stream", "name": "s", "status": "stopped",
                 "original": {"shard_count": 8, "mode": "PROVISIONED"}, "updated_at": "2026-11-20T20:00:00Z"}]
})";
  ASSERT_TRUE(fs.CreateDirs("config", 0700).ok());
  ASSERT_TRUE(fs.WriteFileDurable(kStateFilePath, old_text, 0600).ok());
  StateStore store(fs, clock, kStateFilePath);
  auto loaded = store.Load();
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  ASSERT_TRUE(loaded->has_value());
  State s = **loaded;
  EXPECT_EQ(s.resources.at(0).extra, json::object());
  ASSERT_TRUE(store.Save(s).ok());
  EXPECT_EQ(Text(fs, kStateFilePath).find("\"extra\""), std::string::npos);
  s.resources[0].extra = {{"scaling_calls", {"2026-11-20T19:58:00Z", "2026-11-20T19:59:00Z"}}};
  ASSERT_TRUE(store.Save(s).ok());
  auto again = store.Load();
  ASSERT_TRUE(again.ok() && again->has_value());
  EXPECT_EQ((**again).resources.at(0).extra, s.resources[0].extra);
}

TEST(StateStoreTest, CrashAtAnyPointLeavesOldOrNewStateNeverATornFile) {
  using CP = MemFileSystem::CrashPoint;
  for (int write = 1; write <= 2; ++write) {
    for (CP point :
         {CP::kBeforeTempCreated, CP::kMidTempWrite, CP::kBeforeRename, CP::kAfterRename}) {
      SCOPED_TRACE("write " + std::to_string(write) + " point " +
                   std::to_string(static_cast<int>(point)));
      MemFileSystem fs;
      testing::FakeClock clock;
      StateStore store(fs, clock, kStateFilePath);
      ASSERT_TRUE(store.Save(DemoState()).ok());
      std::string old_text = Text(fs, kStateFilePath);
      State next = DemoState();
      next.resources[1].status = kStatusStopped;
      fs.CrashAtWrite(write, point);
      EXPECT_FALSE(store.Save(next).ok());
      fs.Restart();
      auto loaded = store.Load();
      ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
      ASSERT_TRUE(loaded->has_value());
      const std::string& status = (*loaded)->resources[1].status;
      bool is_new = write == 2 && point == CP::kAfterRename;
      EXPECT_EQ(status, is_new ? kStatusStopped : kStatusStopping);
      if (!is_new) {
        EXPECT_EQ(Text(fs, kStateFilePath), old_text);
      }
      for (const auto& f : fs.Files()) EXPECT_EQ(f.find(".tmp"), std::string::npos) << f;
    }
  }
}

TEST(StateStoreTest, FailedWritesLeaveTheOldState) {
  for (int write = 1; write <= 2; ++write) {
    MemFileSystem fs;
    testing::FakeClock clock;
    StateStore store(fs, clock, kStateFilePath);
    ASSERT_TRUE(store.Save(DemoState()).ok());
    std::string old_text = Text(fs, kStateFilePath);
    fs.FailWriteNumber(write);
    Status s = store.Save(State(DemoState()));
    EXPECT_EQ(s.code(), StatusCode::kIoError);
    EXPECT_EQ(Text(fs, kStateFilePath), old_text);
  }
}

TEST(StateStoreTest, ReadOnlyFileSystemFailsSave) {
  MemFileSystem fs;
  testing::FakeClock clock;
  StateStore store(fs, clock, kStateFilePath);
  fs.SetReadOnly(true);
  Status s = store.Save(DemoState());
  EXPECT_EQ(s.code(), StatusCode::kIoError);
  EXPECT_NE(s.message().find("read-only"), std::string::npos) << s.message();
}

TEST(StateStoreTest, RealFileSystemWritesMode0600EvenWithUmask000) {
  std::string dir = testing::MakeTempDir();
  mode_t old_umask = ::umask(0);
  RealFileSystem fs;
  testing::FakeClock clock;
  std::string path = dir + "/nested/config/state.json";
  StateStore store(fs, clock, path);
  Status first = store.Save(DemoState());
  Status second = store.Save(DemoState());
  ::umask(old_umask);
  ASSERT_TRUE(first.ok()) << first.ToString();
  ASSERT_TRUE(second.ok()) << second.ToString();
  struct stat st;
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat((path + ".bak").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat((dir + "/nested/config").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  auto loaded = store.Load();
  ASSERT_TRUE(loaded.ok());
  EXPECT_TRUE(loaded->has_value());
  testing::RemoveTree(dir);
}

// In a sticky shared folder (1777, allowed) another user can plant the
// state file: its content would decide what start changes.
TEST(StateStoreTest, StateFileOfAnotherUserIsRefusedByLoadAndSave) {
  MemFileSystem fs;
  testing::FakeClock clock;
  fs.SetFile(kStateFilePath, SerializeState(DemoState()), 0644);
  fs.SetFileOwner(kStateFilePath, 65534);
  StateStore store(fs, clock, kStateFilePath);
  auto loaded = store.Load();
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(
      loaded.status().message().find(std::string(kStateFilePath) + ": it belongs to uid 65534"),
      std::string::npos)
      << loaded.status().message();
  int writes = fs.write_count();
  EXPECT_EQ(store.Save(DemoState()).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(fs.write_count(), writes) << "nothing written, no .bak of it";

  fs.SetFileOwner(kStateFilePath, 0);  // root's file is trusted
  EXPECT_TRUE(store.Load().ok());
}

TEST(StateStoreTest, RealStateFileOfAnotherUserIsRefused) {
  std::string dir = testing::MakeTempDir();
  RealFileSystem fs;
  testing::FakeClock clock;
  std::string path = dir + "/state.json";
  StateStore store(fs, clock, path);
  ASSERT_TRUE(store.Save(DemoState()).ok());
  if (::chown(path.c_str(), 65534, 65534) != 0) {
    testing::RemoveTree(dir);
    GTEST_SKIP() << "cannot give a file to uid 65534 (not root)";
  }
  auto loaded = store.Load();
  testing::RemoveTree(dir);
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.status().message().find("belongs to uid 65534"), std::string::npos)
      << loaded.status().message();
}

TEST(StateStoreTest, SymlinkedStateFileIsRefusedAndItsTargetKeepsItsOnlyCopy) {
  // Replacing the link would leave the target with the old state; both Load
  // and Save refuse, and neither the link nor the target changes.
  for (bool real : {false, true}) {
    std::string dir = real ? testing::MakeTempDir() : "elsewhere";
    MemFileSystem mem;
    RealFileSystem disk;
    FileSystem& fs = real ? static_cast<FileSystem&>(disk) : mem;
    std::string target = dir + "/real-state.json";
    std::string link = real ? dir + "/state.json" : std::string(kStateFilePath);
    testing::FakeClock clock;
    ASSERT_TRUE(StateStore(fs, clock, target).Save(DemoState()).ok());
    std::string before = *fs.ReadFile(target);
    if (real) {
      ASSERT_EQ(::symlink(target.c_str(), link.c_str()), 0);
    } else {
      mem.SetSymlink(link, target);
    }
    StateStore store(fs, clock, link);
    auto loaded = store.Load();
    ASSERT_FALSE(loaded.ok()) << (real ? "real" : "in memory");
    EXPECT_EQ(loaded.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(loaded.status().message().find(link + " is a symbolic link"), std::string::npos)
        << loaded.status().message();
    EXPECT_NE(loaded.status().message().find("STATE_FILE"), std::string::npos);
    State next = DemoState();
    next.resources[1].status = kStatusStopped;
    Status saved = store.Save(next);
    EXPECT_EQ(saved.code(), StatusCode::kInvalidArgument) << saved.ToString();
    EXPECT_TRUE(fs.IsSymlink(link)) << (real ? "real" : "in memory");
    EXPECT_EQ(*fs.ReadFile(link), before);
    EXPECT_EQ(*fs.ReadFile(target), before);
    EXPECT_FALSE(fs.Exists(store.backup_path()));
    if (real) testing::RemoveTree(dir);
  }
}

TEST(StateStoreTest, LoadReportsCorruptionWithFileName) {
  MemFileSystem fs;
  testing::FakeClock clock;
  fs.SetFile(kStateFilePath, "{\"schema_version\": 1,");
  StateStore store(fs, clock, kStateFilePath);
  auto r = store.Load();
  EXPECT_EQ(r.status().code(), StatusCode::kCorruption);
  EXPECT_EQ(r.status().message(),
            "config/aws-resource-state.json: truncated: the JSON ends at line "
            "1 before the document is "
            "complete");
}

struct BadCase {
  const char* text;
  const char* message;
};

TEST(StateFileTest, BadInputFailsWithOneLineMessageNamingTheField) {
  const std::string valid_head =
      R"({"schema_version": 1, "project": "p", "account_id": "1", "region": "r", "resources": )";
  const BadCase cases[] = {
      {"",
       "config/aws-resource-state.json: the file is empty; restore "
       "config/aws-resource-state.json.bak "
       "or delete it and run `snapshot` to rebuild it"},
      {" \n\t\n",
       "config/aws-resource-state.json: the file is empty; restore "
       "config/aws-resource-state.json.bak or delete it and run `snapshot` to "
       "rebuild it"},
      {"{\n  \"schema_version\": 1,\n  \"resources\": [\n",
       "config/aws-resource-state.json: truncated: the JSON ends at line 4 "
       "before the document is complete"},
      {"{\n  \"schema_version\": 1,\n  oops\n}",
       "config/aws-resource-state.json: not valid JSON at line 3, column 3: "
       "invalid literal; expected string "
       "literal"},
      {"hello",
       "config/aws-resource-state.json: not valid JSON at line 1, column 1: "
       "invalid literal"},
      {"[1, 2]",
       "config/aws-resource-state.json: expected a JSON object at the top "
       "level, got array"},
      {R"({"foo": 1})",
       "config/aws-resource-state.json: schema_version: missing: this is not "
       "an aws-resource-manager "
       "state file"},
      {R"({"schema_version": 2, "resources": []})",
       "config/aws-resource-state.json: schema_version: 2 was written by a "
       "newer version of "
       "aws-resource-manager (this one reads 1); upgrade the tool"},
      {R"({"schema_version": "1"})",
       "config/aws-resource-state.json: schema_version: expected an integer, "
       "got string \"1\""},
      {R"({"schema_version": 0})",
       "config/aws-resource-state.json: schema_version: must be 1, got 0"},
      {R"({"schema_version": 1, "account_id": "1", "region": "r", "resources": []})",
       "config/aws-resource-state.json: project: missing"},
      {R"({"schema_version": 1, "project": 7, "account_id": "1", "region": "r", "resources": []})",
       "config/aws-resource-state.json: project: expected a string, got number "
       "7"},
      {R"({"schema_version": 1, "project": "p", "account_id": "1", "region": "r"})",
       "config/aws-resource-state.json: resources: missing"},
  };
  for (const auto& c : cases) {
    Status s = ParseError(c.text);
    EXPECT_EQ(s.code(), StatusCode::kCorruption) << c.text;
    EXPECT_EQ(s.message(), c.message) << c.text;
    EXPECT_EQ(s.message().find('\n'), std::string::npos);
  }
  const BadCase resource_cases[] = {
      {R"({}})",
       "config/aws-resource-state.json: resources: expected a list, got "
       "object"},
      {R"([3]})",
       "config/aws-resource-state.json: resources[0]: expected an object, got "
       "number 3"},
      {R"([{"name": "n", "status": "stopped", "original": {}}]})",
       "config/aws-resource-state.json: resources[0].type: missing"},
      {R"([{"type": "lambda-function", "name": "", "status": "stopped", "original": {}}]})",
       "config/aws-resource-state.json: resources[0].name: is empty"},
      {R"([{"type": "lambda-function", "name": "f", "status": "paused", "original": {}}]})",
       "config/aws-resource-state.json: resources[0].status: expected one of "
       "stopping, stopped, starting, "
       "running, got \"paused\""},
      {R"([{"type": "lambda-function", "name": "f", "status": "stopped"}]})",
       "config/aws-resource-state.json: resources[0].original: missing"},
      {R"([{"type": "lambda-function", "name": "f", "status": "stopped", "original": [1]}]})",
       "config/aws-resource-state.json: resources[0].original: expected an "
       "object, got array"},
      {R"([{"type": "lambda-function", "name": "f", "status": "stopped", "original": {}, "updated_at": 5}]})",
       "config/aws-resource-state.json: resources[0].updated_at: expected a "
       "string, got number 5"},
      {R"([{"type": "lambda-function", "name": "f", "status": "stopped", "original": {}},
           {"type": "lambda-function", "name": "f", "status": "running", "original": {}}]})",
       "config/aws-resource-state.json: resources[1]: duplicate entry for "
       "lambda-function f"},
  };
  for (const auto& c : resource_cases) {
    Status s = ParseError(valid_head + c.text);
    EXPECT_EQ(s.code(), StatusCode::kCorruption) << c.text;
    EXPECT_EQ(s.message(), c.message) << c.text;
  }
}

TEST(StateFileTest, NumberBeyondDoubleRangeIsCorruptionNotACrash) {
  auto s = ParseState(R"({"schema_version": 1, "resources": [{"original": {"x": 1e400}}]})",
                      kStateFilePath, nullptr);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kCorruption);
  EXPECT_EQ(s.status().message(),
            "config/aws-resource-state.json: not valid JSON: number overflow parsing '1e400'");
}

TEST(StateFileTest, LegacyLayoutIsMappedWithWarnings) {
  const char* legacy = R"({
    "timestamp": "2024-01-01 10:00:00",
    "sagemaker": {"endpoint_name": "ep", "endpoint_config": "ep-config"},
    "kinesis": {"stream_name": "events", "shard_count": "4"},
    "lambda": [{"name": "f1", "reserved_concurrency": 5}, {"name": "f2", "reserved_concurrency": null},
               {"name": "f3"}],
    "cloudwatch": {"alarm_count": 9}
  })";
  std::vector<std::string> warnings;
  auto s = ParseState(legacy, kStateFilePath, &warnings);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ASSERT_EQ(s->resources.size(), 5u);
  const ResourceState* ep = s->Find("sagemaker-endpoint", "ep");
  ASSERT_NE(ep, nullptr);
  EXPECT_EQ(ep->status, kStatusStopped);
  EXPECT_EQ(ep->original, json::parse(
                              R"({"endpoint_config_name": "ep-config", "tags": [], "variants": [],
                                          "autoscaling": {"targets": [], "policies": []}})"));
  EXPECT_EQ(s->Find("kinesis-stream", "events")->original,
            json::parse(R"({"shard_count": 4, "mode": "PROVISIONED"})"));
  EXPECT_EQ(s->Find("lambda-function", "f1")->original,
            json::parse(R"({"reserved_concurrency": 5})"));
  EXPECT_EQ(s->Find("lambda-function", "f2")->original,
            json::parse(R"({"reserved_concurrency": null})"));
  EXPECT_EQ(s->Find("lambda-function", "f3")->original,
            json::parse(R"({"reserved_concurrency": null})"));
  EXPECT_EQ(s->Find("cloudwatch-alarm", ""), nullptr);
  ASSERT_EQ(warnings.size(), 3u);
  EXPECT_EQ(warnings[0],
            "sagemaker: the old state file did not record the tags or "
            "autoscaling of endpoint ep; it will be "
            "recreated from endpoint config ep-config without them");
  EXPECT_EQ(warnings[1],
            "cloudwatch: the old state file only counted alarms; their actions "
            "will be left as they are");
  EXPECT_NE(warnings[2].find("old shell tool's layout"), std::string::npos);
  EXPECT_TRUE(CheckBelongs(*s, "p", "1", "us-east-1").ok());  // nothing recorded to compare
}

TEST(StateFileTest, LegacyLayoutBadFieldsAreNamed) {
  const BadCase cases[] = {
      {R"({"sagemaker": {"endpoint_name": "ep"}})",
       "config/aws-resource-state.json: sagemaker.endpoint_config: missing"},
      {R"({"kinesis": {"stream_name": "s", "shard_count": "many"}})",
       "config/aws-resource-state.json: kinesis.shard_count: expected a whole "
       "number, got string \"many\""},
      {R"({"kinesis": {"stream_name": "s", "shard_count": 0}})",
       "config/aws-resource-state.json: kinesis.shard_count: must be at least "
       "1"},
      {R"({"lambda": {"name": "f"}})",
       "config/aws-resource-state.json: lambda: expected a list, got object"},
      {R"({"lambda": [{"name": "f", "reserved_concurrency": -1}]})",
       "config/aws-resource-state.json: lambda[0].reserved_concurrency: "
       "expected a whole number or null, got "
       "number -1"},
      {R"({"lambda": [{"reserved_concurrency": 1}]})",
       "config/aws-resource-state.json: lambda[0].name: missing"},
  };
  for (const auto& c : cases) {
    Status s = ParseError(c.text);
    EXPECT_EQ(s.code(), StatusCode::kCorruption) << c.text;
    EXPECT_EQ(s.message(), c.message) << c.text;
  }
}

TEST(StateFileTest, CheckBelongsRefusesAnotherProjectAccountOrRegion) {
  State s = DemoState();
  EXPECT_TRUE(CheckBelongs(s, "user-journey-analytics", "000000000000", "us-east-1").ok());
  Status p = CheckBelongs(s, "billing-service", "000000000000", "us-east-1");
  EXPECT_EQ(p.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(p.message(),
            "the state file belongs to project user-journey-analytics (this "
            "run: billing-service); use that "
            "project's config, --profile or --region, or --state-file to point "
            "at this project's state");
  EXPECT_NE(CheckBelongs(s, "user-journey-analytics", "111111111111", "us-east-1")
                .message()
                .find("account 000000000000 (this run: 111111111111)"),
            std::string::npos);
  EXPECT_NE(CheckBelongs(s, "user-journey-analytics", "000000000000", "eu-west-1")
                .message()
                .find("region us-east-1 (this run: eu-west-1)"),
            std::string::npos);
}

}  // namespace
}  // namespace arm
