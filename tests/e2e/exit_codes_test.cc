// The exit-code contract, end to end, as one table: each documented code
// (0 done or nothing to do, 1 some failed / declined, 2 usage, 3 credentials
// or permission, 4 AWS unreachable before any change, 130 interrupted) with
// the line that explains it, and whether the run may have changed anything.
// The confirmation prompt is answered in a pseudo-terminal, as a user would.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <regex>
#include <sstream>
#include <thread>

#include "tests/e2e/child_process.h"
#include "tests/e2e/manager_fixture.h"
#include "tests/testing/sandbox_http.h"
#include "tests/testing/testing.h"

namespace arm::testing {
namespace {

using nlohmann::json;

// What the table's state file and sandbox look like before the row runs.
enum class Before {
  kRunning,          // the demo estate running, no state file
  kParked,           // `stop --force` ran first
  kBadStateFile,     // a state file that is not JSON
  kParkedFnDeleted,  // parked, then intervention-executor deleted behind our
                     // back
};

// How the row's command is run.
enum class Drive {
  kPlain,         // stdin /dev/null, output to files
  kAnswerNo,      // a terminal: answers "n" at the prompt
  kCtrlD,         // a terminal: end of input at the prompt
  kCtrlC,         // a terminal: Ctrl-C at the prompt
  kSigintMidway,  // SIGINT once the first change reached AWS
};

struct Row {
  std::string name;
  Before setup;
  std::vector<std::string> args;  // after --config/--endpoint-url/--state-file
  int exit_code;
  std::vector<std::string> expect;  // fragments of stdout+stderr
  // The run must make no mutating AWS call and leave the state file as it was.
  bool nothing_changed;
  Drive drive = Drive::kPlain;
  std::vector<std::string> env = {};  // extra environment
  std::string endpoint = "";          // "" = the sandbox
};

class ExitCodesTest : public ManagerFixture {
 protected:
  sandbox::ServerOptions Options() override {
    auto o = ManagerFixture::Options();
    json all_but_kinesis_writes = {
        "sts:*",         "sagemaker:*",       "application-autoscaling:*",
        "kinesis:List*", "kinesis:Describe*", "lambda:*",
        "cloudwatch:*",  "dynamodb:*",        "tag:*"};
    o.estate["credentials"].push_back({{"access_key_id", "AKIANOKINESISWRITE"},
                                       {"secret_access_key", "no-kinesis-write"},
                                       {"account_id", "000000000000"},
                                       {"arn", "arn:aws:iam::000000000000:user/no-kinesis-write"},
                                       {"allow", all_but_kinesis_writes}});
    return o;
  }

  void Prepare(Before setup) {
    server_->Reset();
    std::filesystem::remove(state_path());
    std::filesystem::remove(state_path() + ".bak");
    if (setup == Before::kBadStateFile) {
      std::ofstream(state_path()) << "{\"schema_version\": 1, \"resources\": [";
      return;
    }
    if (setup == Before::kRunning) return;
    CliResult stop = Manager({"stop", "--force"});
    ASSERT_EQ(stop.exit_code, 0) << stop.out << stop.err;
    if (setup == Before::kParkedFnDeleted) {
      HttpRequest req;
      req.method = "DELETE";
      req.path = "/2015-03-31/functions/intervention-executor";
      ASSERT_TRUE(SendSigned(port(), req, "lambda").answered);
    }
  }

  // The number of steps `command` plans now (a dry run changes nothing).
  int PlannedSteps(const std::string& command) {
    CliResult dry = Manager({"--output", "json", command, "--dry-run"});
    return json::parse(dry.out).at("plan").at("action_count").get<int>();
  }

  int Mutating() { return server_->Calls().value("mutating", -1); }

  ChildExit Run(const Row& row) {
    std::vector<std::string> argv = ManagerArgv(row.endpoint.empty() ? endpoint() : row.endpoint,
                                                state_path(), row.args, config_);
    std::vector<std::string> env = ManagerEnv(dir_, row.env);
    env.push_back("NO_COLOR=1");
    switch (row.drive) {
      case Drive::kPlain: {
        ChildProcess p;
        p.Start(argv, env, dir_ + "/run");
        return p.Wait();
      }
      case Drive::kSigintMidway: {
        ChildProcess p;
        p.Start(argv, env, dir_ + "/run");
        // The sandbox counts a call before it answers: signalled then, the
        // run has changed something and has steps left.
        while (p.Running() && Mutating() < 1) std::this_thread::yield();
        p.Signal(SIGINT);
        return p.Wait();
      }
      default: {
        TerminalChild t;
        if (!t.Start(argv, env)) return {};
        if (!t.WaitForOutput("? [y/N] ")) return t.Wait();
        t.Type(row.drive == Drive::kAnswerNo ? "n\n"
                                             : (row.drive == Drive::kCtrlD ? "\x04" : "\x03"));
        return t.Wait();
      }
    }
  }
};

TEST_F(ExitCodesTest, EveryOutcomeEndsWithItsDocumentedCodeAndLine) {
  const std::string closed_port = "http://127.0.0.1:1";
  const std::vector<std::string> stop = {"stop", "--force"};
  const std::vector<std::string> start = {"start", "--force"};
  const std::vector<Row> rows = {
      // 0: done, or nothing to do.
      {"stop parks the estate", Before::kRunning, stop, 0, {"steps done"}, false},
      {"start restores it",
       Before::kParked,
       start,
       0,
       {"steps done", "Verified 19 of 19 resources"},
       false},
      {"stop with everything parked", Before::kParked, stop, 0, {"Nothing to stop"}, true},
      {"start with everything running",
       Before::kRunning,
       {"stop", "--dry-run"},
       0,
       {"Dry run"},
       true},
      {"status", Before::kParked, {"status"}, 0, {"intervention-executor"}, true},
      {"history", Before::kParked, {"history"}, 0, {"stop"}, true},
      // 1: some failed, the others were done; or the confirmation was declined.
      {"start with a function deleted while parked",
       Before::kParkedFnDeleted,
       start,
       1,
       {"intervention-executor", "no longer exists", "Verified 17 of 19", "actions left disabled"},
       false},
      {"answering n at the prompt",
       Before::kRunning,
       {"stop"},
       1,
       {"Proceed with stop? [y/N]", "Declined: nothing was changed."},
       true,
       Drive::kAnswerNo},
      {"end of input at the prompt",
       Before::kParked,
       {"start"},
       1,
       {"Proceed with start? [y/N]", "Declined: nothing was changed."},
       true,
       Drive::kCtrlD},
      // 2: usage, configuration or input; nothing changed.
      {"start without a state file",
       Before::kRunning,
       start,
       2,
       {"state.json not found: `stop` creates it"},
       true},
      {"start --dry-run without a state file",
       Before::kRunning,
       {"start", "--dry-run"},
       2,
       {"state.json not found: `stop` creates it"},
       true},
      {"state file that is not JSON",
       Before::kBadStateFile,
       stop,
       2,
       {"state.json: truncated"},
       true},
      {"unknown flag", Before::kRunning, {"stop", "--forse"}, 2, {"--forse"}, true},
      {"unknown type",
       Before::kRunning,
       {"--only", "nosuchtype", "stop", "--force"},
       2,
       {"unknown resource type"},
       true},
      {"bad value in the environment",
       Before::kRunning,
       stop,
       2,
       {"MAX_WORKERS"},
       true,
       Drive::kPlain,
       {"MAX_WORKERS=abc"}},
      {"no terminal and no --force",
       Before::kRunning,
       {"stop"},
       2,
       {"stdin is not a terminal"},
       true},
      // 3: credentials or permission.
      {"unknown access key",
       Before::kRunning,
       stop,
       3,
       {"InvalidClientTokenId"},
       true,
       Drive::kPlain,
       {"AWS_ACCESS_KEY_ID=AKIANOSUCHKEYEXAMPLE"}},
      {"no credentials",
       Before::kRunning,
       stop,
       3,
       {"no AWS credentials"},
       true,
       Drive::kPlain,
       {"AWS_ACCESS_KEY_ID=", "AWS_SECRET_ACCESS_KEY="}},
      {"permission denied midway",
       Before::kRunning,
       stop,
       3,
       {"kinesis:UpdateShardCount", "1 failed"},
       false,
       Drive::kPlain,
       {"AWS_ACCESS_KEY_ID=AKIANOKINESISWRITE", "AWS_SECRET_ACCESS_KEY=no-kinesis-write"}},
      // 4: AWS could not be reached before anything changed.
      {"stop, nobody listening",
       Before::kRunning,
       stop,
       4,
       {"127.0.0.1:1", "nothing was changed; safe to retry"},
       true,
       Drive::kPlain,
       {},
       closed_port},
      {"start, nobody listening",
       Before::kParked,
       start,
       4,
       {"nothing was changed; safe to retry"},
       true,
       Drive::kPlain,
       {},
       closed_port},
      {"status, nobody listening",
       Before::kParked,
       {"status"},
       4,
       {"nothing was changed; safe to retry"},
       true,
       Drive::kPlain,
       {},
       closed_port},
      // 130: interrupted.
      {"Ctrl-C at the prompt",
       Before::kRunning,
       {"stop"},
       130,
       {"Proceed with stop? [y/N]", "Interrupted before any change: nothing was changed."},
       true,
       Drive::kCtrlC},
      {"SIGINT after the first change",
       Before::kRunning,
       {"--max-workers", "1", "stop", "--force"},
       130,
       {"not attempted", "Interrupted: in-flight calls finished"},
       false,
       Drive::kSigintMidway},
  };
  int tried = 0;
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    Prepare(row.setup);
    if (HasFatalFailure()) return;
    int planned = row.drive == Drive::kSigintMidway ? PlannedSteps(row.args[2]) : 0;
    std::string state_before = Slurp(state_path());
    int mutating_before = Mutating();
    ChildExit r = Run(row);
    std::string all = r.out + r.err;
    ++tried;
    EXPECT_EQ(r.exit_code, row.exit_code) << all;
    for (const auto& e : row.expect)
      EXPECT_NE(all.find(e), std::string::npos) << "no '" << e << "' in:\n" << all;
    // Exit 1 and 130 after a real run never claim a park that did not happen.
    EXPECT_EQ(all.find("Nothing to start: every selected resource is already as recorded"),
              std::string::npos)
        << all;
    if (row.nothing_changed) {
      EXPECT_EQ(Mutating(), mutating_before) << all;
      EXPECT_EQ(Slurp(state_path()), state_before);
    }
    if (planned > 0) {
      // The summary counts every planned step, not only the ones attempted.
      std::smatch m;
      ASSERT_TRUE(std::regex_search(all, m, std::regex("Stop: (\\d+) of (\\d+) steps done")))
          << all;
      EXPECT_EQ(std::stoi(m[2]), planned) << all;
      EXPECT_LT(std::stoi(m[1]), planned) << all;
    }
  }
  std::cout << "[ exit codes ] " << tried << " rows\n";
}

}  // namespace
}  // namespace arm::testing
