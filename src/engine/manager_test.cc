#include "engine/manager.h"

#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <set>

#include "tests/testing/fake_clock.h"
#include "tests/testing/fake_resource_type.h"
#include "tests/testing/mem_file_system.h"

namespace arm {
namespace {

using nlohmann::json;
using testing::MemFileSystem;

constexpr char kPath[] = "config/aws-resource-state.json";
constexpr char kAccount[] = "123456789012";
constexpr char kRegion[] = "eu-west-1";

bool Contains(const std::vector<std::string>& lines, const std::string& part) {
  for (const auto& l : lines) {
    if (l.find(part) != std::string::npos) return true;
  }
  return false;
}

class ManagerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    world_.Set("alarm", "proj-a1", 1);
    world_.Set("alarm", "proj-off", 0);  // disabled before any stop: stays so
    world_.Set("fn", "proj-f", 5);
    world_.Set("fn", "proj-g", 7);
    world_.Set("stream", "proj-s", 8);
    world_.Set("stream", "other-s", 4);  // not selected: never touched
    initial_ = world_.values();
  }

  // A new run: new types and Manager over the same world and file system.
  std::unique_ptr<Manager> NewManager(const std::string& project = "proj",
                                      const std::string& account = kAccount,
                                      const std::string& region = kRegion) {
    std::vector<std::unique_ptr<ResourceType>> types;
    auto alarm = std::make_unique<testing::FakeResourceType>(world_, "alarm", "cloudwatch", 0);
    auto fn = std::make_unique<testing::FakeResourceType>(world_, "fn", "lambda", 1);
    auto stream = std::make_unique<testing::FakeResourceType>(world_, "stream", "kinesis", 2);
    stream->set_journal(journal_streams_);
    for (auto* t : {alarm.get(), fn.get(), stream.get()}) t->set_describes_named(describes_named_);
    types.push_back(std::move(alarm));
    types.push_back(std::move(fn));
    types.push_back(std::move(stream));
    ManagedSelection sel;
    sel.project = project;
    sel.environment = "dev";
    sel.name_prefix = name_prefix_.empty() ? project + "-" : name_prefix_;
    sel.resource_names = resource_names_;
    if (edit_selection_) edit_selection_(sel);
    return std::make_unique<Manager>(std::move(types), store_, clock_, sel, nullptr, account,
                                     region);
  }
  RunOptions Options() const {
    RunOptions o;
    o.workers = 4;
    return o;
  }
  State Saved() {
    auto text = fs_.ReadFile(kPath);
    EXPECT_TRUE(text.ok()) << text.status().ToString();
    if (!text.ok()) return State();
    auto st = ParseState(*text, kPath, nullptr);
    EXPECT_TRUE(st.ok()) << st.status().ToString();
    return st.ok() ? *st : State();
  }
  std::string StatusOf(const std::string& type, const std::string& name) {
    State st = Saved();
    const ResourceState* e = st.Find(type, name);
    return e == nullptr ? "<absent>" : e->status;
  }

  bool journal_streams_ = false;          // the stream type journals like Kinesis
  std::string name_prefix_;               // "" = "<project>-"
  std::set<std::string> resource_names_;  // --resource
  bool describes_named_ = false;          // faulty types (see the fake)
  std::function<void(ManagedSelection&)> edit_selection_;
  testing::FakeClock clock_;
  MemFileSystem fs_;
  StateStore store_{fs_, clock_, kPath};
  testing::FakeWorld world_;
  std::map<testing::FakeWorld::Key, int> initial_;
};

TEST_F(ManagerTest, StopWritesEveryOriginalBeforeTheFirstChange) {
  std::mutex mu;
  std::vector<std::string> problems;
  world_.set_before_apply([&](const Action& a) {
    State st = Saved();
    for (const auto& [key, value] : initial_) {
      if (key.second.rfind("proj-", 0) != 0 || value == 0) continue;
      const ResourceState* e = st.Find(key.first, key.second);
      std::lock_guard<std::mutex> l(mu);
      if (e == nullptr) {
        problems.push_back(a.summary + ": " + key.second + " not saved");
      } else if (e->original != json{{"value", value}}) {
        problems.push_back(a.summary + ": " + key.second + " original " + e->original.dump());
      } else if (key.second == a.names[0] && e->status != kStatusStopping) {
        problems.push_back(a.summary + ": status " + e->status);
      }
    }
    return Status::Ok();
  });
  OperationReport r = NewManager()->Stop(Options());
  EXPECT_TRUE(r.diagnostics.errors.empty()) << r.diagnostics.errors[0];
  EXPECT_EQ(world_.applied().size(), 4u);
  EXPECT_TRUE(problems.empty()) << problems[0];
}

// A type's bookkeeping (Kinesis: the time of each UpdateShardCount) is
// reserved on disk in one save before the stage's first call, kept in memory
// at each call, and saved with the stage; later runs keep it.
TEST_F(ManagerTest, StageReservationIsSavedOnceBeforeItsCallsAndTheCallsWithTheStage) {
  journal_streams_ = true;
  world_.Set("stream", "proj-s2", 4);
  world_.Set("stream", "proj-s3", 2);
  std::mutex mu;
  int fn_writes = 0;                 // the writes when the last fn call was made
  std::set<int> stream_writes;       // ... when each stream call was made
  std::map<std::string, json> seen;  // the saved extra when each stream call is made
  world_.set_before_apply([&](const Action& a) {
    std::lock_guard<std::mutex> l(mu);
    if (a.type == "fn") fn_writes = std::max(fn_writes, fs_.write_count());
    if (a.type == "stream" && !seen.count(a.names[0])) {
      stream_writes.insert(fs_.write_count());
      State st = Saved();
      const ResourceState* e = st.Find("stream", a.names[0]);
      seen[a.names[0]] = e == nullptr ? json() : e->extra;
    }
    return Status::Ok();
  });
  OperationReport stop = NewManager()->Stop(Options());
  EXPECT_TRUE(stop.diagnostics.errors.empty());
  // No save during the stage; between the fn stage's calls and the stream
  // calls: the save after the fn stage and the reservation (2 writes each:
  // the .bak copy and the state).
  ASSERT_EQ(stream_writes.size(), 1u);
  EXPECT_EQ(*stream_writes.begin() - fn_writes, 4);
  ASSERT_EQ(seen.size(), 3u);
  // One call each; the chains ahead of each stream in the stage's queue.
  std::set<int> ahead;
  for (const auto& [name, extra] : seen) {
    EXPECT_EQ(extra.value("reserved", 0), 1) << name << " " << extra.dump();
    ahead.insert(extra.value("ahead", -1));
  }
  EXPECT_EQ(ahead, (std::set<int>{0, 1, 2}));
  // After the stage: the calls, no reservation left.
  EXPECT_EQ(Saved().Find("stream", "proj-s")->extra, (json{{"calls", {0}}}));
  EXPECT_EQ(Saved().Find("stream", "proj-s2")->extra, (json{{"calls", {0}}}));
  OperationReport start = NewManager()->Start(Options());
  EXPECT_TRUE(start.diagnostics.errors.empty());
  EXPECT_EQ(start.failed_resources, 0);
  EXPECT_EQ(seen.size(), 3u);  // first calls only
  EXPECT_EQ(StatusOf("stream", "proj-s"), kStatusRunning);
  EXPECT_EQ(Saved().Find("stream", "proj-s")->extra, (json{{"calls", {0, 8}}}));
  EXPECT_EQ(Saved().Find("stream", "proj-s3")->extra, (json{{"calls", {0, 2}}}));
  EXPECT_EQ(Saved().Find("fn", "proj-f")->extra, json::object());
}

// When the reservation cannot be saved, none of the stage's calls is made
// (and no later stage runs); the stages before it stay done.
TEST_F(ManagerTest, FailedReservationSaveMeansTheStageDoesNotRun) {
  journal_streams_ = true;
  // Writes: 1 write-ahead; 2-3 after alarms; 4-5 after fns; 6-7 reservation.
  fs_.FailWriteNumber(7);
  OperationReport r = NewManager()->Stop(Options());
  EXPECT_TRUE(
      Contains(r.diagnostics.errors, "could not save the state file before the stream stage"))
      << r.diagnostics.errors.size();
  EXPECT_EQ(world_.Get("stream", "proj-s"), 8);
  EXPECT_EQ(world_.Get("fn", "proj-f"), 0);
  EXPECT_EQ(r.failed_resources, 1);
  EXPECT_EQ(StatusOf("stream", "proj-s"), kStatusStopping);
  EXPECT_EQ(Saved().Find("stream", "proj-s")->extra, json::object());
  // A later stop finishes it.
  OperationReport again = NewManager()->Stop(Options());
  EXPECT_TRUE(again.diagnostics.errors.empty());
  EXPECT_EQ(world_.Get("stream", "proj-s"), 0);
  EXPECT_EQ(StatusOf("stream", "proj-s"), kStatusStopped);
}

TEST_F(ManagerTest, StopParksAndMarksStopped) {
  OperationReport r = NewManager()->Stop(Options());
  EXPECT_TRUE(r.diagnostics.errors.empty());
  EXPECT_EQ(r.failed_resources, 0);
  for (const char* name : {"proj-f", "proj-g"}) {
    EXPECT_EQ(world_.Get("fn", name), 0);
    EXPECT_EQ(StatusOf("fn", name), kStatusStopped);
  }
  EXPECT_EQ(StatusOf("alarm", "proj-a1"), kStatusStopped);
  EXPECT_EQ(StatusOf("stream", "proj-s"), kStatusStopped);
  EXPECT_EQ(StatusOf("alarm", "proj-off"), "<absent>");
  EXPECT_EQ(world_.Get("stream", "other-s"), 4);
  State st = Saved();
  EXPECT_EQ(st.project, "proj");
  EXPECT_EQ(st.account_id, kAccount);
  EXPECT_EQ(st.region, kRegion);
  EXPECT_EQ(st.Find("fn", "proj-g")->original, (json{{"value", 7}}));
  EXPECT_EQ(fs_.FileMode(kPath), 0600);
}

// The fake type also returns the --resource names it is given, whatever the
// rules say (as the types once did): the manager keeps the boundary.
TEST_F(ManagerTest, DiscoveryKeepsOnlyTheSelectionWhateverATypeReturns) {
  resource_names_ = {"proj-f", "other-s"};
  describes_named_ = true;
  auto m = NewManager();
  Diagnostics diagnostics;
  SnapshotSet snaps = m->Discover(nullptr, 2, &diagnostics);
  const std::vector<std::string>& errors = diagnostics.errors;
  ASSERT_EQ(snaps["fn"].size(), 1u);
  EXPECT_EQ(snaps["fn"][0].name, "proj-f");
  EXPECT_EQ(snaps["fn"][0].selected_by.ToString(), "prefix proj-");
  for (const auto& [type, list] : snaps)
    for (const auto& s : list) EXPECT_NE(s.name, "other-s") << type;
  EXPECT_TRUE(Contains(errors, "other-s, which the selection does not name"))
      << ::testing::PrintToString(errors);

  OperationReport r = m->Stop(Options());
  EXPECT_EQ(world_.Get("fn", "proj-f"), 0);
  EXPECT_EQ(world_.Get("fn", "proj-g"), 7);
  EXPECT_EQ(world_.Get("stream", "other-s"), 4);
  EXPECT_EQ(world_.Get("stream", "proj-s"), 8);
}

TEST_F(ManagerTest, ResourceNameOutsideTheSelectionIsRefusedBeforeAnyChange) {
  resource_names_ = {"other-s"};
  auto m = NewManager();
  Status by_rules = m->CheckResourceNamesByRules();
  EXPECT_EQ(by_rules.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(by_rules.message().find("other-s is not managed by this configuration"),
            std::string::npos)
      << by_rules.message();
  resource_names_ = {"proj-gone"};  // a rule could name it; nothing has it
  OperationReport r = NewManager()->Stop(Options());
  EXPECT_TRUE(r.bad_state_file);
  EXPECT_TRUE(Contains(r.diagnostics.errors, "proj-gone is not managed by this configuration"));
  EXPECT_TRUE(world_.applied().empty());
  EXPECT_EQ(world_.values(), initial_);
}

// The config was narrowed after a stop: what it no longer selects stays as
// recorded, neither parked again nor restored, and each is listed with the
// command that brings it back.
TEST_F(ManagerTest, RecordedEntryOutsideTheSelectionIsNeitherParkedNorRestored) {
  ASSERT_TRUE(NewManager()->Stop(Options()).diagnostics.errors.empty());
  world_.Set("fn", "proj-g", 7);  // running again, still recorded stopped
  name_prefix_ = "proj-f";        // only proj-f is left in the selection
  world_.ClearApplied();
  OperationReport stop = NewManager()->Stop(Options());
  EXPECT_TRUE(world_.applied().empty());
  EXPECT_EQ(world_.Get("fn", "proj-g"), 7);
  bool listed = false;
  for (const auto& n : stop.plan.notes)
    listed =
        listed || (n.name == "proj-g" && n.severity == Severity::kWarning &&
                   n.message.find("FAKE_NAMES=proj-g aws-resource-manager "
                                  "start --only lambda --resource proj-g") != std::string::npos);
  EXPECT_TRUE(listed) << PlanToText(stop.plan);

  OperationReport start = NewManager()->Start(Options());
  EXPECT_EQ(world_.Get("fn", "proj-f"), 5);
  EXPECT_EQ(world_.Get("fn", "proj-g"), 7);
  EXPECT_EQ(world_.Get("stream", "proj-s"), 0);
  EXPECT_EQ(world_.Get("alarm", "proj-a1"), 0);
  EXPECT_EQ(StatusOf("fn", "proj-f"), kStatusRunning);
  EXPECT_EQ(StatusOf("fn", "proj-g"), kStatusStopped);
  EXPECT_EQ(StatusOf("stream", "proj-s"), kStatusStopped);
  EXPECT_EQ(StatusOf("alarm", "proj-a1"), kStatusStopped);
}

TEST_F(ManagerTest, StopRunsAlarmsFirst) {
  NewManager()->Stop(Options());
  auto applied = world_.applied();
  ASSERT_EQ(applied.size(), 4u);
  EXPECT_EQ(applied[0].type, "alarm");
  EXPECT_EQ(applied[3].type, "stream");
}

// The message names the rules that could have matched: those of the
// selected types, each type's own prefix by its key.
TEST_F(ManagerTest, NothingMatchesNamesTheSelectedTypesRulesOnly) {
  edit_selection_ = [](ManagedSelection& s) {
    s.name_prefix = "none-";
    s.type_prefixes["cloudwatch"] = "alarms-x-";
    s.explicit_names["lambda"] = {"nope-a", "nope-b"};
    s.explicit_names["kinesis"] = {"nope-s"};
    s.only_types = {"kinesis"};
  };
  OperationReport r = NewManager()->Stop(Options());
  ASSERT_EQ(r.diagnostics.errors.size(), 1u);
  const std::string& only_streams = r.diagnostics.errors[0];
  EXPECT_NE(only_streams.find("(names starting with \"none-\", 1 listed name (narrowed"),
            std::string::npos)
      << only_streams;
  EXPECT_EQ(only_streams.find("alarms-x-"), std::string::npos) << only_streams;

  edit_selection_ = [](ManagedSelection& s) {
    s.name_prefix = "none-";
    s.type_prefixes["cloudwatch"] = "alarms-x-";
  };
  OperationReport all = NewManager()->Stop(Options());
  ASSERT_EQ(all.diagnostics.errors.size(), 1u);
  EXPECT_NE(all.diagnostics.errors[0].find("cloudwatch prefix=\"alarms-x-\""), std::string::npos)
      << all.diagnostics.errors[0];
}

TEST_F(ManagerTest, DryRunChangesNothingAndWritesNothing) {
  RunOptions o = Options();
  o.dry_run = true;
  OperationReport r = NewManager()->Stop(o);
  EXPECT_EQ(r.plan.ActionCount(), 4u);
  EXPECT_TRUE(world_.applied().empty());
  EXPECT_FALSE(fs_.Exists(kPath));
}

TEST_F(ManagerTest, FailingResourceStaysStoppingAndTheOthersComplete) {
  world_.set_before_apply([](const Action& a) {
    return a.names[0] == "proj-f" ? Status::Aws("ServiceException", "boom", 500, "r", false)
                                  : Status::Ok();
  });
  OperationReport r = NewManager()->Stop(Options());
  EXPECT_EQ(r.failed_resources, 1);
  EXPECT_EQ(world_.Get("fn", "proj-f"), 5);
  EXPECT_EQ(StatusOf("fn", "proj-f"), kStatusStopping);
  EXPECT_EQ(world_.Get("fn", "proj-g"), 0);
  EXPECT_EQ(StatusOf("fn", "proj-g"), kStatusStopped);
  EXPECT_EQ(world_.Get("stream", "proj-s"), 0);
  EXPECT_EQ(StatusOf("stream", "proj-s"), kStatusStopped);
}

TEST_F(ManagerTest, AResourceThatCannotBeDescribedIsSkippedAloneAndItsEntryKept) {
  world_.set_describe_error("fn", "proj-f", Status::NetworkError("connection reset by peer"));
  OperationReport r = NewManager()->Stop(Options());
  ASSERT_EQ(r.unknown.size(), 1u);
  EXPECT_EQ(r.unknown[0].type, "fn");
  EXPECT_EQ(r.unknown[0].name, "proj-f");
  EXPECT_EQ(r.failed_resources, 1);
  ASSERT_TRUE(r.plan.HasErrors());
  int errors = 0;
  for (const auto& n : r.plan.notes) {
    if (n.severity != Severity::kError) continue;
    ++errors;
    EXPECT_EQ(n.name, "proj-f");
    EXPECT_NE(n.message.find("connection reset by peer"), std::string::npos) << n.message;
  }
  EXPECT_EQ(errors, 1);
  EXPECT_FALSE(Contains(r.diagnostics.errors, "fn"));  // one line: the plan's note
  // The rest of its type went on; it was never touched nor recorded.
  EXPECT_EQ(world_.Get("fn", "proj-g"), 0);
  EXPECT_EQ(world_.Get("fn", "proj-f"), 5);
  EXPECT_EQ(StatusOf("fn", "proj-f"), "<absent>");
  for (const auto& a : world_.applied()) EXPECT_NE(a.names[0], "proj-f");

  // Parked, then unknown at start: the others are restored, its entry is
  // left exactly as recorded, and a later start restores it.
  world_.set_describe_error("fn", "proj-f", Status::Ok());
  NewManager()->Stop(Options());
  const json recorded = Saved().Find("fn", "proj-f")->original;
  const std::string status = StatusOf("fn", "proj-f");
  world_.set_describe_error("fn", "proj-f",
                            Status::Aws("ServiceException", "boom", 500, "req-1", true));
  OperationReport start = NewManager()->Start(Options());
  EXPECT_EQ(start.failed_resources, 1);
  EXPECT_EQ(world_.Get("fn", "proj-g"), 7);
  EXPECT_EQ(world_.Get("fn", "proj-f"), 0);
  EXPECT_EQ(StatusOf("fn", "proj-f"), status);
  EXPECT_EQ(Saved().Find("fn", "proj-f")->original, recorded);
  world_.set_describe_error("fn", "proj-f", Status::Ok());
  OperationReport retry = NewManager()->Start(Options());
  EXPECT_EQ(retry.failed_resources, 0);
  EXPECT_EQ(world_.values(), initial_);
}

TEST_F(ManagerTest, StatusDiscoveryReportsAnUnknownResourceAsOneErrorLine) {
  world_.set_describe_error("stream", "proj-s", Status::NetworkError("connection reset by peer"));
  Diagnostics diagnostics;
  SnapshotSet snaps = NewManager()->Discover(nullptr, 4, &diagnostics);
  const std::vector<std::string>& errors = diagnostics.errors;
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("stream proj-s: could not be described"), std::string::npos)
      << errors[0];
  EXPECT_TRUE(snaps.count("stream"));
  EXPECT_TRUE(snaps["stream"].empty());
  EXPECT_EQ(snaps["fn"].size(), 2u);
}

TEST_F(ManagerTest, ACredentialsErrorStillFailsTheWholeType) {
  world_.set_describe_error("fn", "proj-f", Status::Credentials("the security token expired"));
  Diagnostics diagnostics;
  bool permission = false;
  SnapshotSet snaps = NewManager()->Discover(nullptr, 4, &diagnostics, &permission);
  const std::vector<std::string>& errors = diagnostics.errors;
  EXPECT_FALSE(snaps.count("fn"));
  EXPECT_TRUE(permission);
  EXPECT_TRUE(Contains(errors, "the security token expired"));
}

TEST_F(ManagerTest, StartMarksStartingThenVerifiesAndMarksRunning) {
  NewManager()->Stop(Options());
  world_.ClearApplied();
  std::mutex mu;
  std::vector<std::string> seen;
  world_.set_before_apply([&](const Action& a) {
    std::string s = StatusOf(a.type, a.names[0]);
    std::lock_guard<std::mutex> l(mu);
    seen.push_back(s);
    return Status::Ok();
  });
  OperationReport r = NewManager()->Start(Options());
  EXPECT_TRUE(r.diagnostics.errors.empty()) << r.diagnostics.errors[0];
  EXPECT_EQ(r.failed_resources, 0);
  EXPECT_EQ(seen, std::vector<std::string>(4, kStatusStarting));
  EXPECT_EQ(world_.values(), initial_);
  EXPECT_EQ(r.verified.size(), 4u);
  for (const auto& v : r.verified) EXPECT_EQ(v.problem, "") << v.name;
  for (const auto& e : Saved().resources) EXPECT_EQ(e.status, kStatusRunning) << e.name;
  auto applied = world_.applied();
  EXPECT_EQ(applied.front().type, "stream");
  EXPECT_EQ(applied.back().type, "alarm");
}

TEST_F(ManagerTest, FailingStartKeepsTheOriginalForARetry) {
  NewManager()->Stop(Options());
  world_.set_before_apply([](const Action& a) {
    return a.names[0] == "proj-g" ? Status::Aws("ServiceException", "boom", 500, "r", false)
                                  : Status::Ok();
  });
  OperationReport r = NewManager()->Start(Options());
  EXPECT_EQ(r.failed_resources, 1);
  EXPECT_EQ(StatusOf("fn", "proj-g"), kStatusStarting);
  EXPECT_EQ(StatusOf("fn", "proj-f"), kStatusRunning);
  EXPECT_EQ(Saved().Find("fn", "proj-g")->original, (json{{"value", 7}}));
  world_.set_before_apply(nullptr);
  OperationReport retry = NewManager()->Start(Options());
  EXPECT_EQ(retry.failed_resources, 0);
  EXPECT_EQ(retry.plan.ActionCount(), 1u);
  EXPECT_EQ(world_.values(), initial_);
  EXPECT_EQ(StatusOf("fn", "proj-g"), kStatusRunning);
}

TEST_F(ManagerTest, StartRefusesWhatTheAccountCannotGrantAndRestoresTheRest) {
  NewManager()->Stop(Options());
  EXPECT_EQ(world_.start_facts_calls(), 0);  // stop never asks
  world_.ClearApplied();
  world_.set_start_cap("fn", 6);  // proj-f (5) fits, proj-g (7) does not
  RunOptions dry = Options();
  dry.dry_run = true;
  OperationReport plan = NewManager()->Start(dry);
  EXPECT_TRUE(world_.applied().empty());
  ASSERT_EQ(plan.plan.notes.size(), 1u);
  EXPECT_EQ(plan.plan.notes[0].name, "proj-g");
  EXPECT_EQ(plan.plan.notes[0].severity, Severity::kError);
  EXPECT_EQ(plan.plan.ActionCount(), 3u);  // alarm, stream, proj-f
  ASSERT_EQ(plan.changes.size(),
            3u);  // the costs and the audit trail count only what runs

  OperationReport r = NewManager()->Start(Options());
  EXPECT_EQ(r.plan.notes.size(), 1u);
  EXPECT_EQ(r.failed_resources, 0);  // refused in the plan: never attempted
  for (const auto& a : world_.applied()) EXPECT_NE(a.names[0], "proj-g");
  EXPECT_EQ(world_.Get("fn", "proj-g"), 0);
  EXPECT_EQ(world_.Get("fn", "proj-f"), 5);
  EXPECT_EQ(world_.Get("stream", "proj-s"), 8);
  EXPECT_EQ(world_.Get("alarm", "proj-a1"), 1);
  EXPECT_EQ(StatusOf("fn", "proj-f"), kStatusRunning);
  EXPECT_NE(StatusOf("fn", "proj-g"), kStatusRunning);
  EXPECT_EQ(Saved().Find("fn", "proj-g")->original, (json{{"value", 7}}));
  // Once per start per type with something to restore, dry run included.
  EXPECT_EQ(world_.start_facts_calls(), 3 + 3);

  world_.set_start_cap("fn",
                       std::nullopt);  // e.g. the account limit was raised
  OperationReport retry = NewManager()->Start(Options());
  EXPECT_TRUE(retry.plan.notes.empty());
  EXPECT_EQ(retry.plan.ActionCount(), 1u);
  EXPECT_EQ(world_.values(), initial_);
  EXPECT_EQ(StatusOf("fn", "proj-g"), kStatusRunning);
}

TEST_F(ManagerTest, UnreadableAccountFactsWarnAndTheRestoresAreAttempted) {
  NewManager()->Stop(Options());
  world_.set_start_cap("fn", 6);
  world_.set_start_facts_error(
      Status::Aws("AccessDeniedException", "not authorized", 403, "r", false));
  OperationReport r = NewManager()->Start(Options());
  EXPECT_TRUE(r.plan.notes.empty());
  EXPECT_TRUE(r.diagnostics.errors.empty()) << r.diagnostics.errors[0];
  EXPECT_TRUE(Contains(r.diagnostics.warnings,
                       "fn: could not check the account's limits before restoring"));
  EXPECT_FALSE(r.permission_error);
  EXPECT_EQ(world_.values(),
            initial_);  // AWS, not the check, has the last word
}

TEST_F(ManagerTest, SecondStopAndSecondStartAreHarmless) {
  NewManager()->Stop(Options());
  OperationReport again = NewManager()->Stop(Options());
  EXPECT_EQ(again.plan.ActionCount(), 0u);
  EXPECT_EQ(Saved().Find("fn", "proj-g")->original, (json{{"value", 7}}));
  NewManager()->Start(Options());
  world_.ClearApplied();
  OperationReport start_again = NewManager()->Start(Options());
  EXPECT_EQ(start_again.plan.ActionCount(), 0u);
  EXPECT_TRUE(world_.applied().empty());
  EXPECT_EQ(world_.values(), initial_);
}

TEST_F(ManagerTest, StopSettlesResourcesParkedByARunThatDiedBeforeSaving) {
  NewManager()->Stop(Options());
  // As if the run died after parking but before saving "stopped".
  State st = Saved();
  for (auto& r : st.resources) r.status = kStatusStopping;
  ASSERT_TRUE(store_.Save(st).ok());
  world_.ClearApplied();
  OperationReport again = NewManager()->Stop(Options());
  EXPECT_EQ(again.plan.ActionCount(), 0u);
  EXPECT_TRUE(world_.applied().empty());
  EXPECT_EQ(StatusOf("fn", "proj-g"), kStatusStopped);
  EXPECT_EQ(StatusOf("stream", "proj-s"), kStatusStopped);
  EXPECT_EQ(Saved().Find("fn", "proj-g")->original, (json{{"value", 7}}));
  NewManager()->Start(Options());
  EXPECT_EQ(world_.values(), initial_);
}

TEST_F(ManagerTest, StartWithoutAStateFileExplainsHowToGetOne) {
  OperationReport r = NewManager()->Start(Options());
  ASSERT_EQ(r.diagnostics.errors.size(), 1u);
  EXPECT_NE(r.diagnostics.errors[0].find(std::string(kPath) + " not found"), std::string::npos)
      << r.diagnostics.errors[0];
  EXPECT_NE(r.diagnostics.errors[0].find("`stop` creates it"), std::string::npos);
  EXPECT_NE(r.diagnostics.errors[0].find("snapshot"), std::string::npos);
  EXPECT_TRUE(r.bad_state_file);  // bad input (exit 2), not a partial failure
  EXPECT_TRUE(world_.applied().empty());
}

TEST_F(ManagerTest, DeclinedPlanChangesNothingAndWritesNoState) {
  RunOptions o = Options();
  int asked = 0;
  o.confirm = [&](const Plan& plan) {
    ++asked;
    EXPECT_GT(plan.ActionCount(), 0u);
    return false;
  };
  OperationReport r = NewManager()->Stop(o);
  EXPECT_EQ(asked, 1);
  EXPECT_TRUE(r.aborted_by_user);
  EXPECT_FALSE(r.interrupted);
  EXPECT_TRUE(r.outcomes.empty());
  EXPECT_TRUE(world_.applied().empty());
  EXPECT_FALSE(fs_.Exists(kPath));
}

TEST_F(ManagerTest, SignalBeforeThePromptEndsTheRunBeforeAnyChange) {
  std::atomic<bool> interrupted{true};
  RunOptions o = Options();
  o.interrupted = &interrupted;
  bool asked = false;
  o.confirm = [&](const Plan&) { return asked = true; };
  OperationReport r = NewManager()->Stop(o);
  EXPECT_FALSE(asked);
  EXPECT_TRUE(r.aborted_by_user);
  EXPECT_TRUE(r.interrupted);
  EXPECT_TRUE(world_.applied().empty());
  EXPECT_FALSE(fs_.Exists(kPath));
}

TEST_F(ManagerTest, StateOfAnotherProjectAccountOrRegionIsRefused) {
  NewManager()->Stop(Options());
  world_.ClearApplied();
  const std::string before = fs_.ReadFile(kPath).value();
  struct Case {
    std::string project, account, region, word;
  };
  for (const Case& c :
       {Case{"other", kAccount, kRegion, "other"}, Case{"proj", "999999999999", kRegion, "999"},
        Case{"proj", kAccount, "us-east-1", "us-east-1"}}) {
    // Same prefix, so only the state file's identity differs.
    std::unique_ptr<Manager> m = NewManager(c.project, c.account, c.region);
    for (const OperationReport& r : {m->Start(Options()), m->Stop(Options())}) {
      ASSERT_FALSE(r.diagnostics.errors.empty()) << c.word;
      EXPECT_TRUE(Contains(r.diagnostics.errors, c.word)) << r.diagnostics.errors[0];
    }
  }
  EXPECT_TRUE(world_.applied().empty());
  EXPECT_EQ(fs_.ReadFile(kPath).value(), before);
}

TEST_F(ManagerTest, FailedSaveBeforeStopMeansNoChange) {
  fs_.FailWriteNumber(1);
  OperationReport r = NewManager()->Stop(Options());
  EXPECT_TRUE(Contains(r.diagnostics.errors, "nothing was changed"));
  EXPECT_TRUE(world_.applied().empty());
  EXPECT_EQ(world_.values(), initial_);
}

TEST_F(ManagerTest, FailedSaveBeforeStartMeansNoChange) {
  NewManager()->Stop(Options());
  world_.ClearApplied();
  auto parked = world_.values();
  fs_.FailWriteNumber(2);  // the .bak copy succeeds, the state itself fails
  OperationReport r = NewManager()->Start(Options());
  EXPECT_TRUE(Contains(r.diagnostics.errors, "nothing was changed"));
  EXPECT_TRUE(world_.applied().empty());
  EXPECT_EQ(world_.values(), parked);
}

// Crashes the process at every durable write of a stop + start, in each phase
// of the write; then a new run of stop and start must restore the world.
TEST_F(ManagerTest, CrashAtAnyWriteThenStopAndStartRestoresTheWorld) {
  {
    NewManager()->Stop(Options());
    NewManager()->Start(Options());
    ASSERT_EQ(world_.values(), initial_);
  }
  const int writes = fs_.write_count();
  ASSERT_GE(writes, 4);
  using CP = MemFileSystem::CrashPoint;
  for (int n = 1; n <= writes; ++n) {
    for (CP point :
         {CP::kBeforeTempCreated, CP::kMidTempWrite, CP::kBeforeRename, CP::kAfterRename}) {
      SCOPED_TRACE("write " + std::to_string(n) + " point " +
                   std::to_string(static_cast<int>(point)));
      testing::FakeWorld world;
      for (const auto& [key, value] : initial_) world.Set(key.first, key.second, value);
      MemFileSystem fs;
      StateStore store(fs, clock_, kPath);
      // A dead process makes no more calls.
      world.set_before_apply([&fs](const Action&) {
        return fs.crashed() ? Status::Aborted("process crashed") : Status::Ok();
      });
      auto run = [&](bool stop) {
        std::vector<std::unique_ptr<ResourceType>> types;
        types.push_back(
            std::make_unique<testing::FakeResourceType>(world, "alarm", "cloudwatch", 0));
        types.push_back(std::make_unique<testing::FakeResourceType>(world, "fn", "lambda", 1));
        types.push_back(std::make_unique<testing::FakeResourceType>(world, "stream", "kinesis", 2));
        ManagedSelection sel;
        sel.project = "proj";
        sel.name_prefix = "proj-";
        Manager m(std::move(types), store, clock_, sel, nullptr, kAccount, kRegion);
        return stop ? m.Stop(Options()) : m.Start(Options());
      };
      fs.CrashAtWrite(n, point);
      run(true);
      if (!fs.crashed()) run(false);
      ASSERT_TRUE(fs.crashed());
      fs.Restart();
      OperationReport stop = run(true);
      EXPECT_EQ(stop.failed_resources, 0);
      OperationReport start = run(false);
      EXPECT_EQ(start.failed_resources, 0);
      EXPECT_TRUE(start.diagnostics.errors.empty()) << start.diagnostics.errors[0];
      EXPECT_EQ(world.values(), initial_);
      auto text = fs.ReadFile(kPath);
      ASSERT_TRUE(text.ok());
      auto st = ParseState(*text, kPath, nullptr);
      ASSERT_TRUE(st.ok());
      for (const auto& e : st->resources) EXPECT_EQ(e.status, kStatusRunning) << e.name;
    }
  }
}

}  // namespace
}  // namespace arm
