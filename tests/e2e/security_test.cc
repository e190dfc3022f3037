// Security promises checked on a whole stop/start run: files private whatever
// the umask, no secret anywhere, no subprocess, TLS verification fixed.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "tests/e2e/child_process.h"
#include "tests/e2e/manager_fixture.h"
#include "tests/testing/testing.h"

namespace arm::testing {
namespace {

namespace fs = std::filesystem;

constexpr char kSecurityAccessKey[] = "ASIASECURITYSCANEXAMPLE";
constexpr char kSecretKey[] = "scan-secret-key-do-not-leak-6f1c";
constexpr char kSessionToken[] = "scan-session-token-do-not-leak-93ad";

class SecurityTest : public ManagerFixture {
 protected:
  // The session token the estate's credentials carry.
  virtual const char* session_token() const { return kSessionToken; }
  sandbox::ServerOptions Options() override {
    auto o = ManagerFixture::Options();
    o.estate["credentials"].push_back({{"access_key_id", kSecurityAccessKey},
                                       {"secret_access_key", kSecretKey},
                                       {"session_token", session_token()},
                                       {"account_id", "000000000000"}});
    return o;
  }
};

// stop and start with trace logging and umask 000, the state in a folder the
// run creates, working directory = the test folder (so reports and logs land
// there). Every file and folder the run wrote must be private, and neither
// they nor the output may contain the secret key or the session token.
TEST_F(SecurityTest, FullRunWritesPrivateFilesAndLeaksNoSecretWhateverTheUmask) {
  std::string work = dir_ + "/work";
  fs::create_directory(work);
  ::chmod(work.c_str(), 0755);
  std::string state = work + "/private/state/state.json";
  std::vector<std::string> env = {std::string("AWS_ACCESS_KEY_ID=") + kSecurityAccessKey,
                                  std::string("AWS_SECRET_ACCESS_KEY=") + kSecretKey,
                                  std::string("AWS_SESSION_TOKEN=") + kSessionToken};
  mode_t old_umask = ::umask(0);
  std::string output;
  for (const char* command : {"stop", "start"}) {
    ChildProcess p;
    p.Start(ManagerArgv(endpoint(), state, {"--log-level", "trace", command, "--force"}),
            ManagerEnv(dir_, env), dir_ + "/" + command, work);
    ChildExit e = p.Wait();
    EXPECT_EQ(e.exit_code, 0) << command << e.out << e.err;
    output += e.out + e.err;
  }
  ::umask(old_umask);
  EXPECT_NE(output.find("debug: "), std::string::npos) << "trace logging wrote nothing";
  for (const char* secret : {kSecretKey, kSessionToken})
    EXPECT_EQ(output.find(secret), std::string::npos) << "output holds " << secret;

  int files = 0, dirs = 0;
  for (const auto& entry : fs::recursive_directory_iterator(work)) {
    struct stat st {};
    ASSERT_EQ(::lstat(entry.path().c_str(), &st), 0);
    std::string path = entry.path().string();
    if (S_ISDIR(st.st_mode)) {
      ++dirs;
      EXPECT_EQ(st.st_mode & 0777, 0700u) << path;
    } else {
      ++files;
      EXPECT_EQ(st.st_mode & 0077, 0u) << path << " mode " << std::oct << (st.st_mode & 0777);
      std::string text = Slurp(path);
      for (const char* secret : {kSecretKey, kSessionToken})
        EXPECT_EQ(text.find(secret), std::string::npos) << path << " holds " << secret;
    }
  }
  EXPECT_GE(files, 2) << "expected at least the state file and its backup";
  EXPECT_GE(dirs, 2);
  std::cout << "[ security ] " << files << " files and " << dirs << " folders checked\n";
}

std::vector<std::string> SecretEnv(const std::string& extra = "") {
  std::vector<std::string> env = {std::string("AWS_ACCESS_KEY_ID=") + kSecurityAccessKey,
                                  std::string("AWS_SECRET_ACCESS_KEY=") + kSecretKey,
                                  std::string("AWS_SESSION_TOKEN=") + kSessionToken};
  if (!extra.empty()) env.push_back(extra);
  return env;
}

// AWS's InvalidSignatureException quotes the canonical request, session
// token included; the sandbox's echo-signature fault does so, and adds the
// request's Authorization header. One Lambda's park is answered so: that
// resource fails, and neither the output, the log, the report nor
// the SNS message carries the token, the Credential or the Signature.
TEST_F(SecurityTest, ASecretEchoedInAServerErrorReachesNoOutput) {
  constexpr char kTopic[] = "arn:aws:sns:us-east-1:000000000000:user-journey-analytics-ops";
  auto rule =
      sandbox::ParseFaultRule("lambda:PutFunctionConcurrency@intervention-executor=echo-signature");
  ASSERT_TRUE(rule.ok());
  server_->SetFaultRules({*rule});
  auto stop = Manager({"stop", "--force"}, SecretEnv(std::string("SNS_TOPIC_ARN=") + kTopic));
  server_->SetFaultRules({});
  // A signature error is a credentials error: exit 3, the others parked.
  EXPECT_EQ(stop.exit_code, 3) << stop.out << stop.err;
  EXPECT_GE(server_->Calls().at("faults").value("echo-signature", 0), 1);

  std::vector<std::pair<std::string, std::string>> texts = {{"stdout", stop.out},
                                                            {"stderr", stop.err}};
  for (const auto& entry : fs::recursive_directory_iterator(dir_))
    if (entry.is_regular_file())
      texts.emplace_back(entry.path().string(), Slurp(entry.path().string()));
  std::string messages;
  const nlohmann::json state = State();  // kept alive: the loop walks into it
  for (const auto& t : state.at("services").at("sns").at("topics"))
    if (t.value("TopicArn", "") == kTopic) messages = t.at("Messages").dump();
  EXPECT_FALSE(messages.empty() || messages == "[]") << "no SNS message";
  texts.emplace_back("SNS", messages);

  // The echo arrived, and was redacted where it was kept.
  EXPECT_NE((stop.out + stop.err).find("x-amz-security-token:[redacted]"), std::string::npos)
      << stop.out << stop.err;
  const std::regex signature(R"(Signature=[0-9a-f]{8})");
  for (const auto& [where, text] : texts) {
    EXPECT_EQ(text.find(kSessionToken), std::string::npos) << where;
    EXPECT_EQ(text.find(kSecretKey), std::string::npos) << where;
    EXPECT_EQ(text.find(std::string("Credential=") + kSecurityAccessKey), std::string::npos)
        << where;
    EXPECT_FALSE(std::regex_search(text, signature)) << where << "\n" << text;
  }
}

// The same with a token that holds "+", "/" and "=": a hostile server echoes
// it as the client encoded it (percent-encoded in upper- and lower-case hex,
// JSON-escaped), with no marker before it. No form reaches any output.
constexpr char kEncodableToken[] = "FQoGZXIvYXdzE+abc/def==SESSIONTOKENXYZ";

class SecurityEncodedTokenTest : public SecurityTest {
 protected:
  const char* session_token() const override { return kEncodableToken; }
};

TEST_F(SecurityEncodedTokenTest, AnEncodedSecretEchoedByAServerReachesNoOutput) {
  constexpr char kTopic[] = "arn:aws:sns:us-east-1:000000000000:user-journey-analytics-ops";
  auto rule =
      sandbox::ParseFaultRule("lambda:PutFunctionConcurrency@intervention-executor=echo-encoded");
  ASSERT_TRUE(rule.ok());
  server_->SetFaultRules({*rule});
  auto stop = Manager({"stop", "--force"}, {std::string("AWS_ACCESS_KEY_ID=") + kSecurityAccessKey,
                                            std::string("AWS_SECRET_ACCESS_KEY=") + kSecretKey,
                                            std::string("AWS_SESSION_TOKEN=") + kEncodableToken,
                                            std::string("SNS_TOPIC_ARN=") + kTopic});
  server_->SetFaultRules({});
  EXPECT_EQ(stop.exit_code, 3) << stop.out << stop.err;
  EXPECT_GE(server_->Calls().at("faults").value("echo-encoded", 0), 1);

  std::vector<std::pair<std::string, std::string>> texts = {{"stdout", stop.out},
                                                            {"stderr", stop.err}};
  for (const auto& entry : fs::recursive_directory_iterator(dir_))
    if (entry.is_regular_file())
      texts.emplace_back(entry.path().string(), Slurp(entry.path().string()));
  std::string messages;
  const nlohmann::json state = State();
  for (const auto& t : state.at("services").at("sns").at("topics"))
    if (t.value("TopicArn", "") == kTopic) messages = t.at("Messages").dump();
  EXPECT_FALSE(messages.empty() || messages == "[]") << "no SNS message";
  texts.emplace_back("SNS", messages);

  // The echo arrived, each form redacted.
  EXPECT_NE((stop.out + stop.err)
                .find("The request as received: [redacted] [redacted] "
                      "[redacted]"),
            std::string::npos)
      << stop.out << stop.err;
  for (const auto& [where, text] : texts)
    for (const char* form :
         {"FQoGZXIvYXdzE+abc/def", "FQoGZXIvYXdzE%2Babc%2Fdef", "FQoGZXIvYXdzE%2babc%2fdef",
          "FQoGZXIvYXdzE+abc\\/def", "SESSIONTOKENXYZ"})
      EXPECT_EQ(text.find(form), std::string::npos) << where << " holds " << form << "\n" << text;
}

// A state file another user planted in a sticky shared folder (1777, allowed
// as /tmp is) would decide what start changes: here a forged reserved
// concurrency of 300. It is refused (exit 2, one line naming the file, its
// owner and the fix) before any change.
TEST_F(SecurityTest, AStateFileOfAnotherUserIsRefusedBeforeAnyChange) {
  auto stop = Manager({"stop", "--force"}, SecretEnv());
  ASSERT_EQ(stop.exit_code, 0) << stop.out << stop.err;
  nlohmann::json forged = nlohmann::json::parse(Slurp(state_path()));
  for (auto& r : forged.at("resources"))
    if (r.at("type") == "lambda-function") r["original"]["reserved_concurrency"] = 300;

  std::string shared = dir_ + "/shared";
  ASSERT_EQ(::mkdir(shared.c_str(), 0700), 0);
  ASSERT_EQ(::chmod(shared.c_str(), 01777), 0);
  std::string planted = shared + "/state.json";
  { std::ofstream(planted) << forged.dump(2); }
  if (::chown(planted.c_str(), 65534, 65534) != 0)
    GTEST_SKIP() << "cannot give a file to uid 65534 (not root)";
  auto before = MutatingCalls();
  auto start =
      RunProcess(ManagerArgv(endpoint(), planted, {"start", "--force", "--only", "lambda"}),
                 ManagerEnv(dir_, SecretEnv()));
  EXPECT_EQ(start.exit_code, 2) << start.out << start.err;
  std::string line;
  for (std::stringstream ss(start.out + start.err); std::getline(ss, line);)
    if (line.find("uid 65534") != std::string::npos) break;
  EXPECT_NE(line.find(planted + ": it belongs to uid 65534"), std::string::npos)
      << start.out << start.err;
  EXPECT_NE(line.find("remove it"), std::string::npos) << line;
  EXPECT_EQ(MutatingCalls(), before);
  EXPECT_FALSE(fs::exists(planted + ".bak"));
}

// Another user's state folder, a log folder others can write to, a symlink
// at the lock: each refused before anything is done (exit 2, one line that
// says why and what to do), the file the link points to untouched.
TEST_F(SecurityTest, UnsafeStateOrLogFolderAndPlantedLockAreRefused) {
  std::string victim = dir_ + "/victim";
  { std::ofstream(victim) << "victim's file\n"; }
  std::string link = state_path() + ".lock";
  ASSERT_EQ(::symlink(victim.c_str(), link.c_str()), 0);
  auto planted = Manager({"stop", "--force"}, SecretEnv());
  EXPECT_EQ(planted.exit_code, 2) << planted.out << planted.err;
  EXPECT_NE(planted.err.find("symbolic link; remove it"), std::string::npos) << planted.err;
  EXPECT_EQ(Slurp(victim), "victim's file\n");
  EXPECT_TRUE(MutatingCalls().empty());
  ::unlink(link.c_str());

  std::string logs = dir_ + "/open-logs";
  ASSERT_EQ(::mkdir(logs.c_str(), 0777), 0);
  ASSERT_EQ(::chmod(logs.c_str(), 0777), 0);
  auto open_logs = Manager({"stop", "--force"}, SecretEnv("LOG_DIR=" + logs));
  EXPECT_EQ(open_logs.exit_code, 2) << open_logs.out << open_logs.err;
  EXPECT_NE(open_logs.err.find("chmod go-w"), std::string::npos) << open_logs.err;
  EXPECT_TRUE(fs::is_empty(logs));

  std::string theirs = dir_ + "/theirs";
  ASSERT_EQ(::mkdir(theirs.c_str(), 0700), 0);
  if (::chown(theirs.c_str(), 65534, 65534) != 0)
    GTEST_SKIP() << "cannot give a folder to uid 65534 (not root)";
  auto foreign = RunProcess(ManagerArgv(endpoint(), theirs + "/state.json", {"stop", "--force"}),
                            ManagerEnv(dir_, SecretEnv()));
  EXPECT_EQ(foreign.exit_code, 2) << foreign.out << foreign.err;
  EXPECT_NE(foreign.err.find("belongs to uid 65534"), std::string::npos) << foreign.err;
  EXPECT_TRUE(fs::is_empty(theirs));
  EXPECT_TRUE(MutatingCalls().empty());
}

// The product never runs a shell or another program, except the configured
// credential_process through core/process.cc (the ProcessRunner seam).
TEST(SourceScanTest, NoSubprocessOutsideTheProcessSeam) {
  const std::regex call(
      R"((^|[^A-Za-z0-9_.>])(system|popen|fork|vfork|execl|execlp|execle|execv|execvp|execvpe|execve|posix_spawn|posix_spawnp)\s*\()");
  int scanned = 0;
  std::string hits;
  for (const auto& entry : fs::recursive_directory_iterator(SourceDir() + "/src")) {
    std::string path = entry.path().string();
    std::string name = entry.path().filename().string();
    if (!entry.is_regular_file() || (!path.ends_with(".cc") && !path.ends_with(".h"))) continue;
    if (name.ends_with("_test.cc") || path.ends_with("/core/process.cc")) continue;
    ++scanned;
    std::stringstream ss(Slurp(path));
    int n = 0;
    for (std::string line; std::getline(ss, line);) {
      ++n;
      std::string code = line.substr(0, line.find("//"));
      if (std::regex_search(code, call))
        hits += path + ":" + std::to_string(n) + ": " + line + "\n";
    }
  }
  EXPECT_GT(scanned, 50);
  EXPECT_TRUE(hits.empty()) << hits;
}

// Nothing in the product can switch TLS verification off: no libcurl
// verification setting is ever 0, and no environment variable is read
// outside the Environment seam (main.cc, the composition root, reads only
// NO_COLOR).
TEST(SourceScanTest, TlsVerificationIsNeverTurnedOffAndNoEnvironmentIsReadDirectly) {
  const std::regex off(R"(CURLOPT_(PROXY_)?SSL_VERIFY\w*\s*,\s*(0|false))");
  const std::regex getenv_call(R"((^|[^A-Za-z0-9_])(getenv|secure_getenv)\s*\()");
  std::string hits;
  for (const auto& entry : fs::recursive_directory_iterator(SourceDir() + "/src")) {
    std::string path = entry.path().string();
    if (!entry.is_regular_file() || (!path.ends_with(".cc") && !path.ends_with(".h"))) continue;
    if (path.ends_with("_test.cc")) continue;
    std::stringstream ss(Slurp(path));
    int n = 0;
    for (std::string line; std::getline(ss, line);) {
      ++n;
      std::string code = line.substr(0, line.find("//"));
      if (std::regex_search(code, off)) hits += path + ":" + std::to_string(n) + ": " + line + "\n";
      if (std::regex_search(code, getenv_call) && !path.ends_with("/core/environment.cc") &&
          !(path.ends_with("/cli/main.cc") && code.find("\"NO_COLOR\"") != std::string::npos))
        hits += path + ":" + std::to_string(n) + ": " + line + "\n";
    }
  }
  EXPECT_TRUE(hits.empty()) << hits;
}

}  // namespace
}  // namespace arm::testing
