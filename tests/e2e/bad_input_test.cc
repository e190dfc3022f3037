// Bad input, table-driven: each case must end with one clear error line
// naming the file and line or field, the documented exit code, no mutating
// AWS call and the state file exactly as it was.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/e2e/manager_fixture.h"
#include "tests/testing/testing.h"

namespace arm::testing {
namespace {

using nlohmann::json;

// A valid state of the demo project; cases edit a copy.
json ValidState() {
  return json::parse(
      R"({"schema_version": 1, "project": "user-journey-analytics", "environment": "demo",
    "account_id": "000000000000", "region": "us-east-1", "saved_at": "2026-11-25T20:00:00Z",
    "resources": [
      {"type": "lambda-function", "name": "intervention-executor", "status": "stopped",
       "original": {"reserved_concurrency": 5}, "updated_at": "2026-11-25T20:00:00Z"},
      {"type": "kinesis-stream", "name": "user-journey-analytics-user-events", "status": "stopped",
       "original": {"shard_count": 2, "mode": "PROVISIONED"}, "updated_at": "2026-11-25T20:00:00Z"}]})");
}

std::string Edited(const std::function<void(json&)>& edit) {
  json s = ValidState();
  edit(s);
  return s.dump(2);
}

struct BadInput {
  std::string name;
  std::string state;   // state file content; "-" = no state file
  std::string config;  // config file content; "" = config/demo.conf
  std::vector<std::string> args;
  std::vector<std::string> env;  // extra environment
  int exit_code;
  std::vector<std::string> expect;  // substrings of the one error line
};

class BadInputTest : public ManagerFixture {
 protected:
  sandbox::ServerOptions Options() override {
    auto o = ManagerFixture::Options();
    // Temporary credentials that ran out an hour after the epoch of this test.
    o.estate["credentials"].push_back({{"access_key_id", "ASIAEXPIREDEXAMPLE"},
                                       {"secret_access_key", "expired-secret-example"},
                                       {"session_token", "expired-session-token-example"},
                                       {"account_id", "000000000000"},
                                       {"expiration", "2020-01-01T00:00:00Z"}});
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

  // Runs one case and checks the promises; returns a description of what
  // broke, empty when all held.
  std::string Check(const BadInput& c) {
    server_->Reset();
    std::filesystem::remove(state_path());
    std::filesystem::remove(state_path() + ".bak");
    if (c.state != "-") WriteFile(state_path(), c.state);
    std::vector<std::string> args = c.args;
    std::string config = SourceDir() + "/config/demo.conf";
    if (!c.config.empty()) {
      config = dir_ + "/case.conf";
      WriteFile(config, c.config);
    }
    if (args.size() > 1 && args[0] == "--config") {
      config = args[1];
      args.erase(args.begin(), args.begin() + 2);
    }
    std::vector<std::string> argv = ManagerArgv(endpoint(), state_path(), args);
    argv[2] = config;  // ManagerArgv: binary, --config, <file>, ...
    CliResult r = RunProcess(argv, ManagerEnv(dir_, c.env));
    std::string why;
    std::string shown = "\n  stdout: " + r.out + "\n  stderr: " + r.err;
    if (r.exit_code != c.exit_code)
      why += "exit " + std::to_string(r.exit_code) + ", want " + std::to_string(c.exit_code) + "; ";
    auto lines = NonEmptyLines(r.out + r.err);
    if (lines.size() != 1) {
      why += std::to_string(lines.size()) + " output lines, want 1; ";
    } else {
      if (lines[0].rfind("error: ", 0) != 0) why += "the line does not start with 'error: '; ";
      for (const auto& e : c.expect)
        if (lines[0].find(e) == std::string::npos) why += "no '" + e + "' in the line; ";
    }
    int mutating = server_->Calls().value("mutating", -1);
    if (mutating != 0) why += std::to_string(mutating) + " mutating calls; ";
    if (c.state == "-") {
      if (std::filesystem::exists(state_path())) why += "a state file was created; ";
    } else if (Slurp(state_path()) != c.state) {
      why += "the state file changed; ";
    }
    return why.empty() ? "" : why + shown;
  }
};

TEST_F(BadInputTest, StateFilesThatCannotBeTrustedAreRefusedBeforeAnyChange) {
  std::string sp = "state.json";  // every message names the file
  std::string valid = ValidState().dump(2);
  std::vector<BadInput> cases = {
      {"empty", "", "", {}, {}, 2, {sp, "empty"}},
      {"truncated",
       valid.substr(0, valid.size() / 2),
       "",
       {},
       {},
       2,
       {sp, "not valid JSON at line"}},
      {"not JSON", "user-journey-analytics stopped\n", "", {}, {}, 2, {sp, "not valid JSON"}},
      {"binary", std::string("\x00\xff\xfe{", 4), "", {}, {}, 2, {sp}},
      {"newer schema",
       Edited([](json& s) { s["schema_version"] = 99; }),
       "",
       {},
       {},
       2,
       {sp, "schema_version", "upgrade"}},
      {"schema as text",
       Edited([](json& s) { s["schema_version"] = "1"; }),
       "",
       {},
       {},
       2,
       {sp, "schema_version"}},
      {"resources not a list",
       Edited([](json& s) { s["resources"] = "none"; }),
       "",
       {},
       {},
       2,
       {sp, "resources"}},
      {"unknown status",
       Edited([](json& s) { s["resources"][0]["status"] = "parked"; }),
       "",
       {},
       {},
       2,
       {sp, "status", "parked"}},
      {"original not an object",
       Edited([](json& s) { s["resources"][0]["original"] = "5"; }),
       "",
       {},
       {},
       2,
       {sp, "original"}},
      {"entry without a name",
       Edited([](json& s) { s["resources"][1].erase("name"); }),
       "",
       {},
       {},
       2,
       {sp, "name"}},
      {"concurrency as text",
       Edited([](json& s) { s["resources"][0]["original"]["reserved_concurrency"] = "five"; }),
       "",
       {},
       {},
       2,
       {sp, "intervention-executor", "reserved_concurrency"}},
      {"original without its field",
       Edited([](json& s) { s["resources"][0]["original"] = json::object(); }),
       "",
       {},
       {},
       2,
       {sp, "intervention-executor", "reserved_concurrency"}},
      {"shard count as text",
       Edited([](json& s) { s["resources"][1]["original"]["shard_count"] = "two"; }),
       "",
       {},
       {},
       2,
       {sp, "user-journey-analytics-user-events", "shard_count"}},
      {"another project",
       Edited([](json& s) { s["project"] = "billing-service"; }),
       "",
       {},
       {},
       2,
       {"billing-service"}},
      {"another account",
       Edited([](json& s) { s["account_id"] = "111111111111"; }),
       "",
       {},
       {},
       2,
       {"111111111111"}},
      {"another region",
       Edited([](json& s) { s["region"] = "eu-west-1"; }),
       "",
       {},
       {},
       2,
       {"eu-west-1"}},
  };
  int tried = 0;
  for (const auto& c : cases) {
    for (const char* command : {"stop", "start"}) {
      BadInput run = c;
      run.args = {command, "--force"};
      std::string why = Check(run);
      EXPECT_TRUE(why.empty()) << c.name << " (" << command << "): " << why;
      ++tried;
    }
  }
  std::cout << "[ bad input] " << tried << " state-file runs\n";
}

TEST_F(BadInputTest, BadConfigurationAndEnvironmentAreRefusedBeforeAnyCall) {
  const std::string head =
      "PROJECT_NAME=\"user-journey-analytics\"\nLAMBDA_FUNCTIONS="
      "\"intervention-executor\"\n";
  std::vector<std::string> stop = {"stop", "--force"};
  std::vector<BadInput> cases = {
      {"line without =",
       "-",
       head + "MAX_WORKERS 5\n",
       stop,
       {},
       2,
       {"case.conf:3", "expected KEY=\"value\""}},
      {"unterminated quote",
       "-",
       head + "ENVIRONMENT=\"demo\n",
       stop,
       {},
       2,
       {"case.conf:3", "quote"}},
      {"misspelt key",
       "-",
       head + "LAMBDA_FUNCTION=\"event_processor\"\n",
       stop,
       {},
       2,
       {"case.conf:3", "LAMBDA_FUNCTION", "did you mean LAMBDA_FUNCTIONS"}},
      {"MAX_WORKERS=abc",
       "-",
       head + "MAX_WORKERS=abc\n",
       stop,
       {},
       2,
       {"case.conf:3", "MAX_WORKERS", "abc"}},
      {"MAX_WORKERS=0",
       "-",
       head + "MAX_WORKERS=0\n",
       stop,
       {},
       2,
       {"case.conf:3", "MAX_WORKERS", "\"0\""}},
      {"MAX_WORKERS=10000",
       "-",
       head + "MAX_WORKERS=10000\n",
       stop,
       {},
       2,
       {"case.conf:3", "10000"}},
      {"MAX_WORKERS=abc in the environment",
       "-",
       head,
       stop,
       {"MAX_WORKERS=abc"},
       2,
       {"MAX_WORKERS", "abc"}},
      {"LOG_LEVEL=loud", "-", head + "LOG_LEVEL=loud\n", stop, {}, 2, {"case.conf:3", "LOG_LEVEL"}},
      {"nothing selected", "-", "ENVIRONMENT=demo\n", stop, {}, 2, {"PROJECT_NAME"}},
      {"missing --config file",
       "-",
       "",
       {"--config", "/nonexistent/arm.conf", "stop", "--force"},
       {},
       2,
       {"/nonexistent/arm.conf"}},
      {"region with capitals",
       "-",
       "",
       stop,
       {"AWS_REGION=US-EAST-1"},
       2,
       {"AWS_REGION", "US-EAST-1"}},
      {"region with spaces",
       "-",
       "",
       {"--region", "us east 1", "stop", "--force"},
       {},
       2,
       {"us east 1"}},
      {"AWS_MAX_ATTEMPTS=lots", "-", "", stop, {"AWS_MAX_ATTEMPTS=lots"}, 2, {"AWS_MAX_ATTEMPTS"}},
      {"no credentials",
       "-",
       "",
       stop,
       {"AWS_ACCESS_KEY_ID=", "AWS_SECRET_ACCESS_KEY="},
       3,
       {"no AWS credentials"}},
      {"unknown access key",
       "-",
       "",
       stop,
       {"AWS_ACCESS_KEY_ID=AKIANOSUCHKEYEXAMPLE"},
       3,
       {"InvalidClientTokenId", "check the credentials"}},
      {"expired session token",
       "-",
       "",
       stop,
       {"AWS_ACCESS_KEY_ID=ASIAEXPIREDEXAMPLE", "AWS_SECRET_ACCESS_KEY=expired-secret-example",
        "AWS_SESSION_TOKEN=expired-session-token-example"},
       3,
       {"ExpiredToken", "refreshed"}},
  };
  // The same must hold for a project that is parked: its state is not touched.
  ASSERT_EQ(Manager({"stop", "--force"}).exit_code, 0);
  std::string parked = Slurp(state_path());
  int tried = 0;
  for (const auto& c : cases) {
    std::string why = Check(c);
    EXPECT_TRUE(why.empty()) << c.name << ": " << why;
    BadInput with_state = c;
    with_state.state = parked;
    with_state.args.back() = "--force";
    if (with_state.args[with_state.args.size() - 2] == "stop")
      with_state.args[with_state.args.size() - 2] = "start";
    why = Check(with_state);
    EXPECT_TRUE(why.empty()) << c.name << " (start, parked state): " << why;
    tried += 2;
  }
  std::cout << "[ bad input] " << tried << " configuration/environment runs\n";
}

// A key allowed everything but kinesis:UpdateShardCount: stop parks the
// rest, exits 3 naming the action and keeps every original; start with full
// rights then restores the estate exactly.
TEST_F(BadInputTest, AccessDeniedMidwayKeepsEveryOriginalAndStartRestores) {
  json before = Estate();
  std::vector<std::string> partial = {"AWS_ACCESS_KEY_ID=AKIANOKINESISWRITE",
                                      "AWS_SECRET_ACCESS_KEY=no-kinesis-write"};
  CliResult stop = Manager({"stop", "--force"}, partial);
  EXPECT_EQ(stop.exit_code, 3) << stop.out << stop.err;
  EXPECT_NE((stop.out + stop.err).find("kinesis:UpdateShardCount"), std::string::npos)
      << stop.out << stop.err;
  auto calls = MutatingCalls();
  EXPECT_EQ(calls["lambda:PutFunctionConcurrency"], 2);
  EXPECT_EQ(calls["sagemaker:DeleteEndpoint"], 1);
  json state = json::parse(Slurp(state_path()));
  bool stream_kept = false;
  for (const auto& r : state.at("resources"))
    if (r.at("name") == "user-journey-analytics-user-events")
      stream_kept = r.at("original").at("shard_count") == 2;
  EXPECT_TRUE(stream_kept) << state.dump();
  CliResult start = Manager({"start", "--force"});
  EXPECT_EQ(start.exit_code, 0) << start.out << start.err;
  json after = Estate();
  EXPECT_TRUE(after == before) << json::diff(before, after).dump();
}

// Running as root, chmod does not stop writes: the case is skipped then.
// Endless or huge inputs (/dev/zero, a 1 GB sparse file) are refused at
// their size limit, counted while reading, with one line and exit 2: not read
// into memory until the run dies of std::bad_alloc.
TEST_F(BadInputTest, EndlessOrHugeInputFilesAreRefusedAtTheirLimit) {
  auto started = std::chrono::steady_clock::now();
  CliResult zero = Manager({"plan", "stop", "--resources", "/dev/zero"});
  auto took = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(zero.exit_code, 2) << zero.out << zero.err;
  auto lines = NonEmptyLines(zero.out + zero.err);
  ASSERT_EQ(lines.size(), 1u) << zero.out << zero.err;
  EXPECT_NE(lines[0].find("/dev/zero is larger than 64 MiB; "), std::string::npos) << lines[0];
  EXPECT_LT(took, std::chrono::seconds(20));

  std::string sparse = state_path();
  WriteFile(sparse, "");
  ASSERT_EQ(::truncate(sparse.c_str(), off_t{1} << 30), 0);
  CliResult state = Manager({"start", "--force"});
  std::filesystem::remove(sparse);
  EXPECT_EQ(state.exit_code, 2) << state.out << state.err;
  lines = NonEmptyLines(state.out + state.err);
  ASSERT_EQ(lines.size(), 1u) << state.out << state.err;
  EXPECT_NE(lines[0].find(sparse + " is larger than 64 MiB; "), std::string::npos) << lines[0];

  std::string conf = dir_ + "/huge.conf";
  WriteFile(conf, "");
  ASSERT_EQ(::truncate(conf.c_str(), off_t{2} << 20), 0);
  CliResult config =
      RunProcess(ManagerArgv(endpoint(), state_path(), {"status"}, conf), ManagerEnv(dir_));
  EXPECT_EQ(config.exit_code, 2) << config.out << config.err;
  EXPECT_NE(config.err.find(conf + " is larger than 1 MiB; "), std::string::npos) << config.err;

  CliResult aws_config = Manager({"status"}, {"AWS_CONFIG_FILE=/dev/zero"});
  EXPECT_EQ(aws_config.exit_code, 2) << aws_config.out << aws_config.err;
  EXPECT_NE(aws_config.err.find("/dev/zero is larger than 1 MiB; "), std::string::npos)
      << aws_config.err;
  EXPECT_EQ(server_->Calls().value("mutating", -1), 0);
}

TEST_F(BadInputTest, ReadOnlyStateDirectoryIsRefusedBeforeAnyCall) {
  std::string ro = dir_ + "/ro";
  std::filesystem::create_directory(ro);
  ::chmod(ro.c_str(), 0500);
  if (::access(ro.c_str(), W_OK) == 0) {
    ::chmod(ro.c_str(), 0700);
    GTEST_SKIP() << "running as root: a 0500 folder is still writable";
  }
  CliResult r = RunProcess(ManagerArgv(endpoint(), ro + "/state.json", {"stop", "--force"}),
                           ManagerEnv(dir_));
  ::chmod(ro.c_str(), 0700);
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find(ro), std::string::npos) << r.err;
  EXPECT_EQ(server_->Calls().value("mutating", -1), 0);
  EXPECT_FALSE(std::filesystem::exists(ro + "/state.json"));
}

}  // namespace
}  // namespace arm::testing
