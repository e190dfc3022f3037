// Small truths of the command line, end to end against aws-sandbox: a state
// file that is a symbolic link, paths given to the wrapper script, flags that
// win over bad file values (--no-dry-run among them), and a status that fits
// the terminal and never sends AWS's control characters to it.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/table.h"
#include "tests/e2e/child_process.h"
#include "tests/e2e/manager_fixture.h"
#include "tests/testing/testing.h"

namespace arm::testing {
namespace {

using nlohmann::json;

int Mutating(const json& calls) { return calls.value("mutating", -1); }

// Runs argv with stdout on a new pseudo-terminal (stdin /dev/null, stderr
// discarded) and returns what the terminal received, "\r\n" made "\n".
CliResult RunOnTerminal(const std::vector<std::string>& argv, const std::vector<std::string>& env) {
  CliResult r;
  int master = ::posix_openpt(O_RDWR | O_NOCTTY);
  if (master < 0 || ::grantpt(master) != 0 || ::unlockpt(master) != 0) return r;
  std::string slave_name = ::ptsname(master);
  std::vector<char*> c_argv, c_env;
  for (const auto& a : argv) c_argv.push_back(const_cast<char*>(a.c_str()));
  c_argv.push_back(nullptr);
  for (const auto& e : env) c_env.push_back(const_cast<char*>(e.c_str()));
  c_env.push_back(nullptr);
  pid_t pid = ::fork();
  if (pid == 0) {
    ::setsid();
    int slave = ::open(slave_name.c_str(), O_RDWR);
    int in = ::open("/dev/null", O_RDONLY);
    int err = ::open("/dev/null", O_WRONLY);
    if (slave < 0 || in < 0 || err < 0) ::_exit(126);
    ::dup2(in, 0);
    ::dup2(slave, 1);
    ::dup2(err, 2);
    ::close(master);
    ::execve(c_argv[0], c_argv.data(), c_env.data());
    ::_exit(127);
  }
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(master, buf, sizeof(buf));
    if (n > 0) {
      r.out.append(buf, static_cast<size_t>(n));
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      break;  // EIO once the child closed the terminal
    }
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  ::close(master);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::string clean;
  for (char c : r.out)
    if (c != '\r') clean += c;
  r.out = clean;
  return r;
}

bool HoldsControlBytes(const std::string& s) {
  for (unsigned char c : s)
    if ((c < 0x20 && c != '\n') || c == 0x7f) return true;
  return s.find("\xc2\x9b") != std::string::npos;
}

class CliTruthsTest : public ManagerFixture {};

TEST_F(CliTruthsTest, SymlinkedStateFileIsRefusedAndTheRealFileWorks) {
  json running = Estate();
  ASSERT_EQ(Manager({"stop", "--force"}).exit_code, 0);
  json parked = Estate();
  std::string real = dir_ + "/real-state.json";
  std::filesystem::rename(state_path(), real);
  std::filesystem::create_symlink(real, state_path());
  std::string recorded = Slurp(real);
  std::string backup = Slurp(state_path() + ".bak");
  const int mutating_before = Mutating(server_->Calls());

  for (const std::vector<std::string>& args : {std::vector<std::string>{"start", "--force"},
                                               {"stop", "--force"},
                                               {"start", "--dry-run"},
                                               {"status"}}) {
    CliResult r = Manager(args);
    std::string shown = args[0] + "\n  stdout: " + r.out + "\n  stderr: " + r.err;
    EXPECT_EQ(r.exit_code, 2) << shown;
    auto lines = NonEmptyLines(r.out + r.err);
    ASSERT_EQ(lines.size(), 1u) << shown;
    EXPECT_NE(lines[0].find("error: " + state_path() + " is a symbolic link"), std::string::npos)
        << shown;
    EXPECT_NE(lines[0].find("STATE_FILE (or --state-file) to the real file"), std::string::npos)
        << shown;
    EXPECT_EQ(Mutating(server_->Calls()), mutating_before) << shown;
    // Never two files that disagree: the link is still the link, the target
    // still holds the only copy of the state.
    EXPECT_TRUE(std::filesystem::is_symlink(state_path())) << shown;
    EXPECT_EQ(Slurp(real), recorded) << shown;
    EXPECT_EQ(Slurp(state_path() + ".bak"), backup) << shown;
  }
  EXPECT_EQ(Estate(), parked);

  // Pointed at the real file, start restores from it.
  CliResult started =
      RunProcess(ManagerArgv(endpoint(), real, {"start", "--force"}), ManagerEnv(dir_));
  EXPECT_EQ(started.exit_code, 0) << started.out << started.err;
  EXPECT_TRUE(std::filesystem::is_symlink(state_path()));
  EXPECT_EQ(Estate(), running);
}

TEST_F(CliTruthsTest, WrapperScriptResolvesCommandLinePathsFromTheCallersFolder) {
  // The caller works in its own folder with relative names; the script runs
  // the binary from the repository root.
  std::string work = dir_ + "/work";
  std::filesystem::create_directories(work + "/conf");
  WriteFile(work + "/conf/my.conf", Slurp(SourceDir() + "/config/demo.conf"));
  std::vector<std::string> env =
      ManagerEnv(dir_, {"ARM_BINARY=" + BinaryDir() + "/aws-resource-manager"});
  auto script = [&](const std::vector<std::string>& args) {
    std::vector<std::string> argv = {"/bin/bash", SourceDir() + "/scripts/aws-resource-manager.sh"};
    argv.insert(argv.end(), args.begin(), args.end());
    ChildProcess child;
    EXPECT_TRUE(child.Start(argv, env, dir_ + "/script", work));
    ChildExit e = child.Wait();
    return e;
  };
  std::vector<std::string> global = {"--config", "conf/my.conf", "--endpoint-url", endpoint(),
                                     "--state-file=state/st.json"};
  auto with = [&](std::vector<std::string> args) {
    args.insert(args.begin(), global.begin(), global.end());
    return args;
  };

  ChildExit snap = script(with({"snapshot", "--output", "snap.json"}));
  EXPECT_EQ(snap.exit_code, 0) << snap.err;
  EXPECT_TRUE(std::filesystem::exists(work + "/snap.json"));
  ChildExit stop = script(with({"stop", "--force"}));
  EXPECT_EQ(stop.exit_code, 0) << stop.err;
  EXPECT_TRUE(std::filesystem::exists(work + "/state/st.json"));
  ChildExit plan =
      script(with({"plan", "start", "--resources", "snap.json", "--state", "state/st.json"}));
  EXPECT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_NE(plan.out.find("Nothing to start"), std::string::npos) << plan.out;
  // Nothing landed in the repository.
  EXPECT_FALSE(std::filesystem::exists(SourceDir() + "/snap.json"));
  EXPECT_FALSE(std::filesystem::exists(SourceDir() + "/state/st.json"));
  // A missing relative file is named as the caller gave it, resolved.
  ChildExit missing = script({"--config", "conf/none.conf", "status"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find(work + "/conf/none.conf"), std::string::npos) << missing.err;
  // Absolute paths are kept.
  ChildExit absolute = script({"--config", work + "/conf/my.conf", "--endpoint-url", endpoint(),
                               "--state-file", work + "/state/st.json", "start", "--force"});
  EXPECT_EQ(absolute.exit_code, 0) << absolute.err;
}

TEST_F(CliTruthsTest, NoDryRunWinsOverDryRunDefaultForOneRun) {
  std::string conf = dir_ + "/dry.conf";
  WriteFile(conf, Slurp(SourceDir() + "/config/demo.conf") + "DRY_RUN_DEFAULT=true\n");
  set_config(conf);
  CliResult dry = Manager({"stop", "--force"});
  EXPECT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("Dry run: nothing will be changed."), std::string::npos) << dry.out;
  EXPECT_EQ(Mutating(server_->Calls()), 0);
  EXPECT_FALSE(std::filesystem::exists(state_path()));

  CliResult both = Manager({"stop", "--dry-run", "--no-dry-run", "--force"});
  EXPECT_EQ(both.exit_code, 2) << both.out << both.err;
  EXPECT_EQ(Mutating(server_->Calls()), 0);

  CliResult real = Manager({"stop", "--no-dry-run", "--force"});
  EXPECT_EQ(real.exit_code, 0) << real.err;
  EXPECT_EQ(real.out.find("Dry run"), std::string::npos) << real.out;
  EXPECT_GT(Mutating(server_->Calls()), 0);
  EXPECT_TRUE(std::filesystem::exists(state_path()));
  // The next run is a dry run again: the flag was for one run only.
  server_->Reset();
  CliResult again = Manager({"start", "--force"});
  EXPECT_NE(again.out.find("Dry run: nothing will be changed."), std::string::npos) << again.out;
  EXPECT_EQ(Mutating(server_->Calls()), 0);
}

TEST_F(CliTruthsTest, AFlagWinsOverABadValueOfTheSameSettingAndOnlyThatSetting) {
  const std::string head = Slurp(SourceDir() + "/config/demo.conf");
  struct Case {
    std::string line;               // appended to the config ("" = none)
    std::vector<std::string> env;   // extra environment
    std::vector<std::string> args;  // the run
    int exit_code;
    bool changes;        // mutating calls expected
    std::string expect;  // in the output
  };
  const std::vector<std::string> stop = {"stop", "--force"};
  const std::vector<Case> cases = {
      {"MAX_WORKERS=abc", {}, {"--max-workers", "5", "stop", "--force"}, 0, true, ""},
      {"MAX_WORKERS=abc", {}, stop, 2, false, "MAX_WORKERS"},
      {"", {"MAX_WORKERS=abc"}, {"--max-workers", "5", "stop", "--force"}, 0, true, ""},
      {"PARALLEL_OPERATIONS=maybe", {}, {"--max-workers", "2", "stop", "--force"}, 0, true, ""},
      {"PARALLEL_OPERATIONS=maybe", {}, stop, 2, false, "PARALLEL_OPERATIONS"},
      {"LOG_LEVEL=loud", {}, {"--log-level", "warn", "stop", "--force"}, 0, true, ""},
      {"", {"LOG_LEVEL=loud"}, {"--log-level", "warn", "stop", "--force"}, 0, true, ""},
      {"LOG_LEVEL=loud", {}, stop, 2, false, "LOG_LEVEL"},
      {"DRY_RUN_DEFAULT=perhaps", {}, {"stop", "--no-dry-run", "--force"}, 0, true, ""},
      {"DRY_RUN_DEFAULT=perhaps", {}, {"stop", "--dry-run"}, 0, false, "Dry run"},
      {"DRY_RUN_DEFAULT=perhaps", {}, stop, 2, false, "DRY_RUN_DEFAULT"},
      {"REQUIRE_CONFIRMATION=maybe", {}, stop, 0, true, ""},
      {"REQUIRE_CONFIRMATION=maybe", {}, {"--yes", "stop"}, 0, true, ""},
      {"REQUIRE_CONFIRMATION=maybe", {}, {"stop"}, 2, false, "REQUIRE_CONFIRMATION"},
      {"AWS_REGION=US-EAST-1", {}, {"--region", "us-east-1", "stop", "--force"}, 0, true, ""},
      // The environment's AWS_REGION=us-east-1 wins over the file: its bad
      // value is not even read; an empty variable is unset, so it is.
      {"AWS_REGION=US-EAST-1", {}, stop, 0, true, ""},
      {"AWS_REGION=US-EAST-1", {"AWS_REGION="}, stop, 2, false, "AWS_REGION"},
      {"MAX_WORKERS=abc", {"MAX_WORKERS=5"}, stop, 0, true, ""},
      // A bad value of another setting is still refused, whatever the flags.
      {"LOG_LEVEL=loud",
       {},
       {"--max-workers", "5", "stop", "--no-dry-run", "--force"},
       2,
       false,
       "LOG_LEVEL"},
  };
  int tried = 0;
  for (const auto& c : cases) {
    server_->Reset();
    std::filesystem::remove(state_path());
    std::string conf = dir_ + "/case.conf";
    WriteFile(conf, head + c.line + "\n");
    CliResult r =
        RunProcess(ManagerArgv(endpoint(), state_path(), c.args, conf), ManagerEnv(dir_, c.env));
    std::string name = c.line + " " + (c.env.empty() ? "" : c.env[0]) + " with";
    for (const auto& a : c.args) name += " " + a;
    std::string shown = name + "\n  stdout: " + r.out + "\n  stderr: " + r.err;
    EXPECT_EQ(r.exit_code, c.exit_code) << shown;
    EXPECT_EQ(Mutating(server_->Calls()) > 0, c.changes) << shown;
    if (c.exit_code == 2) {
      // One error line (warnings about the file may come before it).
      int errors = 0;
      for (const auto& l : NonEmptyLines(r.out + r.err)) errors += l.rfind("error: ", 0) == 0;
      EXPECT_EQ(errors, 1) << shown;
    }
    if (!c.expect.empty()) {
      EXPECT_NE((r.out + r.err).find(c.expect), std::string::npos) << shown;
    }
    ++tried;
  }
  // STATE_FILE: an empty value is refused unless --state-file gives one.
  WriteFile(dir_ + "/case.conf", head + "STATE_FILE=\"\"\n");
  std::vector<std::string> argv = {BinaryDir() + "/aws-resource-manager",
                                   "--config",
                                   dir_ + "/case.conf",
                                   "--endpoint-url",
                                   endpoint(),
                                   "status"};
  CliResult refused = RunProcess(argv, ManagerEnv(dir_));
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_NE(refused.err.find("STATE_FILE must not be empty"), std::string::npos) << refused.err;
  argv.insert(argv.end() - 1, {"--state-file", state_path()});
  CliResult overridden = RunProcess(argv, ManagerEnv(dir_));
  EXPECT_EQ(overridden.exit_code, 0) << overridden.err;
  EXPECT_GT(tried, 15);
}

// A demo estate whose AWS strings carry terminal control sequences: an alarm
// name (CloudWatch's model sets no pattern on it) and a SageMaker endpoint's
// FailureReason (free text, often the model container's own output).
constexpr char kHostileAlarm[] =
    "user-journey-analytics-\x1b]0;pwned\x07-\x1b[8mhidden\x1b[0m-\xc2\x9b"
    "2J-alarm";
constexpr char kHostileReason[] =
    "container exited: \x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\ \x1b[2J";

class HostileStringsTest : public ManagerFixture {
 protected:
  sandbox::ServerOptions Options() override {
    auto o = ManagerFixture::Options();
    json& alarms = o.estate["cloudwatch"]["metric_alarms"];
    json hostile = alarms[0];
    hostile["AlarmName"] = kHostileAlarm;
    alarms.push_back(hostile);
    for (json& e : o.estate["sagemaker"]["endpoints"]) {
      e["EndpointStatus"] = "Failed";
      e["FailureReason"] = kHostileReason;
    }
    return o;
  }
};

TEST_F(HostileStringsTest, ControlCharactersFromAwsArePrintedEscapedNeverRaw) {
  CliResult status = Manager({"status"});
  EXPECT_FALSE(HoldsControlBytes(status.out)) << status.out;
  EXPECT_FALSE(HoldsControlBytes(status.err)) << status.err;
  EXPECT_NE(status.out.find("user-journey-analytics-\\x1b]0;pwned\\x07-\\x1b["
                            "8mhidden\\x1b[0m-\\u009b2J-alarm"),
            std::string::npos)
      << status.out;
  EXPECT_NE(status.out.find("Failed (container exited: \\x1b]8;;http://evil\\x1b\\click"),
            std::string::npos)
      << status.out;

  // JSON output keeps the exact strings, as valid JSON.
  CliResult as_json = Manager({"--output", "json", "status"});
  json doc = json::parse(as_json.out);
  // C0 controls (ESC among them) are escaped by JSON itself; C1 characters
  // are valid JSON text and stay as they are.
  for (unsigned char c : as_json.out) EXPECT_FALSE(c < 0x20 && c != '\n') << as_json.out;
  bool alarm = false, reason = false;
  for (const auto& r : doc.at("resources")) {
    alarm = alarm || r.at("name") == kHostileAlarm;
    reason = reason || r.at("details").value("failure_reason", "") == kHostileReason;
  }
  EXPECT_TRUE(alarm);
  EXPECT_TRUE(reason);

  // The plan, the progress lines and the summary of a real stop.
  CliResult plan = Manager({"--only", "cloudwatch", "stop", "--dry-run"});
  EXPECT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_FALSE(HoldsControlBytes(plan.out + plan.err)) << plan.out << plan.err;
  CliResult stop = Manager({"--only", "cloudwatch", "--log-level", "debug", "stop", "--force"});
  EXPECT_EQ(stop.exit_code, 0) << stop.err;
  EXPECT_FALSE(HoldsControlBytes(stop.out + stop.err)) << stop.out << stop.err;
  // The alarm was parked under its real name.
  EXPECT_EQ(Estate().at("monitoring").at("alarms").at(kHostileAlarm).at("actions_enabled"), false);

  // A state file path of the user's own with an escape sequence.
  CliResult path =
      RunProcess(ManagerArgv(endpoint(), dir_ + "/e\x1b[2J.json", {"status"}), ManagerEnv(dir_));
  EXPECT_EQ(path.exit_code, 0) << path.err;
  EXPECT_FALSE(HoldsControlBytes(path.out + path.err)) << path.out << path.err;
}

TEST_F(CliTruthsTest, StatusWrapsItsConfigurationToATerminalAndNotWhenPiped) {
  std::vector<std::string> argv = ManagerArgv(endpoint(), state_path(), {"--no-color", "status"});
  CliResult piped = RunProcess(argv, ManagerEnv(dir_));
  ASSERT_EQ(piped.exit_code, 0) << piped.err;
  auto piped_lines = NonEmptyLines(piped.out);
  size_t full = 0;
  for (const auto& l : piped_lines)
    if (l.rfind("sagemaker-endpoint", 0) == 0 || l.rfind("TYPE", 0) == 0)
      full = std::max(full, DisplayWidth(l));
  ASSERT_GT(full, 100u) << piped.out;

  // A terminal narrower than the table: the configuration column wraps.
  size_t columns = full - 12;
  CliResult tty = RunOnTerminal(argv, ManagerEnv(dir_, {"COLUMNS=" + std::to_string(columns)}));
  ASSERT_EQ(tty.exit_code, 0) << tty.out;
  auto lines = NonEmptyLines(tty.out);
  size_t table_end = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].rfind("Total idle cost", 0) == 0) break;
    table_end = i;
    EXPECT_LE(DisplayWidth(lines[i]), columns) << lines[i];
  }
  EXPECT_GT(lines.size(), piped_lines.size()) << "no row was wrapped:\n" << tty.out;
  // Nothing is lost: the wrapped words are all there.
  std::string joined;
  for (size_t i = 0; i <= table_end; ++i) joined += lines[i] + " ";
  for (const char* word : {"InService", "reserved", "concurrency", "actions", "enabled"})
    EXPECT_NE(joined.find(word), std::string::npos) << word;

  // Wide enough: the terminal shows exactly what the pipe gets.
  CliResult wide = RunOnTerminal(argv, ManagerEnv(dir_, {"COLUMNS=" + std::to_string(full + 20)}));
  EXPECT_EQ(NonEmptyLines(wide.out), piped_lines);
}

// The NAME column of a status table read back: its pieces on every line
// joined, which is every name in order when none was cut.
std::string NameColumn(const std::vector<std::string>& lines) {
  std::string out;
  if (lines.empty()) return out;
  size_t header = 0;
  while (header < lines.size() && lines[header].rfind("TYPE", 0) != 0) ++header;
  if (header == lines.size()) return out;
  size_t at = lines[header].find("NAME");
  for (size_t i = header + 1; i < lines.size(); ++i) {
    if (lines[i].empty() || lines[i].rfind("Total idle cost", 0) == 0 || lines[i][0] == '(') break;
    if (lines[i].size() <= at || lines[i][at] == ' ') continue;
    out += lines[i].substr(at, lines[i].find(' ', at) - at);
  }
  return out;
}

// Issue 13 item 6: the whole status table fits the terminal (80 and 60
// columns on the demo estate), names wrapped whole, the columns left out
// said; piped output is the full table whatever COLUMNS says. The dry run's
// plan fits too.
TEST_F(CliTruthsTest, StatusAndThePlanFitA60Or80ColumnTerminal) {
  std::vector<std::string> argv = ManagerArgv(endpoint(), state_path(), {"--no-color", "status"});
  CliResult piped = RunProcess(argv, ManagerEnv(dir_));
  ASSERT_EQ(piped.exit_code, 0) << piped.err;
  CliResult piped_narrow = RunProcess(argv, ManagerEnv(dir_, {"COLUMNS=60"}));
  EXPECT_EQ(piped_narrow.out, piped.out);
  const std::string names = NameColumn(NonEmptyLines(piped.out));
  ASSERT_NE(names.find("user-journey-analytics-exit-risk-endpoint"), std::string::npos)
      << piped.out;
  size_t piped_width = 0;
  for (const auto& l : NonEmptyLines(piped.out))
    if (l.rfind("TYPE", 0) == 0) piped_width = DisplayWidth(l);
  ASSERT_GT(piped_width, 80u) << piped.out;

  for (size_t columns : {80u, 60u}) {
    CliResult tty = RunOnTerminal(argv, ManagerEnv(dir_, {"COLUMNS=" + std::to_string(columns)}));
    ASSERT_EQ(tty.exit_code, 0) << tty.out;
    auto lines = NonEmptyLines(tty.out);
    bool in_table = false;
    for (const auto& l : lines) {
      in_table = in_table || l.rfind("TYPE", 0) == 0;
      if (l.rfind("Total idle cost", 0) == 0) break;
      if (in_table) {
        EXPECT_LE(DisplayWidth(l), columns) << columns << ":\n" << tty.out;
      }
    }
    EXPECT_EQ(NameColumn(lines), names) << columns << ":\n" << tty.out;
    for (const char* word : {"InService", "reserved", "concurrency", "$2.76"})
      EXPECT_NE(tty.out.find(word), std::string::npos) << word << "\n" << tty.out;
    // What does not fit is said, not silently gone.
    for (const auto& l : lines)
      if (l.rfind("TYPE", 0) == 0) {
        EXPECT_EQ(l.find("PER MONTH"), std::string::npos) << l;
      }
    std::string said = columns == 80u ? "(PER MONTH left out to fit 80 columns"
                                      : "(SELECTED BY and PER MONTH left out";
    EXPECT_NE(tty.out.find(said), std::string::npos) << tty.out;
    if (columns == 80u) {
      EXPECT_NE(tty.out.find("SELECTED BY"), std::string::npos) << tty.out;
    }
    // The lines under the table fit too.
    for (const auto& l : lines) EXPECT_LE(DisplayWidth(l), columns) << l;
  }

  // The plan of a dry run: every line within the terminal, nothing lost.
  std::vector<std::string> dry_argv =
      ManagerArgv(endpoint(), state_path(), {"--no-color", "stop", "--dry-run"});
  CliResult dry_piped = RunProcess(dry_argv, ManagerEnv(dir_));
  ASSERT_EQ(dry_piped.exit_code, 0) << dry_piped.err;
  CliResult dry = RunOnTerminal(dry_argv, ManagerEnv(dir_, {"COLUMNS=80"}));
  ASSERT_EQ(dry.exit_code, 0) << dry.out;
  std::string words_tty, words_piped;
  for (const auto& l : NonEmptyLines(dry.out)) {
    EXPECT_LE(DisplayWidth(l), 80u) << l;
    std::istringstream w(l);
    for (std::string word; w >> word;) words_tty += word + " ";
  }
  for (const auto& l : NonEmptyLines(dry_piped.out)) {
    std::istringstream w(l);
    for (std::string word; w >> word;) words_piped += word + " ";
  }
  EXPECT_EQ(words_tty, words_piped);
}

// Issue 13 item 6: a serverless endpoint reads as what it is.
class ServerlessStatusTest : public ManagerFixture {
 protected:
  sandbox::ServerOptions Options() override {
    auto o = ManagerFixture::Options();
    json& sm = o.estate["sagemaker"];
    json config = sm["endpoint_configs"][0];
    config["EndpointConfigName"] = "user-journey-analytics-serverless-config";
    config["ProductionVariants"][0].erase("InstanceType");
    config["ProductionVariants"][0].erase("InitialInstanceCount");
    config["ProductionVariants"][0]["ServerlessConfig"] = {{"MemorySizeInMB", 2048},
                                                           {"MaxConcurrency", 5}};
    sm["endpoint_configs"].push_back(config);
    json endpoint = sm["endpoints"][0];
    endpoint["EndpointName"] = "user-journey-analytics-serverless";
    endpoint["EndpointConfigName"] = "user-journey-analytics-serverless-config";
    sm["endpoints"].push_back(endpoint);
    return o;
  }
};

TEST_F(ServerlessStatusTest, StatusSaysServerlessWithItsMemoryAndConcurrency) {
  std::string conf = dir_ + "/serverless.conf";
  std::ofstream(conf) << "PROJECT_NAME=\"user-journey-analytics\"\n"
                         "AWS_REGION=\"us-east-1\"\n"
                         "NAME_PREFIX=\"\"\n"
                         "SAGEMAKER_ENDPOINTS=\"user-journey-analytics-serverless\"\n"
                         "KINESIS_STREAMS=\"\"\nLAMBDA_FUNCTIONS=\"\"\n"
                         "DYNAMODB_TABLES=\"\"\nCLOUDWATCH_ALARM_PREFIX=\"\"\n";
  set_config(conf);
  CliResult status = Manager({"--no-color", "--only", "sagemaker", "status"});
  ASSERT_EQ(status.exit_code, 0) << status.out << status.err;
  EXPECT_NE(status.out.find("serverless 2048 MB, max concurrency 5"), std::string::npos)
      << status.out;
  for (const auto& l : NonEmptyLines(status.out))
    if (l.find("user-journey-analytics-serverless") != std::string::npos) {
      EXPECT_EQ(l.find(" x "), std::string::npos) << l;
    }
}

}  // namespace
}  // namespace arm::testing
