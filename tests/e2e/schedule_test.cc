// Schedules end to end: reconcile (via --now, never by sleeping) against
// aws-sandbox with the demo estate, through the same stop/start as the
// manual commands.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "core/clock.h"
#include "schedule/zone.h"
#include "state/run_lock.h"
#include "tests/e2e/manager_fixture.h"

namespace arm::testing {
namespace {

using nlohmann::json;

const std::vector<std::string> kOfficeHours = {"SCHEDULE_TIMEZONE=Europe/Berlin",
                                               "SCHEDULE_RUNNING=Mon-Fri 08:00-18:00"};

std::vector<std::string> With(std::vector<std::string> env, const std::string& more) {
  env.push_back(more);
  return env;
}

class ScheduleTest : public ManagerFixture {
 protected:
  CliResult Reconcile(const std::string& now, const std::vector<std::string>& env = kOfficeHours,
                      const std::vector<std::string>& more = {}) {
    std::vector<std::string> args = {"reconcile", "--force", "--now", now};
    args.insert(args.end(), more.begin(), more.end());
    return Manager(args, env);
  }
  // The demo estate with one resource tagged aws-resource-manager:schedule=never.
  sandbox::ServerOptions ExemptOptions(const char* service, const char* list, const char* key,
                                       const std::string& name) {
    sandbox::ServerOptions o = DefaultOptions();
    for (auto& r : o.estate[service][list])
      if (r[key] == name)
        r["Tags"].push_back({{"Key", "aws-resource-manager:schedule"}, {"Value", "never"}});
    return o;
  }
  // The operations `history` lists, oldest first: "stop", "start", ...
  std::vector<std::string> History() {
    auto h = Manager({"history", "--limit", "0", "--output", "json"}, kOfficeHours);
    EXPECT_EQ(h.exit_code, 0) << h.err;
    std::vector<std::string> out;
    json ops = json::parse(h.out).at("operations");
    for (auto it = ops.rbegin(); it != ops.rend(); ++it) {
      EXPECT_EQ(it->value("exit_code", -1), 0) << it->dump();
      out.push_back(it->value("command", "") + (it->value("dry_run", false) ? " (dry run)" : ""));
    }
    return out;
  }
};

// A week of reconcile runs every hour, Monday 08:00 to the next Monday 08:00
// (Berlin, summer time): the estate ends as it started, with one stop
// (18:00) and one start (08:00) per working day, and nothing else. (Each run
// between transitions reads only local files; the ticks that fall between
// two hours add nothing but time: LateRunAppliesTheMissedTransition covers
// a tick after the transition.)
TEST_F(ScheduleTest, SimulatedWeekParksEachEveningAndRestoresEachMorning) {
  json before = Estate();
  const SysSeconds monday = *ParseInstant("2026-07-06T08:00:00+02:00");
  std::vector<std::string> acted;
  for (int i = 0; i <= 7 * 24; ++i) {
    SysSeconds now = monday + std::chrono::hours(i);
    std::string at = FormatUtc(now);
    auto r = Reconcile(at);
    ASSERT_EQ(r.exit_code, 0) << at << "\n" << r.out << r.err;
    if (r.out.find("→ stop") != std::string::npos) acted.push_back("stop " + at);
    if (r.out.find("→ start") != std::string::npos) acted.push_back("start " + at);
  }
  std::vector<std::string> expected;
  for (const char* day : {"06", "07", "08", "09", "10"}) {
    if (std::string(day) != "06")
      expected.push_back(std::string("start 2026-07-") + day + "T06:00:00Z");
    expected.push_back(std::string("stop 2026-07-") + day + "T16:00:00Z");
  }
  expected.push_back("start 2026-07-13T06:00:00Z");
  EXPECT_EQ(acted, expected);
  json after = Estate();
  EXPECT_TRUE(after == before) << json::diff(before, after).dump();
  std::vector<std::string> history = History();
  std::vector<std::string> pairs;
  for (int day = 0; day < 5; ++day) {
    pairs.push_back("stop");
    pairs.push_back("start");
  }
  EXPECT_EQ(history, pairs);
}

TEST_F(ScheduleTest, ManualStartIsRespectedUnlessEnforced) {
  ASSERT_EQ(Reconcile("2026-07-06T16:05:00Z").exit_code, 0);  // Monday 18:05: parked
  auto start = Manager({"start", "--force"}, kOfficeHours);   // someone works late
  ASSERT_EQ(start.exit_code, 0) << start.err;
  json running = Estate();
  auto calls = MutatingCalls();
  // The start by hand is recorded at the real clock, after this --now:
  // reconcile says nothing is due or that --now went back, and acts not.
  auto later = Reconcile("2026-07-06T18:00:00Z");  // 20:00
  ASSERT_EQ(later.exit_code, 0) << later.err;
  EXPECT_NE(later.out.find("nothing d"), std::string::npos) << later.out;
  EXPECT_EQ(MutatingCalls(), calls);
  EXPECT_EQ(Estate(), running);
  auto enforced = Reconcile("2026-07-06T18:15:00Z", With(kOfficeHours, "SCHEDULE_ENFORCE=true"));
  ASSERT_EQ(enforced.exit_code, 0) << enforced.err;
  EXPECT_NE(enforced.out.find("desired parked: outside Mon-Fri 08:00-18:00 Europe/Berlin"),
            std::string::npos)
      << enforced.out;
  EXPECT_NE(enforced.out.find("actual running → stop"), std::string::npos) << enforced.out;
  EXPECT_NE(Estate(), running);
}

TEST_F(ScheduleTest, DryRunPrintsTheDecisionWhyAndThePlanAndChangesNothing) {
  json before = Estate();
  auto r = Manager({"reconcile", "--dry-run", "--now", "2026-07-06T20:00:00+02:00"}, kOfficeHours);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("desired parked: outside Mon-Fri 08:00-18:00 Europe/Berlin"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("actual running → stop"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("UpdateShardCount"), std::string::npos) << r.out;  // the plan
  EXPECT_EQ(Estate(), before);
  EXPECT_TRUE(MutatingCalls().empty());
}

TEST_F(ScheduleTest, OverlappingRunExitsCleanlyAndChangesNothing) {
  auto lock = RunLock::Acquire(state_path(), "stop", RealClock());
  ASSERT_TRUE(lock.ok()) << lock.status().ToString();
  auto r = Reconcile("2026-07-06T20:00:00Z");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("another run is active"), std::string::npos) << r.out;
  EXPECT_EQ(r.err, "");
  EXPECT_TRUE(MutatingCalls().empty());
}

TEST_F(ScheduleTest, OverrideKeepsRunningUntilItExpires) {
  ASSERT_EQ(Reconcile("2026-07-06T15:00:00Z").exit_code, 0);  // 17:00: running, recorded
  auto o = Manager({"override", "--running-until", "2026-07-06T22:00", "--reason", "release",
                    "--now", "2026-07-06T17:30:00+02:00"},
                   kOfficeHours);
  ASSERT_EQ(o.exit_code, 0) << o.err;
  json running = Estate();
  auto evening = Reconcile("2026-07-06T18:30:00Z");  // 20:30: the 18:00 stop is overridden
  ASSERT_EQ(evening.exit_code, 0) << evening.err;
  EXPECT_EQ(Estate(), running);
  auto sched = Manager(
      {"schedule", "--from", "2026-07-06T19:00:00+02:00", "--days", "1", "--output", "json"},
      kOfficeHours);
  ASSERT_EQ(sched.exit_code, 0) << sched.err;
  json s = json::parse(sched.out);
  EXPECT_EQ(s.at("override").at("reason"), "release");
  ASSERT_FALSE(s.at("transitions").empty());
  EXPECT_EQ(s.at("transitions")[0].at("utc"), "2026-07-06T20:00:00Z");
  EXPECT_EQ(s.at("transitions")[0].at("override"), true);
  auto expired = Reconcile("2026-07-06T20:05:00Z");  // 22:05
  ASSERT_EQ(expired.exit_code, 0) << expired.err;
  EXPECT_NE(expired.out.find("override ended"), std::string::npos) << expired.out;
  EXPECT_NE(Estate(), running);
  std::vector<std::string> history = History();
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].rfind("override running until 2026-07-06T20:00:00Z (release)", 0), 0u)
      << history[0];
  EXPECT_EQ(history[1], "stop");
}

// Report files hold what users typed (a reason, a user name): history's
// text shows it escaped, never as terminal control sequences.
TEST_F(ScheduleTest, HistoryEscapesWhatAnOverrideRecorded) {
  auto o = Manager({"override", "--running-until", "2026-07-06T22:00", "--reason",
                    "late \x1b[2Jrelease", "--now", "2026-07-06T17:30:00+02:00"},
                   kOfficeHours);
  ASSERT_EQ(o.exit_code, 0) << o.err;
  auto h = Manager({"history"}, kOfficeHours);
  ASSERT_EQ(h.exit_code, 0) << h.err;
  EXPECT_EQ(h.out.find('\x1b'), std::string::npos) << h.out;
  EXPECT_NE(h.out.find("late \\x1b[2Jrelease"), std::string::npos) << h.out;
}

TEST_F(ScheduleTest, OverrideInThePastOrTooFarIsRefused) {
  auto past = Manager(
      {"override", "--running-until", "2026-07-06T10:00:00Z", "--now", "2026-07-06T12:00:00Z"},
      kOfficeHours);
  EXPECT_EQ(past.exit_code, 2);
  EXPECT_NE(past.err.find("not in the future"), std::string::npos) << past.err;
  auto far = Manager(
      {"override", "--parked-until", "2026-07-20T10:00:00Z", "--now", "2026-07-06T12:00:00Z"},
      kOfficeHours);
  EXPECT_EQ(far.exit_code, 2);
  EXPECT_NE(far.err.find("more than 7 days"), std::string::npos) << far.err;
}

TEST_F(ScheduleTest, BadScheduleKeysAreExit2NamingTheKey) {
  struct Case {
    std::string env, expected;
  } cases[] = {
      {"SCHEDULE_TIMEZONE=Europe/Berln", "did you mean Europe/Berlin"},
      {"SCHEDULE_RUNNING=Mon-Fri 08:00-18:00; Fri 8:00-14:0", "period 2 \"Fri 8:00-14:0\""},
      {"SCHEDULE_HOLIDAYS=2026-02-30", "\"2026-02-30\" is not a date"},
      {"SCHEDULE_ENFORCE=maybe", "SCHEDULE_ENFORCE must be true or false"},
      {"SCHEDULE_OVERRIDE_MAX_DAYS=0", "SCHEDULE_OVERRIDE_MAX_DAYS must be a whole number"},
  };
  for (const auto& c : cases) {
    auto r = Reconcile("2026-07-06T20:00:00Z", With(kOfficeHours, c.env));
    EXPECT_EQ(r.exit_code, 2) << c.env << "\n" << r.out << r.err;
    EXPECT_NE(r.err.find(c.expected), std::string::npos) << c.env << "\n" << r.err;
  }
  auto bad_now = Reconcile("2026-07-06 20:00");
  EXPECT_EQ(bad_now.exit_code, 2);
  EXPECT_NE(bad_now.err.find("--now"), std::string::npos) << bad_now.err;
  EXPECT_TRUE(MutatingCalls().empty());
}

// An estate whose stream is tagged aws-resource-manager:schedule=never.
class ScheduleExemptTest : public ScheduleTest {
 protected:
  sandbox::ServerOptions Options() override {
    return ExemptOptions("kinesis", "streams", "StreamName", "user-journey-analytics-user-events");
  }
  int OpenShards() {
    const json state = State();
    for (const auto& s : state.at("services").at("kinesis").at("streams"))
      if (s.value("name", "") == "user-journey-analytics-user-events")
        return s.value("open_shard_count", -1);
    return -1;
  }
};

TEST_F(ScheduleExemptTest, ScheduledStopLeavesTheTaggedResourceAManualStopParksIt) {
  ASSERT_EQ(OpenShards(), 2);
  auto r = Reconcile("2026-07-06T20:00:00Z");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("exempt from scheduled stops"), std::string::npos) << r.out;
  EXPECT_EQ(OpenShards(), 2);
  auto stop = Manager({"stop", "--force"}, kOfficeHours);
  ASSERT_EQ(stop.exit_code, 0) << stop.err;
  EXPECT_EQ(OpenShards(), 1);
}

TEST_F(ScheduleTest, StatusAndScheduleShowTheScheduleAndInstallScheduleWritesNothing) {
  auto status = Manager({"status"}, kOfficeHours);
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_NE(status.out.find("Schedule: Mon-Fri 08:00-18:00 Europe/Berlin"), std::string::npos)
      << status.out;
  EXPECT_NE(status.out.find("Next transition: "), std::string::npos);
  ASSERT_EQ(Reconcile("2026-07-06T10:00:00Z").exit_code, 0);
  auto applied = Manager({"--output", "json", "status"}, kOfficeHours);
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  EXPECT_EQ(json::parse(applied.out).at("schedule").at("last_applied").at("transition"),
            "2026-07-06T06:00:00Z")
      << applied.out;
  auto sched = Manager({"schedule", "--from", "2026-10-23T12:00:00Z", "--days", "4"}, kOfficeHours);
  ASSERT_EQ(sched.exit_code, 0) << sched.err;
  // Friday 18:00 CEST, then Monday 08:00 CET after the change.
  EXPECT_NE(sched.out.find("2026-10-23T16:00:00Z"), std::string::npos) << sched.out;
  EXPECT_NE(sched.out.find("2026-10-26T07:00:00Z"), std::string::npos) << sched.out;
  auto cron = Manager({"install-schedule", "--cron", "--every", "10"}, kOfficeHours);
  ASSERT_EQ(cron.exit_code, 0) << cron.err;
  EXPECT_NE(cron.out.find("*/10 * * * * cd /"), std::string::npos) << cron.out;
  EXPECT_NE(cron.out.find("/aws-resource-manager --config /"), std::string::npos) << cron.out;
  EXPECT_NE(cron.out.find("reconcile --force >> /"), std::string::npos) << cron.out;
  // Only a divisor of the hour spaces the runs evenly (*/45 runs at :00 and :45).
  auto uneven = Manager({"install-schedule", "--systemd", "--every", "45"}, kOfficeHours);
  EXPECT_EQ(uneven.exit_code, 2);
  EXPECT_NE(uneven.err.find("must divide the hour"), std::string::npos) << uneven.err;
}

// --write through a stand-in `crontab` on PATH (it keeps the table in a file)
// and into HOME's systemd folder: run twice, one line, other lines kept.
TEST_F(ScheduleTest, InstallScheduleWritesTheCrontabOnceAndTheSystemdUnits) {
  std::string bin = dir_ + "/bin";
  std::filesystem::create_directories(bin);
  std::ofstream(dir_ + "/table") << "MAILTO=ops\n0 1 * * * backup\n";
  std::ofstream(bin + "/crontab") << "#!/bin/sh\n"
                                     "if [ \"$1\" = -l ]; then cat '"
                                  << dir_ << "/table'; else cp \"$1\" '" << dir_ << "/table'; fi\n";
  std::filesystem::permissions(bin + "/crontab", std::filesystem::perms::owner_all);
  auto env = With(kOfficeHours, "PATH=" + bin + ":/usr/bin:/bin");
  for (int i = 0; i < 2; ++i) {
    auto r = Manager({"install-schedule", "--cron", "--write"}, env);
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  }
  std::ifstream in(dir_ + "/table");
  std::string table((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(table.rfind("MAILTO=ops\n0 1 * * * backup\n*/5 * * * * cd /", 0), 0u) << table;
  EXPECT_EQ(table.find("reconcile --force"), table.rfind("reconcile --force")) << table;
  // The job acts as this command would: its flags and the keys only this
  // environment set go with it.
  EXPECT_NE(table.find(" --endpoint-url http://127.0.0.1:"), std::string::npos) << table;
  EXPECT_NE(table.find("SCHEDULE_RUNNING='"), std::string::npos) << table;
  auto systemd = Manager({"install-schedule", "--systemd", "--write", "--every", "15"}, env);
  ASSERT_EQ(systemd.exit_code, 0) << systemd.err;
  std::string unit =
      dir_ + "/.config/systemd/user/aws-resource-manager-reconcile-user-journey-analytics-demo";
  EXPECT_TRUE(std::filesystem::exists(unit + ".service")) << systemd.out;
  std::ifstream timer(unit + ".timer");
  std::string text((std::istreambuf_iterator<char>(timer)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("OnCalendar=*:0/15"), std::string::npos) << text;
}

// Finding 1 of the attack: `reconcile --only kinesis` at 18:05 marked the
// stop as applied for every type, so the others were never parked.
TEST_F(ScheduleTest, OnlyNarrowedRunLeavesTheTransitionDueForTheOtherTypes) {
  ASSERT_EQ(Reconcile("2026-07-06T06:05:00Z").exit_code, 0);  // 08:05: nothing parked
  auto only = Reconcile("2026-07-06T16:05:00Z", kOfficeHours, {"--only", "kinesis"});
  ASSERT_EQ(only.exit_code, 0) << only.out << only.err;
  EXPECT_NE(only.out.find("→ stop"), std::string::npos) << only.out;
  json after_only = Estate();
  auto rest = Reconcile("2026-07-06T16:10:00Z");
  ASSERT_EQ(rest.exit_code, 0) << rest.out << rest.err;
  EXPECT_NE(rest.out.find("was not applied yet for "), std::string::npos) << rest.out;
  EXPECT_EQ(rest.out.find("kinesis,"), std::string::npos) << rest.out;
  EXPECT_NE(rest.out.find("→ stop"), std::string::npos) << rest.out;
  EXPECT_NE(Estate(), after_only);  // the other types were parked too
  auto calls = MutatingCalls();
  auto later = Reconcile("2026-07-06T16:15:00Z");
  ASSERT_EQ(later.exit_code, 0) << later.err;
  EXPECT_NE(later.out.find("nothing due"), std::string::npos) << later.out;
  EXPECT_EQ(MutatingCalls(), calls);
}

// Finding 9: history says which runs came from reconcile, and for which
// transition.
TEST_F(ScheduleTest, HistoryMarksScheduledRunsWithTheirTransition) {
  // Without the schedule: a stop by hand under it is recorded at the real
  // clock, after the --now below, and the reconcile would see the clock go
  // back.
  ASSERT_EQ(Manager({"stop", "--force"}).exit_code, 0);
  ASSERT_EQ(Reconcile("2026-07-07T06:05:00Z").exit_code, 0);  // Tuesday 08:05: start
  auto h = Manager({"history", "--output", "json"}, kOfficeHours);
  ASSERT_EQ(h.exit_code, 0) << h.err;
  json ops = json::parse(h.out).at("operations");
  ASSERT_EQ(ops.size(), 2u) << h.out;
  EXPECT_EQ(ops[0].at("command"), "start");
  EXPECT_EQ(ops[0].at("scheduled"), "start of Mon-Fri 08:00-18:00 at 2026-07-07T06:00:00Z");
  EXPECT_EQ(ops[1].at("scheduled"), "");  // the stop by hand
  auto text = Manager({"history"}, kOfficeHours);
  EXPECT_NE(
      text.out.find("start (reconcile: start of Mon-Fri 08:00-18:00 at 2026-07-07T06:00:00Z)"),
      std::string::npos)
      << text.out;
}

// Finding 8: a dry run does nothing, so history counts what it planned, and
// shows no savings when it planned nothing.
TEST_F(ScheduleTest, HistoryCountsADryRunsPlannedActions) {
  ASSERT_EQ(Manager({"stop", "--dry-run"}, kOfficeHours).exit_code, 0);
  ASSERT_EQ(Manager({"stop", "--force"}, kOfficeHours).exit_code, 0);
  ASSERT_EQ(Manager({"stop", "--dry-run"}, kOfficeHours).exit_code, 0);
  auto h = Manager({"history", "--output", "json"}, kOfficeHours);
  json ops = json::parse(h.out).at("operations");
  ASSERT_EQ(ops.size(), 3u) << h.out;
  EXPECT_EQ(ops[0].at("planned_actions"), 0);
  EXPECT_GT(ops[2].at("planned_actions").get<int>(), 0);
  auto text = Manager({"history"}, kOfficeHours);
  std::string out = text.out;
  size_t newest = out.find("stop (dry run)");
  ASSERT_NE(newest, std::string::npos) << out;
  std::string line = out.substr(newest, out.find('\n', newest) - newest);
  EXPECT_NE(line.find("0 actions planned"), std::string::npos) << line;
  EXPECT_EQ(line.find("would"), std::string::npos) << line;
  size_t oldest = out.rfind("stop (dry run)");
  line = out.substr(oldest, out.find('\n', oldest) - oldest);
  EXPECT_NE(line.find("actions planned"), std::string::npos) << line;
  EXPECT_NE(line.find("would save"), std::string::npos) << line;
}

// Finding 8: a run whose journal names a live process on this host is in
// progress, not killed.
TEST_F(ScheduleTest, HistoryTellsARunInProgressFromAKilledOne) {
  std::string ops = dir_ + "/logs/operations";
  std::filesystem::create_directories(ops);
  char host[256] = {};
  ASSERT_EQ(::gethostname(host, sizeof(host) - 1), 0);
  auto journal = [&](const std::string& name, long pid) {
    json head = {{"journal_version", 1},
                 {"report",
                  {{"command", "stop"},
                   {"dry_run", false},
                   {"started_at", "2026-07-06T16:00:0" + name.substr(0, 1) + "Z"}}},
                 {"pid", pid},
                 {"host", std::string(host)}};
    std::ofstream(ops + "/20260706T16000" + name + ".000Z-stop.jsonl") << head.dump() << "\n";
  };
  journal("1", static_cast<long>(::getpid()));  // this test: alive
  journal("2", 0x3ffffff0);                     // no such process
  auto h = Manager({"history"}, kOfficeHours);
  ASSERT_EQ(h.exit_code, 0) << h.err;
  EXPECT_NE(h.out.find("in progress (pid " + std::to_string(::getpid()) + ")"), std::string::npos)
      << h.out;
  EXPECT_NE(h.out.find("interrupted (killed"), std::string::npos) << h.out;
}

// Finding 3: a FIFO (or a folder, or a device) as SCHEDULE_HOLIDAYS hung
// every command that read the schedule.
TEST_F(ScheduleTest, HolidaysThatAreNotARegularFileAreRefusedAtOnce) {
  std::string fifo = dir_ + "/holidays.ics";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  for (const std::string& path : {fifo, dir_, std::string("/dev/zero")}) {
    auto r = Manager({"schedule"}, With(kOfficeHours, "SCHEDULE_HOLIDAYS=" + path));
    EXPECT_EQ(r.exit_code, 2) << path << "\n" << r.out << r.err;
    EXPECT_NE(r.err.find("not a regular file"), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
}

// Finding 7: a timed event among the holidays is skipped with a warning;
// scheduling goes on.
TEST_F(ScheduleTest, TimedEventAmongTheHolidaysIsSkippedWithAWarning) {
  std::ofstream(dir_ + "/h.ics") << "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:1\r\n"
                                    "DTSTART:20260707T120000Z\r\nSUMMARY:Lunch\r\nEND:VEVENT\r\n"
                                    "BEGIN:VEVENT\r\nUID:2\r\nDTSTART;VALUE=DATE:20260708\r\n"
                                    "SUMMARY:Founders day\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
  auto env = With(kOfficeHours, "SCHEDULE_HOLIDAYS=" + dir_ + "/h.ics");
  auto r = Manager({"schedule", "--from", "2026-07-06T00:00:00Z", "--days", "3"}, env);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("warning: " + dir_ + "/h.ics: event 1 \"Lunch\" is not an all-day event"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.out.find("Holiday 2026-07-08 Wed (Founders day): parked all day"), std::string::npos)
      << r.out;
}

// Finding 5: a --reason that is not UTF-8 is refused in one line (it ended
// in a JSON exception, exit 1), and history still reads.
TEST_F(ScheduleTest, OverrideReasonThatIsNotUtf8IsRefused) {
  auto o = Manager({"override", "--running-until", "2026-07-06T22:00", "--reason", "x\xffy",
                    "--now", "2026-07-06T17:30:00+02:00"},
                   kOfficeHours);
  EXPECT_EQ(o.exit_code, 2) << o.out << o.err;
  EXPECT_NE(o.err.find("--reason is not valid UTF-8 text (x\\xffy)"), std::string::npos) << o.err;
  EXPECT_EQ(o.err.find("exception"), std::string::npos) << o.err;
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/state.override.json"));
  EXPECT_EQ(Manager({"history"}, kOfficeHours).exit_code, 0);
}

// Finding 8: an override file edited by hand beyond the maximum is ignored
// with a warning, not honoured.
TEST_F(ScheduleTest, HandEditedOverrideBeyondTheMaximumIsIgnored) {
  std::ofstream(dir_ + "/state.override.json")
      << R"({"version":1,"override":{"state":"running","since":"2026-07-06T10:00:00Z",)"
      << R"("until":"2026-09-01T10:00:00Z","who":"mallory","reason":"","cleared":false}})";
  auto r = Manager({"schedule", "--from", "2026-07-06T20:00:00Z", "--days", "1"}, kOfficeHours);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("is longer than SCHEDULE_OVERRIDE_MAX_DAYS (7 days): ignored"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.out.find(": parked (outside Mon-Fri 08:00-18:00"), std::string::npos) << r.out;
}

// Finding 6: status with a bad schedule key is bad input: exit 2, one line.
TEST_F(ScheduleTest, StatusWithABadScheduleKeyIsExit2) {
  auto r = Manager({"status"}, With(kOfficeHours, "SCHEDULE_RUNNING=Mon-Fri 25:00-18:00"));
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_EQ(r.err,
            "error: environment: SCHEDULE_RUNNING: period 1 \"Mon-Fri 25:00-18:00\": the "
            "start \"25:00\" is not a time (00:00 to 23:59)\n");
  EXPECT_TRUE(MutatingCalls().empty());
}

// A schedule whose last transition, a stop, was two hours before the real
// clock (UTC, every day), so that a stop or start by hand, which reads the
// clock, and reconcile runs at --now meet on one time line.
std::vector<std::string> ParkedSinceTwoHoursAgo(SysSeconds real_now) {
  auto hhmm = [](SysSeconds t) {
    auto day = date::floor<date::days>(t);
    date::hh_mm_ss<std::chrono::minutes> tod{date::floor<std::chrono::minutes>(t - day)};
    char buf[8];
    std::snprintf(buf, sizeof(buf), "%02d:%02d", static_cast<int>(tod.hours().count()),
                  static_cast<int>(tod.minutes().count()));
    return std::string(buf);
  };
  return {"SCHEDULE_TIMEZONE=UTC", "SCHEDULE_RUNNING=Mon-Sun " +
                                       hhmm(real_now - std::chrono::hours(3)) + "-" +
                                       hhmm(real_now - std::chrono::hours(2))};
}

// An estate whose credentials may not write to Kinesis: every stop fails
// (exit 3, permission denied), as a stream out of UpdateShardCount calls
// fails all day.
class ScheduleFailingTest : public ScheduleTest {
 protected:
  sandbox::ServerOptions Options() override {
    auto o = ScheduleTest::Options();
    json allow = {"sts:*",
                  "sagemaker:*",
                  "application-autoscaling:*",
                  "kinesis:List*",
                  "kinesis:Describe*",
                  "lambda:*",
                  "cloudwatch:*",
                  "dynamodb:*",
                  "tag:*",
                  "ecs:*",
                  "ec2:*",
                  "autoscaling:*",
                  "rds:*",
                  "eks:*"};
    o.estate["credentials"].push_back({{"access_key_id", "AKIANOKINESISWRITE"},
                                       {"secret_access_key", "no-kinesis-write"},
                                       {"account_id", "000000000000"},
                                       {"arn", "arn:aws:iam::000000000000:user/no-kinesis-write"},
                                       {"allow", allow}});
    return o;
  }
  // The schedule of ParkedSinceTwoHoursAgo (env_), and its reconcile 90
  // minutes ago, half an hour after the stop transition, with the
  // credentials that may not write to Kinesis (denied_).
  CliResult FailedStopNinetyMinutesAgo() {
    real_now_ = date::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    env_ = ParkedSinceTwoHoursAgo(real_now_);
    denied_ = With(With(env_, "AWS_ACCESS_KEY_ID=AKIANOKINESISWRITE"),
                   "AWS_SECRET_ACCESS_KEY=no-kinesis-write");
    return Reconcile(FormatUtc(real_now_ - std::chrono::minutes(90)), denied_);
  }
  SysSeconds real_now_{};
  std::vector<std::string> env_, denied_;
};

// Finding 2: a failing transition was retried on every tick (215 failing
// runs in a week). It now waits 1 h, then 2 h, ... (a permission denied
// cannot clear by itself), says so, and exits 0 while waiting.
TEST_F(ScheduleFailingTest, FailedTransitionBacksOffInsteadOfFailingEveryTick) {
  ASSERT_EQ(Reconcile("2026-07-06T06:05:00Z").exit_code, 0);  // 08:05
  auto denied = With(With(kOfficeHours, "AWS_ACCESS_KEY_ID=AKIANOKINESISWRITE"),
                     "AWS_SECRET_ACCESS_KEY=no-kinesis-write");
  int failed = 0, waited = 0;
  for (int minute = 0; minute < 4 * 60; minute += 5) {  // 18:00 to 22:00
    std::string at =
        FormatUtc(*ParseInstant("2026-07-06T16:00:00Z") + std::chrono::minutes(minute));
    auto r = Reconcile(at, denied);
    if (r.exit_code == 0) {
      EXPECT_NE(r.out.find("waiting: the stop for the transition at 2026-07-06 18:00 CEST for "
                           "cloudwatch, kinesis failed"),
                std::string::npos)
          << at << "\n"
          << r.out;
      ++waited;
    } else {
      EXPECT_EQ(r.exit_code, 3) << at << "\n" << r.out << r.err;
      EXPECT_NE(r.err.find("the next reconcile runs wait until"), std::string::npos) << r.err;
      ++failed;
    }
  }
  // 18:00, 19:00 (1 h), 21:00 (2 h): three attempts in four hours.
  EXPECT_EQ(failed, 3);
  EXPECT_EQ(waited, 48 - 3);
  auto status = Manager({"--output", "json", "status"}, kOfficeHours);
  EXPECT_EQ(json::parse(status.out).at("schedule").at("failing").at("attempts"), 3) << status.out;
  // With the permission back, the attempt due at 01:00 (4 h) succeeds.
  auto fixed = Reconcile("2026-07-06T23:00:00Z");
  ASSERT_EQ(fixed.exit_code, 0) << fixed.out << fixed.err;
  EXPECT_NE(fixed.out.find("→ stop"), std::string::npos) << fixed.out;
  EXPECT_NE(Reconcile("2026-07-06T23:05:00Z").out.find("nothing due"), std::string::npos);
}

// Attack finding (high): after a stop that failed for Kinesis, someone
// starts the environment by hand; the back-off retry must not park it
// again. And the types the failed run did park are recorded as done.
TEST_F(ScheduleFailingTest, RetryNeverUndoesAStartByHand) {
  // Kinesis is denied, the other types are parked.
  auto failed = FailedStopNinetyMinutesAgo();
  const auto& env = env_;
  ASSERT_EQ(failed.exit_code, 3) << failed.out << failed.err;
  EXPECT_NE(failed.err.find("the stop failed for cloudwatch, kinesis (attempt 1)"),
            std::string::npos)
      << failed.err;
  EXPECT_NE(failed.err.find("the other types are recorded as done"), std::string::npos)
      << failed.err;
  auto status = Manager({"--output", "json", "status"}, env);
  json failing = json::parse(status.out).at("schedule").at("failing");
  // The alarms that watch the stream were held back with it.
  EXPECT_EQ(failing.at("types"), json::array({"cloudwatch", "kinesis"})) << status.out;
  // The back-off (1 h for a permission) has passed by now; someone starts
  // everything by hand first.
  auto start = Manager({"start", "--force"}, env);
  ASSERT_EQ(start.exit_code, 0) << start.out << start.err;
  EXPECT_NE(start.err.find("reconcile leaves them running until the next transition"),
            std::string::npos)
      << start.err;
  json running = Estate();
  auto calls = MutatingCalls();
  auto retry = Manager({"reconcile", "--force"}, env);
  ASSERT_EQ(retry.exit_code, 0) << retry.out << retry.err;
  EXPECT_NE(retry.out.find("nothing due"), std::string::npos) << retry.out;
  EXPECT_EQ(MutatingCalls(), calls);
  EXPECT_EQ(Estate(), running);
  status = Manager({"--output", "json", "status"}, env);
  json sched = json::parse(status.out).at("schedule");
  EXPECT_TRUE(sched.at("failing").is_null()) << status.out;
  EXPECT_EQ(sched.at("last_applied").at("by"), "start") << status.out;
}

bool ScheduleAlarmOn(const json& estate, const std::string& alarm) {
  return estate.at("monitoring").at("alarms").at(alarm).at("actions_enabled").get<bool>();
}

// Attack finding (high, round 3): after a stop that failed for Kinesis, the
// stream is started by hand alone; the retry, now due for the alarms only,
// silenced the stream's alarms while it ran. Alarms now move only with
// what the run parks.
TEST_F(ScheduleFailingTest, RetryOfTheAlarmsLeavesThoseOfAResourceStartedByHand) {
  auto failed = FailedStopNinetyMinutesAgo();
  const auto& env = env_;
  ASSERT_EQ(failed.exit_code, 3) << failed.out << failed.err;
  auto start = Manager({"--only", "kinesis", "start", "--force"}, env);
  ASSERT_EQ(start.exit_code, 0) << start.out << start.err;
  json before = Estate();
  ASSERT_TRUE(ScheduleAlarmOn(before, "user-journey-analytics-stream-iterator-age"));
  ASSERT_FALSE(ScheduleAlarmOn(before, "user-journey-analytics-processor-errors"));
  auto retry = Manager({"reconcile", "--force"}, env);  // the alarms' back-off has passed
  ASSERT_EQ(retry.exit_code, 0) << retry.out << retry.err;
  json after = Estate();
  EXPECT_TRUE(ScheduleAlarmOn(after, "user-journey-analytics-stream-iterator-age")) << retry.out;
  EXPECT_TRUE(ScheduleAlarmOn(after, "user-journey-analytics-stream-write-throttled"));
  EXPECT_EQ(after.at("kinesis"), before.at("kinesis"));
  EXPECT_NE(retry.out.find("not in this run"), std::string::npos) << retry.out;
}

// An estate whose endpoint is tagged aws-resource-manager:schedule=never:
// the composite alarm over its 5xx alarm is held with it.
class ScheduleExemptEndpointTest : public ScheduleTest {
 protected:
  sandbox::ServerOptions Options() override {
    return ExemptOptions("sagemaker", "endpoints", "EndpointName",
                         "user-journey-analytics-exit-risk-endpoint");
  }
};

// Attack finding (medium, round 3): the composite alarm over an exempt
// endpoint's alarm was held as a failure: exit 1 and a back-off every
// night, whose retry then silenced the endpoint's alarms.
TEST_F(ScheduleExemptEndpointTest, ExemptionIsANoteAndItsAlarmsStayOn) {
  auto r = Reconcile("2026-07-06T20:00:00Z");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.err.find("failed"), std::string::npos) << r.err;
  json parked = Estate();
  for (const char* alarm :
       {"user-journey-analytics-endpoint-5xx-errors",
        "user-journey-analytics-endpoint-latency-high", "user-journey-analytics-health"})
    EXPECT_TRUE(ScheduleAlarmOn(parked, alarm)) << alarm << "\n" << r.out;
  EXPECT_FALSE(ScheduleAlarmOn(parked, "user-journey-analytics-processor-errors"));
  auto later = Reconcile("2026-07-06T20:30:00Z");
  ASSERT_EQ(later.exit_code, 0) << later.out << later.err;
  EXPECT_NE(later.out.find("nothing due"), std::string::npos) << later.out;
  EXPECT_EQ(Estate(), parked);
}

// Attack finding (medium, round 3): a start by hand that was denied changed
// nothing, yet was recorded and cancelled the due stop.
TEST_F(ScheduleFailingTest, DeniedStartByHandIsNotRecorded) {
  const SysSeconds real_now = date::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  const auto env = ParkedSinceTwoHoursAgo(real_now);
  auto denied = With(With(env, "AWS_ACCESS_KEY_ID=AKIANOKINESISWRITE"),
                     "AWS_SECRET_ACCESS_KEY=no-kinesis-write");
  ASSERT_EQ(Manager({"stop", "--force"}).exit_code, 0);  // parked, without the schedule
  auto start = Manager({"--only", "kinesis", "start", "--force"}, denied);
  EXPECT_NE(start.exit_code, 0) << start.out << start.err;
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/state.reconcile.json"));
}

// Attack findings (medium and low, round 3): a job from install-schedule
// must act: no --resource, --no-dry-run under DRY_RUN_DEFAULT=true, no line
// break from the environment, and the service endpoint variables with it.
TEST_F(ScheduleTest, InstallScheduleMakesAJobThatActs) {
  auto by_name =
      Manager({"--resource", "event_processor", "install-schedule", "--cron"}, kOfficeHours);
  EXPECT_EQ(by_name.exit_code, 2) << by_name.out << by_name.err;
  EXPECT_NE(by_name.err.find("does not take --resource"), std::string::npos) << by_name.err;
  auto preview =
      Manager({"install-schedule", "--cron"}, With(kOfficeHours, "DRY_RUN_DEFAULT=true"));
  ASSERT_EQ(preview.exit_code, 0) << preview.err;
  EXPECT_NE(preview.out.find("--no-dry-run"), std::string::npos) << preview.out;
  auto broken =
      Manager({"install-schedule", "--cron"},
              With(With(kOfficeHours, "TAG_KEY=Team"), "TAG_VALUE=a\n* * * * * touch /tmp/x"));
  EXPECT_EQ(broken.exit_code, 2) << broken.out << broken.err;
  EXPECT_NE(broken.err.find("TAG_VALUE holds a line break"), std::string::npos) << broken.err;
  auto endpoint = Manager({"install-schedule", "--cron"},
                          With(kOfficeHours, "AWS_ENDPOINT_URL_KINESIS=http://127.0.0.1:9"));
  ASSERT_EQ(endpoint.exit_code, 0) << endpoint.err;
  EXPECT_NE(endpoint.out.find("AWS_ENDPOINT_URL_KINESIS="), std::string::npos) << endpoint.out;
}

// Attack finding (medium, round 3): override --now was unbounded, and
// --clear missed an override still to come.
TEST_F(ScheduleTest, OverrideAtAFutureNowIsRefused) {
  auto o = Manager(
      {"override", "--running-until", "2099-01-10T00:00:00Z", "--now", "2099-01-05T00:00:00Z"},
      kOfficeHours);
  EXPECT_EQ(o.exit_code, 2) << o.out << o.err;
  EXPECT_NE(o.err.find("is later than the clock"), std::string::npos) << o.err;
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/state.override.json"));
}

// Attack finding (medium): a real run at a --now still to come recorded a
// transition that had not happened, and every run until then did nothing.
TEST_F(ScheduleTest, RealRunAtAFutureNowIsRefused) {
  auto r = Reconcile("2099-01-05T10:00:00Z");
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("is later than the clock"), std::string::npos) << r.err;
  EXPECT_TRUE(MutatingCalls().empty());
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/state.reconcile.json"));
  auto preview = Manager({"reconcile", "--dry-run", "--now", "2099-01-05T10:00:00Z"}, kOfficeHours);
  EXPECT_EQ(preview.exit_code, 0) << preview.err;
}

}  // namespace
}  // namespace arm::testing
